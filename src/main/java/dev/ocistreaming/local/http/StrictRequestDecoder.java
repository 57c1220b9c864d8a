package dev.ocistreaming.local.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder with two changes: a request carrying both {@code Content-Length} and
 * {@code Transfer-Encoding} is refused (Netty would drop the length and go on; a proxy in front of us might have
 * chosen the other one, which is how requests are smuggled), and the connection can ask whether part of a next
 * request is already waiting in the decoder (so its header deadline starts at once).
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    StrictRequestDecoder(HttpLimits limits) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                // chunks are passed on as they come: the connection counts the body against its own limit
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true));
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("Content-Length and Transfer-Encoding must not both be present");
    }

    boolean hasBufferedInput() {
        return actualReadableBytes() > 0;
    }
}
