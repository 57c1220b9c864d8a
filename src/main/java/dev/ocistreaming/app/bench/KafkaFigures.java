package dev.ocistreaming.app.bench;

import dev.ocistreaming.local.FsyncPolicy;
import dev.ocistreaming.local.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Kafka rows: the local server's Kafka face beside an Apache Kafka broker, each in a JVM of its own, driven by the
 * same kafka-clients producer and consumer with the same settings, in interleaved rounds, at equal durability
 * ({@link EqualDurability}). Producer and consumer throughput, and the CPU each server spends per record.
 */
final class KafkaFigures {

    static final int VALUE_BYTES = 100;
    static final int PARTITIONS = 3;
    /** Our server may spend at most the broker's CPU per record, and must reach this share of its throughput. */
    static final double THROUGHPUT_TARGET = 0.8;

    private static final String WRITE_TOPIC = "bench-kafka-write";
    private static final String READ_TOPIC = "bench-kafka-read";
    private static final String OURS_PRODUCE = "ours produce";
    private static final String BROKER_PRODUCE = "broker produce";
    private static final String OURS_CONSUME = "ours consume";
    private static final String BROKER_CONSUME = "broker consume";

    private final Path dir;
    private final FsyncPolicy fsync;
    private final long fsyncIntervalMs = ServerConfig.builder().build().fsyncIntervalMs();
    private final BenchScale scale;
    private final Report report;

    /** @param dir where both servers keep their data; emptied by the benchmark at the end */
    KafkaFigures(Path dir, FsyncPolicy fsync, BenchScale scale, Report report) {
        this.dir = dir;
        this.fsync = fsync;
        this.scale = scale;
        this.report = report;
    }

    /** The header line: what both sides run with, and how long. */
    static String settings(FsyncPolicy fsync, BenchScale scale) {
        long intervalMs = ServerConfig.builder().build().fsyncIntervalMs();
        return String.format(
                Locale.ROOT,
                "Kafka: the local server's Kafka face and an Apache Kafka broker (one KRaft node, broker and controller"
                        + " together), each in a JVM of its own without JVM options, on loopback; topics of %d"
                        + " partitions created with Admin; values of %d B, no key; one producer and one consumer per"
                        + " server, reused across rounds; %d warm-up + %d measured rounds, interleaved, medians; a"
                        + " producer case sends for %.1f s, then waits for every answer (the time runs until the last); a consumer case"
                        + " reads the whole backlog of %d records from the beginning, assigning itself every partition"
                        + " (no group). Clients: %s. Flush: ours %s; broker %s.%n",
                PARTITIONS,
                VALUE_BYTES,
                scale.warmups(),
                scale.rounds(),
                scale.producerRun().toMillis() / 1e3,
                scale.backlog(),
                KafkaClientSettings.describe(),
                EqualDurability.serverLabel(fsync, intervalMs),
                EqualDurability.brokerLabel(fsync, intervalMs));
    }

