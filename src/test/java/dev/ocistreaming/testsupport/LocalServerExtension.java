package dev.ocistreaming.testsupport;

import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.Stream.LifecycleState;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.GetStreamRequest;
import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local server for a test, on a free port, in a fresh temporary data directory.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LocalServerExtension SERVER = new LocalServerExtension();   // one server per test class
 *
 * &#64;RegisterExtension
 * final LocalServerExtension server = new LocalServerExtension();          // one server per test method
 * </pre>
 *
 * A {@code static} field starts the server before all tests of the class and stops it after them;
 * an instance field starts a new server (and data directory) for each test. Use
 * {@code new LocalServerExtension(b -> b.cursorTtlMs(2000))} to change settings; host, port and
 * data directory are always set by the extension (the Kafka port too: a free one).
 */
public final class LocalServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final UnaryOperator<ServerConfig.Builder> customizer;
    private boolean perClass;
    private Path dataDir;
    private LocalStreamingServer server;
    private StreamClient streamClient;
    private StreamAdminClient adminClient;

    public LocalServerExtension() {
        this(b -> b);
    }

    public LocalServerExtension(UnaryOperator<ServerConfig.Builder> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void start() throws IOException {
        dataDir = Files.createTempDirectory("oci-local-test");
        startServer(0, 0);
    }

    private void startServer(int port, int kafkaPort) throws IOException {
        ServerConfig.Builder b = customizer.apply(ServerConfig.builder());
        ServerConfig custom = b.build();
        ServerConfig config = b.host("127.0.0.1")
                .port(port)
                .kafka(custom.kafka().withPort(kafkaPort))
                .dataDir(dataDir)
                .build();
        server = LocalStreamingServer.start(config);
    }

    private void stop() {
        closeClients();
        if (server != null) {
            server.close();
            server = null;
        }
        deleteRecursively(dataDir);
    }

    /**
     * Stops the server and starts a new one on the same data directory and ports (same URL and Kafka bootstrap). The
     * extension's clients are closed, because their pooled connections died with the old server:
     * call {@link #streamClient()} / {@link #adminClient()} again afterwards.
     */
    public void restart() throws IOException {
        int port = server.port();
        int kafkaPort = Math.max(0, server.kafkaPort());
        closeClients();
        server.close();
        startServer(port, kafkaPort);
    }

    public LocalStreamingServer server() {
        return server;
    }

    /** The server's base URL, also every stream's messagesEndpoint. */
    public String url() {
        return server.url();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A shared SDK data-plane client (no retries, no circuit breaker); closed by the extension. */
    public StreamClient streamClient() {
        if (streamClient == null) {
            streamClient = SdkClients.streamClient(url());
        }
        return streamClient;
    }

    /** A shared SDK admin client (no retries, no circuit breaker); closed by the extension. */
    public StreamAdminClient adminClient() {
        if (adminClient == null) {
            adminClient = SdkClients.adminClient(url());
        }
        return adminClient;
    }

    /** Creates a stream in {@link SdkClients#COMPARTMENT} and waits until it is ACTIVE. */
    public com.oracle.bmc.streaming.model.Stream createStream(String name, int partitions) {
        StreamAdminClient admin = adminClient();
        String id = admin.createStream(CreateStreamRequest.builder()
                        .createStreamDetails(CreateStreamDetails.builder()
                                .name(name)
                                .partitions(partitions)
                                .compartmentId(SdkClients.COMPARTMENT)
                                .build())
                        .build())
                .getStream()
                .getId();
        // polled briefly rather than with the SDK waiter, whose back-off adds a second or more
        return Awaitility.await("stream " + name + " ACTIVE")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> admin.getStream(
                                        GetStreamRequest.builder().streamId(id).build())
                                .getStream(),
                        s -> s.getLifecycleState() == LifecycleState.Active);
    }

    private void closeClients() {
        if (streamClient != null) {
            streamClient.close();
            streamClient = null;
        }
        if (adminClient != null) {
            adminClient.close();
            adminClient = null;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
