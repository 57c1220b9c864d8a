package dev.ocistreaming.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** What a handler sees of one HTTP request: method, path parameters, query, headers, bounded body. */
public final class Request {

    private final HttpExchange exchange;
    private final int maxBodyBytes;
    private Map<String, String> pathParams = Collections.emptyMap();
    private Map<String, String> query;
    private byte[] body;

    Request(HttpExchange exchange, int maxBodyBytes) {
        this.exchange = exchange;
        this.maxBodyBytes = maxBodyBytes;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    /** The path as sent, still percent-encoded. */
    public String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    /** Path and query as sent (the signature's {@code (request-target)}). */
    public String rawTarget() {
        String q = exchange.getRequestURI().getRawQuery();
        return rawPath() + (q == null ? "" : "?" + q);
    }

    public Headers headers() {
        return exchange.getRequestHeaders();
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
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
            query = parseQuery(exchange.getRequestURI().getRawQuery());
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

    /** The request body, read once, at most {@code max-request-bytes}. */
    public byte[] body() {
        if (body == null) {
            body = readBounded();
        }
        return body;
    }

    public JsonNode jsonObject() {
        return Json.parseObject(body());
    }

    private byte[] readBounded() {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > maxBodyBytes) {
                    throw ApiException.invalid("Request body is larger than " + maxBodyBytes + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.invalid("Could not read the request body: " + e.getMessage());
        }
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
        try {
            return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Malformed percent-encoding in the request URL");
        }
    }
}
