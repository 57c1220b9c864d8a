package dev.ocistreaming.local.http;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the API: runs the filters (signature check, fault injection), routes, and turns every failure into the
 * service's {@code {"code","message"}} shape.
 */
public final class HttpFrontend implements HttpService {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontend.class);

    /** Runs before routing; throws {@link ApiException} to refuse the request. */
    @FunctionalInterface
    public interface Filter {
        void check(Request request);
    }

    private final Router router;
    private final List<Filter> filters;
    private final int maxBodyBytes;

    /** @param maxBodyBytes a body above this is a 400 (the network layer already refused any above max-request-bytes) */
    public HttpFrontend(Router router, List<Filter> filters, int maxBodyBytes) {
        this.router = router;
        this.filters = List.copyOf(filters);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Response serve(Request request) {
        Response response;
        try {
            if (request.body().length > maxBodyBytes) {
                throw ApiException.invalid("Request body is larger than " + maxBodyBytes + " bytes");
            }
            Router.Handler handler = router.resolve(request);
            for (Filter f : filters) {
                f.check(request);
            }
            response = handler.handle(request);
        } catch (ApiException e) {
            response = Response.error(e.status(), e.code(), e.getMessage());
        } catch (Router.MethodNotAllowed e) {
            response = Response.error(
                            405,
                            "MethodNotAllowed",
                            "Method " + request.method() + " is not allowed here; allowed: " + e.allow)
                    .header("Allow", e.allow);
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", request.method(), Router.truncate(request.rawPath()), e);
            response = Response.error(
                    500,
                    "InternalServerError",
                    "Internal error; see the server log for request " + request.requestId());
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "{} {} -> {} ({})",
                    request.method(),
                    Router.truncate(request.rawTarget()),
                    response.status(),
                    request.requestId());
        }
        return response;
    }
}
