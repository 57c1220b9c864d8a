package dev.ocistreaming.local.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps {@code METHOD /path/{param}/...} patterns to handlers. An unknown path is a JSON 404; a
 * known path with another method is a JSON 405 naming the allowed ones.
 */
public final class Router {

    /** Handles one routed request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request);
    }

    private record Route(String method, String[] segments, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    /** Finds the handler and fills the request's path parameters, or throws the 404/405. */
    Handler resolve(Request request) {
        String[] actual = split(request.rawPath());
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), actual);
            if (params == null) {
                continue;
            }
            if (r.method().equals(request.method())) {
                request.pathParams(params);
                return r.handler();
            }
            allowed.add(r.method());
        }
        if (allowed.isEmpty()) {
            throw new ApiException(404, "NotFound", "No such resource: " + truncate(request.rawPath()));
        }
        throw new MethodNotAllowed(String.join(", ", allowed));
    }

    /** A 405 that also carries the {@code Allow} header value. */
    static final class MethodNotAllowed extends RuntimeException {
        final String allow;

        MethodNotAllowed(String allow) {
            super(null, null, false, false);
            this.allow = allow;
        }
    }

    private static Map<String, String> match(String[] pattern, String[] actual) {
        if (pattern.length != actual.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{")) {
                String value = Request.decode(actual[i], false);
                if (value.isEmpty() || value.length() > 512) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), value);
            } else if (!p.equals(actual[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.split("/", -1);
    }

    static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
