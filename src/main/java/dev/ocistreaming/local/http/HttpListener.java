package dev.ocistreaming.local.http;

import dev.ocistreaming.local.net.EventLoops;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The REST face on the server's event loops: the loops parse and write HTTP/1.1; complete requests go to a bounded
 * pool of worker threads that run the {@link HttpService} (disk I/O and fsync happen there, never on a loop). When
 * every worker is busy and {@link HttpLimits#maxQueuedRequests()} requests wait, the next one is answered
 * 503 {@code ServiceUnavailable} with {@code Retry-After: 1} at once.
 */
public final class HttpListener implements AutoCloseable {

    /** What every connection of this listener shares. */
    record Settings(HttpLimits limits, int maxBodyBytes, ExecutorService workers, HttpService service) {
        int maxQueued() {
            return limits.maxQueuedRequests();
        }
    }

    private final Channel channel;
    private final ChannelGroup connections;
    private final ThreadPoolExecutor workers;

    private HttpListener(Channel channel, ChannelGroup connections, ThreadPoolExecutor workers) {
        this.channel = channel;
        this.connections = connections;
        this.workers = workers;
    }

    /**
     * @param workerThreads handler threads ({@code local-server.http-threads})
     * @param maxBodyBytes  largest body read ({@code local-server.max-request-bytes}); a larger one is a 413
     */
    public static HttpListener start(
            EventLoops loops,
            InetSocketAddress address,
            HttpService service,
            HttpLimits limits,
            int workerThreads,
            int maxBodyBytes)
            throws IOException {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(
                workerThreads,
                workerThreads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.maxQueuedRequests()),
                daemonThreads("oci-local-http"),
                new ThreadPoolExecutor.AbortPolicy());
        Settings settings = new Settings(limits, maxBodyBytes, workers, service);
        // open connections, so that close() can end them all (a closed channel leaves the group by itself)
        ChannelGroup open = new DefaultChannelGroup("oci-local-http", GlobalEventExecutor.INSTANCE);
        try {
            Channel channel = loops.bind(address, new Connections(settings, open), "local-server.port");
            return new HttpListener(channel, open, workers);
        } catch (IOException | RuntimeException e) {
            workers.shutdownNow();
            throw e;
        }
    }

    /** Builds each accepted connection's pipeline. */
    private static final class Connections extends ChannelInitializer<SocketChannel> {
        private final Settings settings;
        private final ChannelGroup open;

        Connections(Settings settings, ChannelGroup open) {
            this.settings = settings;
            this.open = open;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            open.add(ch);
            StrictRequestDecoder decoder = new StrictRequestDecoder(settings.limits());
            HttpConnection connection = new HttpConnection(settings, decoder);
            ch.pipeline()
                    .addLast("first-byte", connection.new FirstByteWatch())
                    .addLast("decoder", decoder)
                    .addLast("encoder", new HttpResponseEncoder())
                    .addLast("connection", connection);
        }
    }

    /** The address actually bound (the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Stops accepting and closes every connection, then lets requests already handed to workers finish (5 s at most;
     * their answers have nowhere to go, but what they write to the log is complete).
     */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
