package dev.ocistreaming.local.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** Turns a {@link Response} into the bytes of an HTTP/1.1 answer: JSON unless it says otherwise, always a request id. */
final class Wire {

    private static final String JSON = "application/json";

    private Wire() {}

    /**
     * @param headOnly a HEAD request: the headers of the answer, with the length its body would have, and no body
     */
    static FullHttpResponse encode(Response response, String requestId, boolean keepAlive, boolean headOnly) {
        byte[] body;
        String contentType;
        if (response.bytes() != null) {
            body = response.bytes();
            contentType = response.contentType();
        } else {
            body = response.body() == null ? null : json(response.body());
            contentType = JSON;
        }
        FullHttpResponse out = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                body == null || headOnly ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = out.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.set("opc-request-id", requestId);
        for (Map.Entry<String, String> e : response.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        if (response.status() != 204) {
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        }
        h.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return out;
    }

    private static byte[] json(Object body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the answer as JSON", e);
        }
    }
}
