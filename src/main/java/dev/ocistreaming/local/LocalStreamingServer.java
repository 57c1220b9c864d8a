package dev.ocistreaming.local;

import dev.ocistreaming.local.admin.AdminApi;
import dev.ocistreaming.local.admin.DamagedFiles;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.admin.StreamRegistry;
import dev.ocistreaming.local.console.Console;
import dev.ocistreaming.local.console.ConsoleAccess;
import dev.ocistreaming.local.data.DataPlane;
import dev.ocistreaming.local.data.StreamTraffic;
import dev.ocistreaming.local.group.GroupCoordinator;
import dev.ocistreaming.local.http.FaultInjector;
import dev.ocistreaming.local.http.HttpFrontend;
import dev.ocistreaming.local.http.HttpListener;
import dev.ocistreaming.local.http.HttpService;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;
import dev.ocistreaming.local.http.Router;
import dev.ocistreaming.local.kafka.KafkaListener;
import dev.ocistreaming.local.log.LogSettings;
import dev.ocistreaming.local.log.LogStore;
import dev.ocistreaming.local.log.PartitionLog;
import dev.ocistreaming.local.net.EventLoops;
import dev.ocistreaming.local.security.BrowserRequestGuard;
import dev.ocistreaming.local.security.SignatureVerifier;
import java.io.IOException;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    private final ServerConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LogStore logs;
    private final StreamRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final HttpFrontend frontend;
    private final Console console;
    /** Requests and messages per stream of both faces, for the console. */
    private final StreamTraffic traffic;

    private ConsoleAccess consoleAccess;
    private EventLoops loops;
    private HttpListener http;
    /** Set once the port is bound (the console's decision names it); until then requests get a 503. */
    private volatile HttpService service;

    /** Null while the Kafka face is off or not made yet (the console asks for it on each call). */
    private volatile KafkaListener kafka;

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
            DamagedFiles damaged = new DamagedFiles(dataDir, config.clock());
            GroupCoordinator groups = new GroupCoordinator(
                    dataDir.resolve("groups"),
                    config.maxGroupsPerStream(),
                    config.fsyncPolicy() == FsyncPolicy.ALWAYS,
                    damaged);
            StreamTraffic traffic = new StreamTraffic(config.clock());
            this.traffic = traffic;
            this.registry = new StreamRegistry(dataDir.resolve("meta"), openedLogs, config, damaged, id -> {
                groups.dropStream(id);
                traffic.forget(id);
            });
            for (StreamInfo s : registry.streams()) {
                if (!s.deleted()) {
                    groups.load(s.id(), s.partitions());
                }
            }
            Router router = new Router();
            new AdminApi(registry, () -> url, this::kafkaBootstrapServers).register(router);
            new DataPlane(registry, groups, dataDir, damaged, config, traffic).register(router);
            this.console = new Console(registry, groups, traffic, config, () -> url, damaged, () -> kafka);
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
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("oci-local-maintenance"));
    }

    /** Starts a server; a port in use (or a data directory used by another server) is an IOException saying so. */
    public static LocalStreamingServer start(ServerConfig config) throws IOException {
        long t0 = System.nanoTime();
        PartitionLog.checkFormat();
        LocalStreamingServer server = new LocalStreamingServer(config);
        try {
            server.begin(t0);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private HttpListener bind() throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new IOException("Cannot resolve local-server.host " + config.host());
        }
        loops = new EventLoops(config.http().ioThreads());
        HttpListener listener = HttpListener.start(
                loops, address, this::serve, config.http(), config.httpThreads(), config.maxRequestBytes());
        consoleAccess = ConsoleAccess.decide(
                config.console(), address.getAddress(), listener.address().getPort(), config.verifySignatures());
        service = new BrowserRequestGuard(console.handler(consoleAccess, frontend));
        return listener;
    }

    private Response serve(Request request) {
        HttpService s = service;
        return s != null
                ? s.serve(request)
                : Response.error(503, "ServiceUnavailable", "The server is starting")
                        .header("Retry-After", "1");
    }

    private void begin(long t0) throws IOException {
        registry.preload(config.streams(), config.compartmentId());
        http = bind();
        InetAddress bound = http.address().getAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : hostForUrl(bound);
        url = "http://" + host + ":" + http.address().getPort();
        if (config.kafka().enabled()) {
            KafkaListener listener = new KafkaListener(config, registry, traffic, loops.acceptor(), loops.io());
            try {
                listener.start();
            } catch (IOException | RuntimeException e) {
                listener.close();
                throw e;
            }
            // published once bound: the admin API's handler threads read its address for a pool's bootstrapServers
            kafka = listener;
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
                kafka == null ? "off" : kafka.describe(),
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
        return http.address().getPort();
    }

    /** The Kafka face's {@code bootstrap.servers} ({@code host:port}), or null when it is off. */
    public String kafkaBootstrapServers() {
        return kafka == null ? null : kafka.bootstrapServers();
    }

    /**
     * The truststore Kafka clients use when {@code local-server.kafka.tls=true}: {@code <data-dir>/kafka-tls/truststore.p12}
     * (PKCS12, password {@link dev.ocistreaming.local.kafka.KafkaTlsSettings#TRUST_STORE_PASSWORD}); null when the Kafka
     * face is off, plain, or serves a key store of the user's.
     */
    public Path kafkaTrustStore() {
        return kafka == null ? null : kafka.trustStore();
    }

    /** The Kafka face's port, or -1 when it is off. */
    public int kafkaPort() {
        return kafka == null ? -1 : kafka.port();
    }

    public ServerConfig config() {
        return config;
    }

    /** Stops listening, finishes requests in progress, closes connections, then flushes and closes every file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (http != null) {
            // stops accepting and lets handed-over requests finish
            http.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (loops != null) {
            loops.close();
        }
        scheduler.shutdownNow();
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
