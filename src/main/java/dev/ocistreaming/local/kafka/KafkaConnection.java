package dev.ocistreaming.local.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka connection. Requests are handled one at a time and answered in order, as a Kafka
 * broker does (clients match answers by order as well as by correlation id); the handling runs on
 * a worker pool so disk writes and fsyncs never block the event loop. Queue state is touched only
 * on the channel's event loop.
 */
final class KafkaConnection extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);

    private final KafkaApis apis;
    private final Executor worker;
    private final ArrayDeque<ByteBuffer> queued = new ArrayDeque<>();
    private Session session;
    private boolean busy;
    private boolean closing;

    KafkaConnection(KafkaApis apis, Executor worker) {
        this.apis = apis;
        this.worker = worker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        session = apis.newSession(ctx.channel().remoteAddress());
        LOG.debug("Kafka connection from {}", ctx.channel().remoteAddress());
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (closing) {
            return;
        }
        // a copy, so the pooled frame is released at once whatever the handling does with the bytes
        queued.add(ByteBuffer.wrap(ByteBufUtil.getBytes(frame)));
        if (queued.size() >= KafkaLimits.MAX_QUEUED_REQUESTS) {
            ctx.channel().config().setAutoRead(false);
        }
        next(ctx);
    }

    private void next(ChannelHandlerContext ctx) {
        if (busy || closing || queued.isEmpty()) {
            return;
        }
        busy = true;
        ByteBuffer frame = queued.poll();
        CompletableFuture.supplyAsync(() -> apis.handle(session, frame), worker)
                .thenCompose(f -> f)
                .whenComplete((reply, error) -> ctx.executor().execute(() -> answered(ctx, reply, error)));
    }

    private void answered(ChannelHandlerContext ctx, KafkaApis.Reply reply, Throwable error) {
        busy = false;
        if (error != null) {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RejectedExecutionException) {
                // the server is stopping: a fetch still waiting for records had nowhere left to run
                LOG.debug("Closing the Kafka connection of {}: the server is stopping", session.describe());
            } else {
                LOG.warn("Closing the Kafka connection of {}: request failed", session.describe(), error);
            }
            close(ctx);
            return;
        }
        if (reply.close()) {
            closing = true;
            queued.clear();
            if (reply.bytes() != null) {
                // the last answer (a failed authentication) goes out before the connection closes
                ctx.writeAndFlush(reply.bytes()).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
            return;
        }
        if (reply.bytes() != null) {
            ctx.writeAndFlush(reply.bytes());
        }
        if (queued.size() < KafkaLimits.MAX_QUEUED_REQUESTS / 2) {
            ctx.channel().config().setAutoRead(true);
        }
        next(ctx);
    }

    private void close(ChannelHandlerContext ctx) {
        closing = true;
        queued.clear();
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            LOG.info(
                    "Closing the Kafka connection of {}: {} (a request is limited to {} bytes)",
                    session == null ? ctx.channel().remoteAddress() : session.describe(),
                    cause.getMessage(),
                    KafkaLimits.MAX_FRAME_BYTES);
        } else {
            LOG.debug("Closing the Kafka connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        close(ctx);
    }
}
