package dev.ocistreaming.local;

import com.sun.net.httpserver.HttpServer;
import dev.ocistreaming.local.admin.AdminApi;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.admin.StreamRegistry;
import dev.ocistreaming.local.console.Console;
import dev.ocistreaming.local.console.ConsoleAccess;
import dev.ocistreaming.local.data.DataPlane;
import dev.ocistreaming.local.data.StreamTraffic;
import dev.ocistreaming.local.group.GroupCoordinator;
import dev.ocistreaming.local.http.FaultInjector;
import dev.ocistreaming.local.http.HttpFrontend;
import dev.ocistreaming.local.http.Router;
import dev.ocistreaming.local.kafka.KafkaListener;
import dev.ocistreaming.local.log.LogSettings;
import dev.ocistreaming.local.log.LogStore;
import dev.ocistreaming.local.security.BrowserRequestGuard;
import dev.ocistreaming.local.security.SignatureVerifier;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OCI-Streaming-compatible server on a real HTTP port: the unmodified OCI SDKs and CLI work
 * against {@link #url()}. Embeddable (start it in a test, close it after) and standalone.
 */
public final class LocalStreamingServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStreamingServer.class);

    static {
        // The JDK HttpServer leaves Nagle's algorithm on unless told otherwise; headers and body then
        // go out in two segments and each response waits for a delayed ACK: measured 44 ms per
        // request instead of 1.4 ms on loopback. The property is read once, when the first
        // HttpServer of the JVM is created, so it is set here unless the user set it.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ServerConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LogStore logs;
    private final StreamRegistry registry;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService scheduler;
    private final HttpFrontend frontend;
    private final Console console;
    private ConsoleAccess consoleAccess;
    private HttpServer http;
    // TEMPORARY until the shared Netty network layer is merged: the Kafka face's own event loops.
    // The lead rewires these to the shared acceptor and I/O groups and deletes the shutdown below.
    private EventLoopGroup kafkaAcceptor;
    private EventLoopGroup kafkaIo;
    private KafkaListener kafka;
    private volatile String url;
    private boolean closed;

    private LocalStreamingServer(ServerConfig config) throws IOException {
        this.config = config;
        Path dataDir = Files.createDirectories(config.dataDir());
        this.lockChannel =
                FileChannel.open(dataDir.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("Data directory " + dataDir.toAbsolutePath() + " is in use by another server");
        }
        this.lock = l;
        LogStore openedLogs = null;
        try {
            openedLogs = new LogStore(
                    dataDir.resolve("logs"),
                    new LogSettings(
                            config.fsyncPolicy(),
                            config.segmentBytes(),
                            config.segmentMaxAgeMs(),
                            config.indexIntervalBytes(),
                            config.clock()));
            GroupCoordinator groups = new GroupCoordinator(
                    dataDir.resolve("groups"), config.maxGroupsPerStream(), config.fsyncPolicy() == FsyncPolicy.ALWAYS);
            StreamTraffic traffic = new StreamTraffic();
            this.registry = new StreamRegistry(dataDir.resolve("meta"), openedLogs, config, id -> {
                groups.dropStream(id);
                traffic.forget(id);
            });
            for (StreamInfo s : registry.streams()) {
                if (!s.deleted()) {
                    groups.load(s.id());
                }
            }
            Router router = new Router();
            new AdminApi(registry, () -> url).register(router);
            new DataPlane(registry, groups, dataDir, config, traffic).register(router);
            this.console = new Console(registry, groups, traffic, config, () -> url);
            List<HttpFrontend.Filter> filters = new ArrayList<>();
            if (config.verifySignatures()) {
                filters.add(SignatureVerifier.fromPaths(config.apiKeys(), config.clock()));
            }
            if (config.faultProbability() > 0) {
                filters.add(new FaultInjector(config.faultProbability()));
            }
            this.frontend = new HttpFrontend(router, filters, config.maxRequestBytes());
        } catch (IOException | RuntimeException e) {
            if (openedLogs != null) {
                openedLogs.close();
            }
            release();
            throw e;
        }
        this.logs = openedLogs;
        this.executor = new ThreadPoolExecutor(
                config.httpThreads(),
                config.httpThreads(),
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024),
                daemonThreads("oci-local-http"),
                // when every thread is busy and the queue is full, the acceptor serves: natural backpressure
                new ThreadPoolExecutor.CallerRunsPolicy());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("oci-local-maintenance"));
    }

    /** Starts a server; a port in use (or a data directory used by another server) is an IOException saying so. */
    public static LocalStreamingServer start(ServerConfig config) throws IOException {
        long t0 = System.nanoTime();
        LocalStreamingServer server = new LocalStreamingServer(config);
        try {
            server.begin(t0);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private HttpServer bind() throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new IOException("Cannot resolve local-server.host " + config.host());
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 128);
        } catch (BindException e) {
            throw new IOException("Port " + config.port() + " on " + config.host() + " is already in use", e);
        }
        BrowserRequestGuard guard = new BrowserRequestGuard();
        server.createContext("/", frontend).getFilters().add(guard);
        consoleAccess = ConsoleAccess.decide(
                config.console(), address.getAddress(), server.getAddress().getPort(), config.verifySignatures());
        server.createContext(Console.PATH, console.handler(consoleAccess, frontend))
                .getFilters()
                .add(guard);
        server.setExecutor(executor);
        return server;
    }

    private void begin(long t0) throws IOException {
        registry.preload(config.streams(), config.compartmentId());
        http = bind();
        http.start();
        InetAddress bound = http.getAddress().getAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : hostForUrl(bound);
        url = "http://" + host + ":" + http.getAddress().getPort();
        if (config.kafka().enabled()) {
            kafkaAcceptor = new NioEventLoopGroup(1, daemonThreads("oci-local-kafka-accept")); // TEMPORARY (see field)
            kafkaIo = new NioEventLoopGroup(2, daemonThreads("oci-local-kafka-io")); // TEMPORARY (see field)
            kafka = new KafkaListener(config, registry, kafkaAcceptor, kafkaIo);
            kafka.start();
        }
        scheduler.scheduleWithFixedDelay(
                this::retention,
                config.retentionCheckIntervalMs(),
                config.retentionCheckIntervalMs(),
                TimeUnit.MILLISECONDS);
        if (config.fsyncPolicy() == FsyncPolicy.INTERVAL) {
            scheduler.scheduleWithFixedDelay(
                    logs::flushAll, config.fsyncIntervalMs(), config.fsyncIntervalMs(), TimeUnit.MILLISECONDS);
        }
        boolean loopback = bound.isLoopbackAddress();
        LOG.info(
                "OCI Streaming local server at {}, Kafka {} ({}), data in {}, fsync={}, console {}, started in {} ms",
                url,
                kafka == null ? "off" : "bootstrap " + kafka.bootstrapServers(),
                loopback ? "loopback only" : "listening on " + bound.getHostAddress() + ", reachable from the network",
                config.dataDir().toAbsolutePath(),
                config.fsyncPolicy().name().toLowerCase(java.util.Locale.ROOT),
                consoleAccess.enabled() ? "at " + consoleUrl() : "off",
                (System.nanoTime() - t0) / 1_000_000);
        if (!consoleAccess.enabled()) {
            LOG.info("{}", consoleAccess.reason());
        }
    }

    private static String hostForUrl(InetAddress a) {
        String h = a.getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    private void retention() {
        try {
            registry.enforceRetention();
        } catch (RuntimeException e) {
            LOG.warn("Retention pass failed: {}", e.toString());
        }
    }

    /** Base URL, {@code http://127.0.0.1:<port>}, without a trailing slash; every stream's messagesEndpoint. */
    public String url() {
        return url;
    }

    /** Where the browser console is, or where its 403 page says why it is off ({@link #consoleAccess()}). */
    public String consoleUrl() {
        return url + Console.PATH;
    }

    /** Whether the console is served, and why not. */
    public ConsoleAccess consoleAccess() {
        return consoleAccess;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The Kafka face's {@code bootstrap.servers} ({@code host:port}), or null when it is off. */
    public String kafkaBootstrapServers() {
        return kafka == null ? null : kafka.bootstrapServers();
    }

    /** The Kafka face's port, or -1 when it is off. */
    public int kafkaPort() {
        return kafka == null ? -1 : kafka.port();
    }

    public ServerConfig config() {
        return config;
    }

    /** Stops HTTP, then flushes and closes every file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (http != null) {
            http.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
        if (kafkaAcceptor != null) { // TEMPORARY (see field): the shared groups are closed by their owner
            kafkaAcceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            kafkaIo.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        executor.shutdown();
        scheduler.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logs.close();
        release();
        LOG.info("OCI Streaming local server at {} stopped", url);
    }

    private void release() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("Releasing the data directory lock failed: {}", e.toString());
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
