package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.FsyncPolicy;
import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.local.admin.StreamRegistry;
import dev.ocistreaming.local.data.StreamTraffic;
import dev.ocistreaming.local.kafka.group.KafkaGroupCoordinator;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local server's Kafka face: a Netty listener that speaks the Kafka protocol over the same
 * streams, partition logs and durability as the REST API. The event loop groups belong to the
 * caller (shared with the REST face); the worker threads that touch the disk are this listener's.
 */
public final class KafkaListener implements AutoCloseable {

    private final ServerConfig config;
    private final StreamRegistry registry;
    /** Shared with the REST face: produce and fetch count beside PutMessages and GetMessages (the console shows them). */
    private final StreamTraffic traffic;

    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;
    private final ExecutorService worker;
    private final ScheduledExecutorService timer;
    private final KafkaGroupCoordinator groups;
    /** Every open connection, closed with the listener (the event loops may outlive it). */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private volatile KafkaApis apis;
    /** Set before the first connection is accepted when TLS is on; null on a plain port. */
    private volatile KafkaTls tls;

    private Channel channel;
    private String bootstrap;

    public KafkaListener(
            ServerConfig config,
            StreamRegistry registry,
            StreamTraffic traffic,
            EventLoopGroup acceptor,
            EventLoopGroup io)
            throws IOException {
        this.config = config;
        this.registry = registry;
        this.traffic = traffic;
        this.acceptor = acceptor;
        this.io = io;
        this.worker = Executors.newFixedThreadPool(Math.max(4, config.httpThreads()), daemon("oci-local-kafka"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("oci-local-kafka-timer"));
        this.groups = new KafkaGroupCoordinator(
                config.dataDir().resolve("kafka-groups"), config.fsyncPolicy() == FsyncPolicy.ALWAYS, timer);
    }

    /** Binds the port ({@code local-server.kafka.port}) on the REST face's host; IOException if it is taken. */
    public void start() throws IOException {
        KafkaSettings settings = config.kafka();
        InetSocketAddress address = new InetSocketAddress(config.host(), settings.port());
        if (address.isUnresolved()) {
            throw new IOException("Cannot resolve local-server.host " + config.host());
        }
        String compartment = settings.compartmentId() != null ? settings.compartmentId() : config.compartmentId();
        TopicDirectory topics = new TopicDirectory(registry, compartment);
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptor, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true);
        // accepting starts only once the bound port is known, so Metadata can name it
        b.option(ChannelOption.AUTO_READ, false);
        b.childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (settings.tls().enabled()) {
                    KafkaTls t = tls;
                    if (t == null) { // not reachable: accepting starts after TLS is set up; never serve it plain
                        ch.close();
                        return;
                    }
                    t.addTo(ch);
                }
                ch.pipeline()
                        // failFast: the length prefix alone decides, before any byte of the frame is buffered
                        .addLast(new LengthFieldBasedFrameDecoder(KafkaLimits.MAX_FRAME_BYTES, 0, 4, 0, 4, true))
                        .addLast(new KafkaConnection(apis, worker));
                connections.add(ch);
            }
        });
        try {
            channel = b.bind(address).sync().channel();
        } catch (Exception e) {
            if (e instanceof BindException) {
                throw new IOException(
                        "Kafka port " + settings.port() + " on " + config.host() + " is already in use"
                                + " (local-server.kafka.port; 0 picks a free port)",
                        e);
            }
            throw new IOException("Cannot start the Kafka listener on " + address + ": " + e, e);
        }
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        String host = advertisedHost(bound.getAddress());
        MetadataHandler.Advertised advertised = new MetadataHandler.Advertised(host, bound.getPort());
        apis = new KafkaApis(
                topics,
                new MetadataHandler(topics, advertised),
                new ProduceHandler(topics, traffic),
                new FetchHandler(topics, timer, worker, traffic),
                new OffsetsHandler(topics),
                new Authenticator(topics, config.verifySignatures(), settings.authTokens()),
                new GroupHandler(groups, topics, advertised),
                new AdminHandler(topics));
        bootstrap = (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
        if (settings.tls().enabled()) {
            tls = KafkaTls.create(
                    settings.tls(),
                    config.dataDir(),
                    certificateNames(host),
                    config.clock().instant());
        }
        channel.config().setAutoRead(true);
    }

    /** What clients may connect to: localhost by name and address, and the host Metadata tells them. */
    private static List<String> certificateNames(String advertisedHost) {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1"));
        // an IPv6 address may carry its interface (%eth0), which is no part of a certificate's name
        String host = advertisedHost.contains("%")
                ? advertisedHost.substring(0, advertisedHost.indexOf('%'))
                : advertisedHost;
        if (!names.contains(host)) {
            names.add(host);
        }
        return names;
    }

    private static String advertisedHost(InetAddress bound) throws IOException {
        if (bound.isAnyLocalAddress()) {
            // bound to every interface: tell clients a name other machines can resolve
            return InetAddress.getLocalHost().getHostName();
        }
        return bound.getHostAddress();
    }

    /** {@code host:port} for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** For the start line: the bootstrap address and, with TLS, what clients trust. */
    public String describe() {
        KafkaTls t = tls;
        return "bootstrap " + bootstrap + (t == null ? "" : " over TLS (" + t.describe() + ")");
    }

    /** The generated truststore clients use with TLS, or null (TLS off, or the key store is the user's). */
    public Path trustStore() {
        KafkaTls t = tls;
        return t == null ? null : t.trustStore();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Kafka consumer groups and their committed offsets (the console shows them). */
    public KafkaGroupCoordinator groups() {
        return groups;
    }

    /** Stops accepting, closes the connections it made, and stops its workers. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        groups.close();
        timer.shutdownNow();
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
