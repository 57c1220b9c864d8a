package dev.ocistreaming.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a handler sees of one HTTP request: method, path parameters, query, headers, and the body, already read in
 * full (within {@code max-request-bytes}) by the network layer before any handler runs.
 */
public final class Request {

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Function<String, String> headers;
    private final byte[] body;
    private final boolean loopbackConnection;
    private final String requestId;
    private Map<String, String> pathParams = Collections.emptyMap();
    private Map<String, String> query;

    /**
     * @param target   the request target as sent: origin form ({@code /path?query}) or absolute form
     *                 ({@code http://host/path?query})
     * @param headers  the first value of a header by case-insensitive name, or null
     */
    public Request(
            String method,
            String target,
            Function<String, String> headers,
            byte[] body,
            boolean loopbackConnection,
            String requestId) {
        this.method = method;
        String originForm = originForm(target);
        int q = originForm.indexOf('?');
        this.rawPath = q < 0 ? originForm : originForm.substring(0, q);
        this.rawQuery = q < 0 ? null : originForm.substring(q + 1);
        this.headers = headers;
        this.body = body;
        this.loopbackConnection = loopbackConnection;
        this.requestId = requestId;
    }

    /** {@code http://host:port/path?q} → {@code /path?q}; any other form is kept (and routes nowhere). */
    private static String originForm(String target) {
        int scheme = target.indexOf("://");
        if (scheme > 0 && !target.startsWith("/")) {
            int path = target.indexOf('/', scheme + 3);
            return path < 0 ? "/" : target.substring(path);
        }
        int fragment = target.indexOf('#');
        return fragment < 0 ? target : target.substring(0, fragment);
    }

    public String method() {
        return method;
    }

    /** The path as sent, still percent-encoded. */
    public String rawPath() {
        return rawPath;
    }

    /** Path and query as sent (the signature's {@code (request-target)}). */
    public String rawTarget() {
        return rawPath + (rawQuery == null ? "" : "?" + rawQuery);
    }

    /** The first value of a header (any case), or null. */
    public String header(String name) {
        return headers.apply(name);
    }

    /** Whether the connection came in on a loopback address (the browser guard's DNS-rebinding check). */
    public boolean loopbackConnection() {
        return loopbackConnection;
    }

    /** This request's {@code opc-request-id}: the client's (if sane) followed by ours. */
    public String requestId() {
        return requestId;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    /** A decoded path parameter (the router guarantees it exists). */
    public String path(String name) {
        return pathParams.get(name);
    }

    /** A decoded query parameter, or null. Repeated parameters are a 400. */
    public String query(String name) {
        if (query == null) {
            query = parseQuery(rawQuery);
        }
        return query.get(name);
    }

    public String requiredQuery(String name) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            throw ApiException.missing(name);
        }
        return v;
    }

    /** An optional whole-number query parameter within [min, max]. */
    public Integer intQuery(String name, int min, int max) {
        String v = query(name);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.invalid("Invalid " + name + ": expected a whole number from " + min + " to " + max);
    }

    /** The request body (empty when there was none). */
    public byte[] body() {
        return body;
    }

    public JsonNode jsonObject() {
        return Json.parseObject(body);
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        if (raw.length() > 16384) {
            throw ApiException.invalid("Query string too long");
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            if (m.put(k, v) != null) {
                throw ApiException.invalid("Query parameter " + k + " is repeated");
            }
        }
        return m;
    }

    /** Percent-decodes; {@code +} means space only in a query (form encoding), never in a path. */
    static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        try {
            return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Malformed percent-encoding in the request URL");
        }
    }
}
