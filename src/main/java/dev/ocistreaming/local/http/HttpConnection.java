package dev.ocistreaming.local.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection, on its event loop: puts each request together within its deadlines and size limits,
 * hands the complete request to a worker thread, writes the answer, and keeps the connection for the next request
 * (or closes it). While a request is being served the connection reads nothing more, so one connection holds at most
 * one request in the worker queue. Every refusal is the service's JSON error shape; after a refusal of the request
 * itself (malformed, too large, too slow) the connection is closed, because where the next request starts is no
 * longer known.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);
    private static final byte[] NO_BODY = new byte[0];

    /** Where the connection is; each phase but SERVING has a deadline. */
    private enum Phase {
        /** Between requests: the idle timeout runs. */
        IDLE,
        /** A request has begun, its headers are not complete: the header timeout runs. */
        HEADERS,
        /** Headers done, body arriving: the body timeout runs. */
        BODY,
        /** A worker is answering; reading is paused. */
        SERVING,
        /** Refused or failed: the last answer is being written, then the connection closes. */
        CLOSING
    }

    private final HttpListener.Settings settings;
    private final StrictRequestDecoder decoder;
    /** What the decoder produced while a request was being served (pipelining): replayed afterwards. */
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private Phase phase = Phase.IDLE;
    private ScheduledFuture<?> deadline;
    private HttpRequest head;
    private String requestId;
    private boolean keepAlive;
    private ByteBuf body;
    /** Bytes came in while a request was being served: the next request has begun. */
    private boolean earlyBytes;

    HttpConnection(HttpListener.Settings settings, StrictRequestDecoder decoder) {
        this.settings = settings;
        this.decoder = decoder;
    }

    /** Sits before the decoder: notices the first byte of a request, when the header deadline starts. */
    final class FirstByteWatch extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            if (phase == Phase.IDLE) {
                phase = Phase.HEADERS;
                arm(settings.limits().headerTimeoutMs());
            } else if (phase == Phase.SERVING) {
                earlyBytes = true;
            }
            c.fireChannelRead(msg);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(settings.limits().idleTimeoutMs());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.SERVING) {
            pipelined.add(msg);
        } else if (phase == Phase.CLOSING) {
            ReferenceCountUtil.release(msg);
        } else {
            handle(msg);
        }
    }

    private void handle(Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                begin(request);
            }
            if (msg instanceof HttpContent content && phase == Phase.BODY) {
                append(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuseMalformed(request.decoderResult().cause());
            return;
        }
        head = request;
        requestId = RequestIds.next(request.headers().get("opc-request-id"));
        keepAlive = HttpUtil.isKeepAlive(request);
        phase = Phase.BODY;
        arm(settings.limits().bodyTimeoutMs());
        HttpVersion version = request.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            refuse(Response.error(
                    400, "CannotParseRequest", "Only HTTP/1.1 and HTTP/1.0 are spoken here, not " + version.text()));
            return;
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            refuse(Response.error(405, "MethodNotAllowed", "CONNECT is not supported: this is not a proxy"));
            return;
        }
        long length = HttpUtil.getContentLength(request, -1L);
        if (length > settings.maxBodyBytes()) {
            refuse(tooLarge());
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private void append(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            refuseMalformed(content.decoderResult().cause());
            return;
        }
        ByteBuf bytes = content.content();
        if (bytes.isReadable()) {
            int size = (body == null ? 0 : body.readableBytes()) + bytes.readableBytes();
            if (size > settings.maxBodyBytes() || size < 0) {
                refuse(tooLarge());
                return;
            }
            if (body == null) {
                body = newBody(bytes.readableBytes());
            }
            body.writeBytes(bytes);
        }
        if (content instanceof LastHttpContent) {
            dispatch();
        }
    }

    /**
     * A plain growable array (not Netty's pool: a pool would keep its arenas in the heap for good). When the length is
     * declared, it is the most the array grows to, so the finished body is that array, not a copy.
     */
    private ByteBuf newBody(int first) {
        long declared = HttpUtil.getContentLength(head, -1L);
        int max = declared >= 0 ? (int) declared : settings.maxBodyBytes();
        return Unpooled.buffer(Math.min(Math.max(first, 8192), max), max);
    }

    private static byte[] bytesOf(ByteBuf body) {
        if (body.hasArray()
                && body.arrayOffset() == 0
                && body.readerIndex() == 0
                && body.array().length == body.readableBytes()) {
            return body.array();
        }
        return ByteBufUtil.getBytes(body);
    }

    /** The request is complete: off the event loop to a worker. */
    private void dispatch() {
        cancelDeadline();
        phase = Phase.SERVING;
        ctx.channel().config().setAutoRead(false);
        byte[] bytes = body == null ? NO_BODY : bytesOf(body);
        releaseBody();
        HttpHeaders headers = head.headers();
        boolean headOnly = HttpMethod.HEAD.equals(head.method());
        Request request =
                new Request(head.method().name(), head.uri(), headers::get, bytes, loopbackConnection(), requestId);
        head = null;
        String id = requestId;
        requestId = null; // a refusal of the next request must not carry this one's id
        boolean alive = keepAlive;
        try {
            settings.workers().execute(() -> serve(request, id, alive, headOnly));
        } catch (RejectedExecutionException busy) {
            LOG.debug("Every handler thread is busy and {} requests wait: answering 503", settings.maxQueued());
            respond(
                    Response.error(
                                    503,
                                    "ServiceUnavailable",
                                    "The server is busy: " + settings.maxQueued()
                                            + " requests are already waiting for a handler thread; retry shortly")
                            .header("Retry-After", "1"),
                    id,
                    alive,
                    headOnly);
        }
    }

    /** On a worker thread. */
    private void serve(Request request, String id, boolean alive, boolean headOnly) {
        Response response;
        try {
            response = settings.service().serve(request);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a library missing from the class path; answered, so the caller does not wait for ever
            LOG.error("Request {} {} failed", request.method(), Router.truncate(request.rawPath()), e);
            response =
                    Response.error(500, "InternalServerError", "Internal error; see the server log for request " + id);
        }
        respond(response, id, alive, headOnly);
    }

    /** Any thread: the write is queued on the connection's event loop, and so is what follows it. */
    private void respond(Response response, String id, boolean alive, boolean headOnly) {
        ChannelFuture written;
        try {
            written = ctx.writeAndFlush(Wire.encode(response, id, alive, headOnly));
        } catch (RuntimeException e) {
            LOG.error("Answer to request {} could not be written", id, e);
            written = ctx.writeAndFlush(
                    Wire.encode(Response.error(500, "InternalServerError", "Internal error"), id, false, headOnly));
            alive = false;
        }
        boolean reuse = alive;
        written.addListener(f -> afterAnswer(f.isSuccess() && reuse));
    }

    /** On the event loop, once an answer is written. */
    private void afterAnswer(boolean reuse) {
        if (!reuse || !ctx.channel().isActive()) {
            close();
            return;
        }
        phase = Phase.IDLE;
        // part of a next request may already have come: its header deadline runs from now
        if (earlyBytes || decoder.hasBufferedInput()) {
            earlyBytes = false;
            phase = Phase.HEADERS;
            arm(settings.limits().headerTimeoutMs());
        } else {
            arm(settings.limits().idleTimeoutMs());
        }
        while (!pipelined.isEmpty() && phase != Phase.SERVING && phase != Phase.CLOSING) {
            Object next = pipelined.poll();
            if (phase == Phase.IDLE) {
                phase = Phase.HEADERS;
            }
            handle(next);
        }
        if (phase != Phase.SERVING && phase != Phase.CLOSING) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void refuseMalformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            refuse(Response.error(
                    414,
                    "URITooLong",
                    "The request line is longer than " + settings.limits().maxRequestLineBytes() + " bytes"));
        } else if (cause instanceof TooLongHttpHeaderException) {
            refuse(Response.error(
                    431,
                    "RequestHeaderFieldsTooLarge",
                    "The request headers are larger than " + settings.limits().maxHeaderBytes() + " bytes"));
        } else if (cause instanceof TooLongFrameException) {
            refuse(tooLarge());
        } else {
            String why = cause == null || cause.getMessage() == null ? "" : ": " + Router.truncate(cause.getMessage());
            refuse(Response.error(400, "CannotParseRequest", "Malformed HTTP request" + why));
        }
    }

    private Response tooLarge() {
        return Response.error(
                413,
                "PayloadTooLarge",
                "Request body is larger than " + settings.maxBodyBytes() + " bytes (local-server.max-request-bytes)");
    }

    /** Answers the request in progress (or the one that could not be read) and closes the connection. */
    private void refuse(Response response) {
        cancelDeadline();
        releaseBody();
        phase = Phase.CLOSING;
        head = null;
        String id = requestId != null ? requestId : RequestIds.next(null);
        LOG.debug("Refused on {}: {} ({})", ctx.channel().remoteAddress(), response.status(), id);
        ctx.writeAndFlush(Wire.encode(response, id, false, false)).addListener(ChannelFutureListener.CLOSE);
    }

    private void arm(long ms) {
        cancelDeadline();
        Phase armedFor = phase;
        deadline = ctx.executor().schedule(() -> expire(armedFor), ms, TimeUnit.MILLISECONDS);
    }

    private void expire(Phase armedFor) {
        if (phase != armedFor || !ctx.channel().isActive()) {
            return;
        }
        switch (phase) {
            case IDLE -> {
                LOG.debug("Closing idle connection {}", ctx.channel().remoteAddress());
                close();
            }
            case HEADERS ->
                refuse(Response.error(
                        408,
                        "RequestTimeout",
                        "The request headers did not arrive within "
                                + settings.limits().headerTimeoutMs() + " ms"));
            case BODY ->
                refuse(Response.error(
                        408,
                        "RequestTimeout",
                        "The request body did not arrive within "
                                + settings.limits().bodyTimeoutMs() + " ms"));
            default -> {
                // SERVING and CLOSING have no deadline of their own
            }
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private boolean loopbackConnection() {
        return ctx.channel().localAddress() instanceof InetSocketAddress a
                && a.getAddress().isLoopbackAddress();
    }

    private void close() {
        phase = Phase.CLOSING;
        cancelDeadline();
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSING;
        cancelDeadline();
        releaseBody();
        while (!pipelined.isEmpty()) {
            ReferenceCountUtil.release(pipelined.poll());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("Connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        close();
    }
}
