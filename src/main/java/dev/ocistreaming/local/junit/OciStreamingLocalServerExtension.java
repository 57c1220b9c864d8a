package dev.ocistreaming.local.junit;

import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.local.kafka.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts and stops the local server for {@link OciStreamingLocalServer}; see there. Each server gets its own
 * temporary data directory, deleted when the class (or, without {@code keepData}, the test) ends.
 */
public final class OciStreamingLocalServerExtension
        implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** The component's endpoint, as camel-main and Spring Boot read it from system properties. */
    public static final String ENDPOINT_PROPERTY = "camel.component.oci-streaming.endpoint";
    /** Streams named in a route are looked up in this compartment; the declared streams live there. */
    public static final String COMPARTMENT_PROPERTY = "camel.component.oci-streaming.compartment-id";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(OciStreamingLocalServerExtension.class);
    private static final String SERVER = "server";
    private static final String KEPT_DATA = "keptData";
    private static final int DEFAULT_RETENTION_HOURS = 24;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        OciStreamingLocalServer settings = settings(context);
        if (settings.scope() == OciStreamingLocalServer.Scope.CLASS) {
            start(context, settings, null);
        } else if (settings.keepData()) {
            context.getStore(NAMESPACE).put(KEPT_DATA, new DataDir(Files.createTempDirectory("oci-streaming-test")));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        OciStreamingLocalServer settings = settings(context);
        if (settings.scope() == OciStreamingLocalServer.Scope.TEST) {
            DataDir kept = context.getStore(NAMESPACE).get(KEPT_DATA, DataDir.class);
            start(context, settings, kept == null ? null : kept.path);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStreamingServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningServer running = context.getStore(NAMESPACE).get(SERVER, RunningServer.class);
        if (running == null) {
            throw new ExtensionConfigurationException("No local server runs yet here: with scope TEST it starts before"
                    + " each test, so a @BeforeAll method cannot take it; use scope CLASS or take it in the test");
        }
        return running.server;
    }

    private static OciStreamingLocalServer settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), OciStreamingLocalServer.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "Register the local server with @OciStreamingLocalServer on the test class"));
    }

    /** @param keptDataDir the class's data directory with {@code keepData}; null: a new one, deleted with the server */
    private static void start(ExtensionContext context, OciStreamingLocalServer settings, Path keptDataDir)
            throws IOException {
        DataDir own = keptDataDir == null ? new DataDir(Files.createTempDirectory("oci-streaming-test")) : null;
        ServerConfig.Builder config =
                ServerConfig.builder().host("127.0.0.1").port(0).dataDir(own != null ? own.path : keptDataDir);
        config.kafka(KafkaSettings.defaults()
                .withEnabled(settings.kafka() || settings.kafkaTls())
                .withTls(settings.kafkaTls()));
        for (String stream : settings.streams()) {
            declare(config, stream);
        }
        LocalStreamingServer server;
        try {
            server = LocalStreamingServer.start(config.build());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(own);
            throw e;
        } catch (NoClassDefFoundError e) {
            deleteQuietly(own);
            throw new ExtensionConfigurationException(
                    "The local server's run-time libraries are not on the test classpath (missing " + e.getMessage()
                            + "); add the test dependencies listed in the component's docs/using-the-component.md",
                    e);
        }
        context.getStore(NAMESPACE).put(SERVER, new RunningServer(server, own));
    }

    private static void deleteQuietly(DataDir dir) {
        if (dir != null) {
            try {
                dir.close();
            } catch (IOException | UncheckedIOException e) {
                // the start failure is what the user needs to see
            }
        }
    }

    private static void declare(ServerConfig.Builder config, String stream) {
        int colon = stream.lastIndexOf(':');
        String name = colon < 0 ? stream : stream.substring(0, colon);
        int partitions = 1;
        if (colon >= 0) {
            try {
                partitions = Integer.parseInt(stream.substring(colon + 1));
            } catch (NumberFormatException e) {
                partitions = 0;
            }
        }
        if (name.isBlank() || partitions < 1) {
            throw new ExtensionConfigurationException("@OciStreamingLocalServer streams: '" + stream
                    + "' is not NAME or NAME:PARTITIONS (partitions ≥ 1)");
        }
        config.stream(name, partitions, DEFAULT_RETENTION_HOURS);
    }

    /**
     * The server, the system properties it set and its own data directory (null when kept for the class); closing stops
     * the server, deletes the directory and puts the earlier property values back.
     */
    // CloseableResource for JUnit 5.12 (Spring Boot 3.5's), AutoCloseable for 5.13 on, which closes it once
    @SuppressWarnings("deprecation")
    private static final class RunningServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final LocalStreamingServer server;
        private final DataDir ownDataDir;
        private final Map<String, String> previous = new LinkedHashMap<>();

        RunningServer(LocalStreamingServer server, DataDir ownDataDir) {
            this.server = server;
            this.ownDataDir = ownDataDir;
            set(ENDPOINT_PROPERTY, server.url());
            set(COMPARTMENT_PROPERTY, server.config().compartmentId());
        }

        private void set(String key, String value) {
            previous.put(key, System.getProperty(key));
            System.setProperty(key, value);
        }

        @Override
        public void close() throws IOException {
            server.close();
            if (ownDataDir != null) {
                ownDataDir.close();
            }
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @SuppressWarnings("deprecation")
    private record DataDir(Path path) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws IOException {
            if (!Files.exists(path)) {
                return;
            }
            try (Stream<Path> files = Files.walk(path)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
