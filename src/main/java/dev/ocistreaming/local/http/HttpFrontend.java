package dev.ocistreaming.local.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link HttpHandler}: gives every response an {@code opc-request-id} and
 * {@code Content-Type: application/json}, runs the filters (signature check, fault injection),
 * routes, and turns every failure into the service's {@code {"code","message"}} shape.
 */
public final class HttpFrontend implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontend.class);
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9/_.:-]{1,98}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_HEADER_BYTES = 32 * 1024;

    /** Runs before routing; throws {@link ApiException} to refuse the request. */
    @FunctionalInterface
    public interface Filter {
        void check(Request request);
    }

    private final Router router;
    private final List<Filter> filters;
    private final int maxBodyBytes;

    public HttpFrontend(Router router, List<Filter> filters, int maxBodyBytes) {
        this.router = router;
        this.filters = List.copyOf(filters);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = requestId(exchange.getRequestHeaders().getFirst("opc-request-id"));
        Request request = new Request(exchange, maxBodyBytes);
        Response response;
        try {
            checkHeaderSize(exchange);
            Router.Handler handler = router.resolve(request);
            for (Filter f : filters) {
                f.check(request);
            }
            response = handler.handle(request);
        } catch (ApiException e) {
            response = error(e.status(), e.code(), e.getMessage());
        } catch (Router.MethodNotAllowed e) {
            response = error(
                            405,
                            "MethodNotAllowed",
                            "Method " + request.method() + " is not allowed here; allowed: " + e.allow)
                    .header("Allow", e.allow);
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", request.method(), Router.truncate(request.rawPath()), e);
            response = error(500, "InternalServerError", "Internal error; see the server log for request " + requestId);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "{} {} -> {} ({})",
                    request.method(),
                    Router.truncate(request.rawTarget()),
                    response.status(),
                    requestId);
        }
        write(exchange, requestId, response);
    }

    private static void checkHeaderSize(HttpExchange exchange) {
        long total = 0;
        for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
            for (String v : e.getValue()) {
                total += e.getKey().length() + v.length() + 4;
            }
        }
        if (total > MAX_HEADER_BYTES) {
            throw ApiException.invalid("Request headers are larger than " + MAX_HEADER_BYTES + " bytes");
        }
    }

    /**
     * Answers with the service's error shape at once, for checks that run before this handler (the browser guard
     * covers the console's context too), so every refusal carries the same headers as the API's.
     */
    public static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        write(
                exchange,
                requestId(exchange.getRequestHeaders().getFirst("opc-request-id")),
                error(status, code, message));
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status, Map.of("code", code, "message", message == null ? code : message));
    }

    /** The client's id (if sane) followed by ours, like the service's {@code client/server} ids. */
    private static String requestId(String fromClient) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String ours = HexFormat.of().withUpperCase().formatHex(b);
        return fromClient != null && CLIENT_REQUEST_ID.matcher(fromClient).matches() ? fromClient + "/" + ours : ours;
    }

    private static void write(HttpExchange exchange, String requestId, Response response) throws IOException {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "application/json");
            headers.set("opc-request-id", requestId);
            response.headers().forEach(headers::set);
            if (response.body() == null) {
                exchange.sendResponseHeaders(response.status(), -1);
                return;
            }
            byte[] bytes = Json.MAPPER.writeValueAsBytes(response.body());
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