    void run() throws Exception {
        Path libraries = KafkaBrokerChild.libraries();
        Optional<String> version = KafkaBrokerChild.version(libraries);
        if (version.isEmpty()) {
            String why = "skipped: no Apache Kafka broker in " + libraries
                    + " (`mvn package` puts it there, next to the runnable jar)";
            report.progress("Kafka rows %s", why);
            report.row("Kafka face vs Apache Kafka broker", why, "", "", "", "");
            return;
        }
        byte[] value = new byte[VALUE_BYTES];
        new Random(7).nextBytes(value);
        report.progress("Kafka: starting the local server and the Apache Kafka %s broker", version.get());
        long startedAt = System.nanoTime();
        // the two JVMs start side by side: each takes seconds, more on a busy machine
        CompletableFuture<ServerChild> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return ServerChild.start(dir.resolve("server"), fsync);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        KafkaBrokerChild broker;
        try {
            broker = KafkaBrokerChild.start(
                    libraries, dir.resolve("broker"), EqualDurability.brokerFlush(fsync, fsyncIntervalMs));
        } catch (Exception e) {
            try {
                starting.join().close();
            } catch (Exception alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        try (broker;
                ServerChild server = started(starting);
                KafkaSide ours = new KafkaSide(server.kafkaBootstrap(), server::cpuNanos);
                KafkaSide theirs = new KafkaSide(broker.bootstrap(), broker::cpuNanos)) {
            report.progress(
                    "Kafka: both started in %.1f s; writing the backlog to read",
                    (System.nanoTime() - startedAt) / 1e9);
            for (KafkaSide side : List.of(ours, theirs)) {
                side.createTopics(PARTITIONS, WRITE_TOPIC, READ_TOPIC);
                side.produce(READ_TOPIC, value, scale.backlog());
            }
            report.progress("Kafka: %d records of %d B on each server to read", scale.backlog(), VALUE_BYTES);
            long box = scale.producerRun().toNanos();
            long backlog = scale.backlog();
            Map<String, List<Rate>> rates = new Rounds()
                    .add(OURS_PRODUCE, () -> ours.produceFor(WRITE_TOPIC, value, box))
                    .add(BROKER_PRODUCE, () -> theirs.produceFor(WRITE_TOPIC, value, box))
                    .add(OURS_CONSUME, () -> cpu(ours, () -> drain(ours, backlog)))
                    .add(BROKER_CONSUME, () -> cpu(theirs, () -> drain(theirs, backlog)))
                    .runAll(report, "kafka", scale.warmups(), scale.rounds());
            String brokerCase = "Apache Kafka " + version.get() + " broker (KRaft, own JVM), "
                    + EqualDurability.brokerLabel(fsync, fsyncIntervalMs);
            String oursCase =
                    "local server's Kafka face (own JVM), " + EqualDurability.serverLabel(fsync, fsyncIntervalMs);
            rows(
                    "Kafka producer " + VALUE_BYTES + " B, " + PARTITIONS + " partitions",
                    oursCase,
                    brokerCase,
                    rates,
                    OURS_PRODUCE,
                    BROKER_PRODUCE);
            rows(
                    "Kafka consumer, " + Stats.count(backlog) + " x " + VALUE_BYTES + " B backlog, " + PARTITIONS
                            + " partitions",
                    oursCase,
                    brokerCase,
                    rates,
                    OURS_CONSUME,
                    BROKER_CONSUME);
        }
    }

    private static ServerChild started(CompletableFuture<ServerChild> starting) throws Exception {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Rate drain(KafkaSide side, long backlog) throws Exception {
        long start = System.nanoTime();
        return Rate.since(side.drain(READ_TOPIC, backlog, VALUE_BYTES), start);
    }

    /** The broker's row (the baseline), then ours against its throughput and against its CPU per record. */
    private void rows(
            String figure,
            String oursCase,
            String brokerCase,
            Map<String, List<Rate>> rates,
            String oursKey,
            String brokerKey) {
        Map<String, Double> perSecond = Rounds.medians(rates, Rate::perSecond);
        Map<String, Double> server = Rounds.medians(rates, Rate::serverMicrosPerMessage);
        Map<String, Double> client = Rounds.medians(rates, Rate::clientMicrosPerMessage);
        double brokerRate = perSecond.get(brokerKey);
        double oursRate = perSecond.get(oursKey);
        double brokerCpu = server.get(brokerKey);
        double oursCpu = server.get(oursKey);
        report.row(
                figure,
                brokerCase,
                result(brokerRate, "broker", brokerCpu, client.get(brokerKey)),
                "(baseline)",
                "",
                "");
        String oursResult = result(oursRate, "server", oursCpu, client.get(oursKey));
        report.row(
                figure,
                oursCase,
                oursResult,
                "broker: " + Stats.count(brokerRate) + " msgs/s",
                Stats.ratio(oursRate / brokerRate),
                report.atLeast(figure + " throughput vs broker", oursRate / brokerRate, THROUGHPUT_TARGET));
        report.row(
                figure,
                oursCase,
                oursResult,
                "broker: " + Stats.micros(brokerCpu) + " CPU/msg",
                Stats.ratio(oursCpu / brokerCpu) + " (CPU)",
                report.target(figure + " server CPU per message vs broker", "≤ broker's", oursCpu <= brokerCpu));
    }

    private static String result(double perSecond, String who, double serverCpu, double clientCpu) {
        return Stats.count(perSecond) + " msgs/s, " + Stats.fixed(perSecond * VALUE_BYTES / 1e6, 1) + " MB/s, " + who
                + " " + Stats.micros(serverCpu) + " CPU/msg, client " + Stats.micros(clientCpu) + " CPU/msg";
    }

    /** Measures the CPU the server under test and this (client) process spent while {@code work} ran. */
    private static Rate cpu(KafkaSide side, Rounds.Case work) throws Exception {
        long server0 = side.serverCpuNanos();
        long client0 = Cpu.processNanos();
        Rate rate = work.run();
        return rate.withCpu(side.serverCpuNanos() - server0, Cpu.processNanos() - client0);
    }
}
