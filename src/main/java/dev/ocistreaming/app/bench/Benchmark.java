package dev.ocistreaming.app.bench;

import dev.ocistreaming.camel.OciStreamingConfiguration;
import dev.ocistreaming.local.FsyncPolicy;
import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code java -jar camel-oci-streaming-app.jar bench [--quick]}: the component against hand-written SDK loops and
 * one request per message (as the tutorial's Python demo), on one embedded server in a temporary data directory, and the server's own
 * capacity and heap in a JVM of its own, and its Kafka face beside an Apache Kafka broker. Prints the machine, the settings and one table; progress goes to
 * {@code progress}.
 */
public final class Benchmark {

    private final BenchScale scale;
    private final FsyncPolicy fsync;
    private final PrintStream out;
    private final Report report;

    /** The groups of rows; a rerun can measure some of them only. */
    public enum Figures {
        PRODUCER,
        CONSUMER,
        LATENCY,
        DATABASE,
        SERVER,
        /** The local server's Kafka face beside an Apache Kafka broker (needs the broker that {@code mvn package} copies). */
        KAFKA
    }

    private final Set<Figures> figures;

    /**
     * @param fsync the servers' fsync policy ({@code local-server.fsync})
     * @param figures the rows to measure
     */
    public Benchmark(BenchScale scale, FsyncPolicy fsync, Set<Figures> figures, PrintStream out, PrintStream progress) {
        this.scale = scale;
        this.figures = Set.copyOf(figures);
        this.fsync = fsync;
        this.out = out;
        this.report = new Report(progress);
    }

    /** @return the number of targets missed (the figures are printed either way) */
    public int run() throws Exception {
        // Only the table matters here: the component's and server's INFO lines would bury it. The levels are put back
        // after, for a caller in the same JVM (a test) whose own log lines matter.
        Map<String, Level> before = new LinkedHashMap<>();
        for (String quiet : List.of("dev.ocistreaming", "org.apache.camel", "org.apache.kafka")) {
            before.put(quiet, LogManager.getLogger(quiet).getLevel());
            Configurator.setLevel(quiet, Level.WARN);
        }
        try {
            return runQuietly();
        } finally {
            Configurator.setLevel(before);
        }
    }

    private int runQuietly() throws Exception {
        long start = System.nanoTime();
        Path dir = Files.createTempDirectory("oci-bench");
        // the run writes gigabytes there: Ctrl+C must not leave them behind
        Thread cleanup = new Thread(() -> deleteQuietly(dir), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            if (figures.contains(Figures.PRODUCER)
                    || figures.contains(Figures.CONSUMER)
                    || figures.contains(Figures.LATENCY)) {
                embedded(dir);
            }
            if (figures.contains(Figures.DATABASE)) {
                try (ServerChild server = ServerChild.start(dir.resolve("database"), fsync);
                        BenchEnv env = new BenchEnv(server.url())) {
                    new DatabaseFigures(env, server::cpuNanos, scale, report).run();
                }
            }
            if (figures.contains(Figures.SERVER)) {
                new ServerFigures(dir.resolve("server"), fsync, scale, report).run();
            }
            if (figures.contains(Figures.KAFKA)) {
                new KafkaFigures(dir.resolve("kafka"), fsync, scale, report).run();
            }
        } finally {
            delete(dir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        printHeader(dir, (System.nanoTime() - start) / 1e9);
        report.print(out);
        out.flush();
        return report.missedTargets();
    }

    /** Figures 1-3: the component against SDK loops, on a server embedded in this JVM. */
    private void embedded(Path dir) throws Exception {
        try (LocalStreamingServer server = LocalStreamingServer.start(ServerConfig.builder()
                        .port(0)
                        .dataDir(dir.resolve("embedded"))
                        .fsyncPolicy(fsync)
                        .build());
                BenchEnv env = new BenchEnv(server.url())) {
            if (figures.contains(Figures.PRODUCER)) {
                new ProducerFigures(env, scale, report).run();
            }
            if (figures.contains(Figures.CONSUMER)) {
                new ConsumerFigures(env, scale, report).run();
            }
            if (figures.contains(Figures.LATENCY)) {
                new LatencyFigures(env, scale, report).run();
            }
        }
    }

    private void printHeader(Path dir, double seconds) {
        Runtime rt = Runtime.getRuntime();
        OciStreamingConfiguration defaults = new OciStreamingConfiguration();
        String policy = fsync.name().toLowerCase(Locale.ROOT)
                + (fsync == ServerConfig.builder().build().fsyncPolicy() ? " (the default)" : " (not the default)");
        out.printf(
                Locale.ROOT,
                "Machine: %d cores%s, %s %s (%s), max heap %s, %s %s%n",
                rt.availableProcessors(),
                cpuModel(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments().isEmpty()
                        ? "no JVM options"
                        : String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                Stats.mib(rt.maxMemory()),
                System.getProperty("os.name"),
                System.getProperty("os.arch"));
        out.printf(
                Locale.ROOT,
                "Server: embedded in this JVM for figures 1-3, in a JVM of its own for the database bridges (with a PostgreSQL"
                        + " of their own) and the server figures; temporary data directory %s (deleted); fsync=%s; throttling off (the default)%n",
                dir,
                policy);
        out.printf(
                Locale.ROOT,
                "Run: %s, %.0f s. Producer cases: %d warm-up + %d measured rounds of %.1f s each,"
                        + " medians, rounds interleaved. Consumer: %d drain(s) of the backlog per case after a warm-up"
                        + " drain of a tenth. Latency: %d pipelines of each kind at 1 msg/s for %.0f s, one at 1 000 msgs/s"
                        + " for %.0f s, after %.0f s of warm-up each. Server: %d + %d rounds of %.1f s, then a fill to %s.%n",
                scale.name(),
                seconds,
                scale.warmups(),
                scale.rounds(),
                scale.producerRun().toMillis() / 1e3,
                scale.consumerRounds(),
                scale.slowPipelines(),
                scale.slowLatencyRun().toMillis() / 1e3,
                scale.fastLatencyRun().toMillis() / 1e3,
                scale.latencyWarmup().toMillis() / 1e3,
                scale.warmups(),
                scale.rounds(),
                scale.serverRun().toMillis() / 1e3,
                Stats.mib(scale.storedBytes()));
        if (figures.contains(Figures.KAFKA)) {
            out.print(KafkaFigures.settings(fsync, scale));
        }
        out.printf(
                Locale.ROOT,
                "Camel: " + BenchEnv.CAMEL_DEFAULTS
                        + ". Component defaults: maxInFlight=%d, maxBatchCount=%d, maxBatchBytes=%d,"
                        + " maxMessagesPerPoll=%d, minPollIntervalMs=%d, maxIdlePollIntervalMs=%d. SDK clients: no retries,"
                        + " no circuit breaker. Async senders keep one request's worth of exchanges in flight each (1000 of"
                        + " 100 B, 100 of 10 KiB). MB = 10^6 bytes of values.%n%n",
                defaults.getMaxInFlight(),
                defaults.getMaxBatchCount(),
                defaults.getMaxBatchBytes(),
                defaults.getMaxMessagesPerPoll(),
                defaults.getMinPollIntervalMs(),
                defaults.getMaxIdlePollIntervalMs());
    }

    /** @return ", <model name>" from /proc/cpuinfo, or nothing where there is none */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> ", " + l.substring(l.indexOf(':') + 1).trim())
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (Files.exists(dir)) {
                delete(dir);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
