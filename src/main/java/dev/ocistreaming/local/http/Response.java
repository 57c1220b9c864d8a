package dev.ocistreaming.local.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler's answer: status, extra headers, and either a body written as JSON (the API's) or bytes of a given
 * content type (the console's pages). Every answer also gets an {@code opc-request-id}.
 */
public final class Response {

    private final int status;
    private final Object body;
    private final String contentType;
    private final byte[] bytes;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Response(int status, Object body, String contentType, byte[] bytes) {
        this.status = status;
        this.body = body;
        this.contentType = contentType;
        this.bytes = bytes;
    }

    public static Response ok(Object body) {
        return new Response(200, body, null, null);
    }

    public static Response noContent() {
        return new Response(204, null, null, null);
    }

    public static Response status(int status, Object body) {
        return new Response(status, body, null, null);
    }

    /** Bytes as they are, with their own content type (not JSON). */
    public static Response bytes(int status, String contentType, byte[] bytes) {
        return new Response(status, null, contentType, bytes);
    }

    /** The service's error shape {@code {"code","message"}}. */
    public static Response error(int status, String code, String message) {
        return status(status, Map.of("code", code, "message", message == null ? code : message));
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The object to write as JSON, or null (then {@link #bytes()} or no body). */
    public Object body() {
        return body;
    }

    /** Null for a JSON answer. */
    public String contentType() {
        return contentType;
    }

    /** Null for a JSON answer. */
    public byte[] bytes() {
        return bytes;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
