package dev.ocistreaming.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker in a JVM of its own, for the Kafka rows: one KRaft node (broker and controller together) on
 * loopback, free ports and a directory of its own, formatted with Kafka's storage tool and started with
 * {@code kafka.Kafka}, as Kafka's own scripts do. Its class path is the folder {@code kafka-broker} next to the
 * benchmark's jar, which {@code mvn package} fills; it is never part of the runnable jar.
 */
final class KafkaBrokerChild implements AutoCloseable {

    /** The folder, next to the runnable jar (or the compiled classes), that holds the broker's jars. */
    static final String LIBRARIES = "kafka-broker";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int OUTPUT_TAIL_LINES = 30;

    private final Process process;
    private final Path output;
    private final int port;
    private final Thread killOnExit;

    private KafkaBrokerChild(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
        // a benchmark stopped with Ctrl+C must not leave a broker behind
        this.killOnExit = new Thread(process::destroyForcibly, "bench-kafka-broker-stop");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** @return where the broker's jars are expected: {@code kafka-broker} beside the jar or classes folder of this code */
    static Path libraries() {
        try {
            Path code = Path.of(KafkaBrokerChild.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return code.toAbsolutePath().getParent().resolve(LIBRARIES);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the benchmark's code is", e);
        }
    }

    /** @return the broker's version, from the {@code kafka_<scala>-<version>.jar} in {@code libraries}, if there */
    static Optional<String> version(Path libraries) {
        if (!Files.isDirectory(libraries)) {
            return Optional.empty();
        }
        try (Stream<Path> jars = Files.list(libraries)) {
            return jars.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("kafka_[0-9.]+-.+\\.jar"))
                    .map(n -> n.substring(n.indexOf('-') + 1, n.length() - ".jar".length()))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Formats {@code dir} and starts the broker on it; returns once its client port accepts connections.
     *
     * @param flush the broker's {@code log.flush.*} settings ({@link EqualDurability})
     */
    static KafkaBrokerChild start(Path libraries, Path dir, Map<String, String> flush) throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
        int controllerPort = freePort();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, properties(config(dir.resolve("logs"), port, controllerPort, flush)));
        Path logging = dir.resolve("log4j2.properties");
        Files.writeString(logging, LOGGING);
        String classpath = libraries.resolve("*").toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Path formatOutput = dir.resolve("format.out");
        Process format = new ProcessBuilder(
                        java,
                        "-cp",
                        classpath,
                        "-Dlog4j2.configurationFile=" + logging,
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(formatOutput.toFile())
                .start();
        if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            format.destroyForcibly().waitFor();
            throw new IOException("Kafka's storage tool did not finish within " + START_TIMEOUT.toSeconds() + " s:"
                    + tail(formatOutput));
        }
        if (format.exitValue() != 0) {
            throw new IOException(
                    "Kafka's storage tool failed (exit " + format.exitValue() + "):" + tail(formatOutput));
        }

        Path output = dir.resolve("broker.out");
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        classpath,
                        "-Dlog4j2.configurationFile=" + logging,
                        "kafka.Kafka",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        KafkaBrokerChild broker = new KafkaBrokerChild(process, output, port);
        try {
            broker.awaitListening();
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** The node's settings: one node that is its own controller, nothing replicated, topics created explicitly. */
    static Map<String, String> config(Path logDir, int port, int controllerPort, Map<String, String> flush) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", "1");
        c.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        c.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "PLAINTEXT");
        c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        c.put("log.dirs", logDir.toString());
        // one node: the internal topics cannot have more replicas than that
        c.put("offsets.topic.replication.factor", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("auto.create.topics.enable", "false");
        c.putAll(flush);
        return c;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** @return the broker JVM's CPU time so far (user + system), as {@link ServerChild#cpuNanos()} measures ours */
    long cpuNanos() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(
                        "the Kafka broker stopped at start (exit " + process.exitValue() + "):" + tail(output));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the Kafka broker did not listen on " + bootstrap() + " within "
                            + START_TIMEOUT.toSeconds() + " s:" + tail(output));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the broker as Kafka's stop script does (SIGTERM: a controlled shutdown), forcibly if it takes too long. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String properties(Map<String, String> config) {
        StringBuilder b = new StringBuilder();
        config.forEach((k, v) ->
                b.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return b.toString();
    }

    /** @return the last lines the broker printed, for an error message */
    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last =
                    new ArrayList<>(lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size()));
            return last.isEmpty() ? " (no output)" : "\n  " + String.join("\n  ", last);
        } catch (IOException e) {
            return " (no output: " + e.getMessage() + ")";
        }
    }

    /** Warnings and errors to the output file; INFO would cost the broker CPU that ours does not spend either. */
    private static final String LOGGING = """
            appender.out.type = Console
            appender.out.name = out
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = warn
            rootLogger.appenderRef.out.ref = out
            """;
}
