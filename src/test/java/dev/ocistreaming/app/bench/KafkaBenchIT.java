package dev.ocistreaming.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.local.FsyncPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --figures kafka} at the smallest scale: the local server's Kafka face and an Apache Kafka broker (the
 * one {@code mvn package} puts in target/kafka-broker) both run, every Kafka row is printed well-formed with its flush
 * policy, and both server processes and their data are gone afterwards. The figures themselves are not asserted. The
 * broker's jars stay out of the runnable jar, which is for users.
 */
class KafkaBenchIT {

    private static final String NUMBER = "[0-9][0-9 ]*(\\.[0-9]+)?";
    private static final String RESULT =
            NUMBER + " msgs/s, " + NUMBER + " MB/s, %s " + NUMBER + " us CPU/msg, client " + NUMBER + " us CPU/msg";

    @Test
    void printsTheFaceBesideTheBrokerAtEqualDurabilityAndStopsBoth() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Benchmark(
                        BenchmarkIT.TINY,
                        FsyncPolicy.ALWAYS,
                        EnumSet.of(Benchmark.Figures.KAFKA),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err)
                .run();
        String table = out.toString(StandardCharsets.UTF_8);

        assertThat(table)
                .doesNotContain("skipped")
                .contains("Kafka: ", "acks=all", "enable.idempotence=false", "linger.ms=5", "batch.size=16384")
                .contains("Flush: ours fsync=always", "broker log.flush.interval.messages=1");
        for (String figure :
                List.of("Kafka producer 100 B, 3 partitions", "Kafka consumer, 3 000 x 100 B backlog, 3 partitions")) {
            List<String> rows = table.lines()
                    .filter(l -> l.startsWith("| " + figure + " "))
                    .map(l -> l.replaceAll(" +\\|", " |"))
                    .toList();
            assertThat(rows).as(figure).hasSize(3);
            assertThat(rows.get(0))
                    .containsPattern("\\| Apache Kafka 4\\.[0-9.]+ broker \\(KRaft, own JVM\\), log\\.flush\\.interval"
                            + "\\.messages=1 [^|]*\\| " + String.format(RESULT, "broker") + " \\| \\(baseline\\) \\|");
            assertThat(rows.get(1))
                    .containsPattern("\\| local server's Kafka face \\(own JVM\\), fsync=always [^|]*\\| "
                            + String.format(RESULT, "server") + " \\| broker: " + NUMBER + " msgs/s \\| " + NUMBER
                            + " \\| ≥ 0\\.80: (met|MISSED) \\|");
            assertThat(rows.get(2))
                    .containsPattern("\\| broker: " + NUMBER + " us CPU/msg \\| " + NUMBER
                            + " \\(CPU\\) \\| ≤ broker's: (met|MISSED) \\|");
        }
        assertThat(table).containsPattern("Targets: \\d+ of 4 met|Targets: all 4 met");

        // both servers stopped, their data deleted
        assertThat(ProcessHandle.current()
                        .descendants()
                        .filter(ProcessHandle::isAlive)
                        .map(p -> p.info().commandLine().orElse(""))
                        .filter(c -> c.contains("kafka.Kafka") || c.contains(ServerProcess.class.getName())))
                .isEmpty();
        Matcher dir =
                Pattern.compile("temporary data directory (\\S+) \\(deleted\\)").matcher(table);
        assertThat(dir.find()).isTrue();
        assertThat(Files.exists(Path.of(dir.group(1)))).isFalse();
    }

    @Test
    void theBrokerSitsNextToTheRunnableJarNotInIt() throws Exception {
        Path libraries = KafkaBrokerChild.libraries();
        assertThat(KafkaBrokerChild.version(libraries)).isPresent();
        Path jar = libraries.resolveSibling("camel-oci-streaming-app.jar");
        try (JarFile runnable = new JarFile(jar.toFile())) {
            assertThat(runnable.getEntry("dev/ocistreaming/app/Launcher.class")).isNotNull();
            // kafka-clients is inside (the Kafka face and the bench's clients); the broker and Scala are not
            assertThat(runnable.getEntry("org/apache/kafka/clients/producer/KafkaProducer.class"))
                    .isNotNull();
            assertThat(runnable.stream()
                            .map(JarEntry::getName)
                            .filter(n -> n.startsWith("kafka/server/")
                                    || n.equals("kafka/Kafka.class")
                                    || n.startsWith("scala/")
                                    || n.startsWith("org/apache/kafka/raft/")
                                    || n.startsWith("org/apache/kafka/storage/"))
                            .toList())
                    .isEmpty();
        }
    }
}
