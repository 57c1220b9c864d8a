package dev.ocistreaming.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.local.FsyncPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The benchmark program runs end to end at a tiny size and prints every figure but the Kafka rows ({@link KafkaBenchIT});
 * its figures are not asserted.
 */
class BenchmarkIT {

    /** The smallest scale that still runs every case once. */
    static final BenchScale TINY = new BenchScale(
            "tiny",
            Duration.ofMillis(60),
            0,
            1,
            3_000,
            1,
            Duration.ofMillis(200),
            Duration.ofMillis(600),
            1,
            Duration.ofMillis(300),
            Duration.ofMillis(60),
            4L * 1024 * 1024);

    @Test
    void printsTheMachineTheSettingsAndEveryFigureWithItsBaseline() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Benchmark(
                        TINY,
                        FsyncPolicy.ALWAYS,
                        EnumSet.complementOf(EnumSet.of(Benchmark.Figures.KAFKA)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err)
                .run();

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("Machine: ", " cores", "fsync=always (the default)", "Run: tiny");
        assertThat(table)
                .contains(
                        "| producer 100 B ",
                        "| producer 10 KiB ",
                        "SDK loop, 1000 msgs/request, 1 thread",
                        "component, Iterable body of 1000",
                        "8 async senders",
                        "one per request: 1 PutMessages per message");
        assertThat(table)
                .contains(
                        "| consumer, 3 000 x 100 B backlog, 3 partitions",
                        "component group consumer",
                        "SDK group loop");
        assertThat(table).contains("| latency at 1 msg/s ", "| latency at 1 000 msgs/s ", "p99 ");
        assertThat(table).contains("GetMessages limit 10000, group cursor", "heap in use after GC");
        assertThat(table).containsPattern("Targets: \\d+ of \\d+ met|Targets: all \\d+ met");
    }
}
