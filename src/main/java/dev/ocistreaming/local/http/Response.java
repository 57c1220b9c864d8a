package dev.ocistreaming.local.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** A handler's answer: status, optional JSON body, extra headers. */
public final class Response {

    private final int status;
    private final Object body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Response(int status, Object body) {
        this.status = status;
        this.body = body;
    }

    public static Response ok(Object body) {
        return new Response(200, body);
    }

    public static Response noContent() {
        return new Response(204, null);
    }

    public static Response status(int status, Object body) {
        return new Response(status, body);
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Object body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
