package dev.ocistreaming.app.bench;

import java.time.Duration;

/**
 * How long and how big each figure runs.
 *
 * @param name            printed in the settings line
 * @param producerRun     how long one producer case sends (a time box)
 * @param warmups         unreported rounds before the measured ones (JIT)
 * @param rounds          measured rounds; figures are medians over them
 * @param backlog         messages the consumers drain
 * @param consumerRounds  measured drains of the backlog per consumer case
 * @param latencyWarmup   how long the latency pipelines run before samples count
 * @param slowLatencyRun  how long the 1 msg/s pipelines run
 * @param slowPipelines   independent 1 msg/s pipelines of each kind, run side by side to pool samples
 * @param fastLatencyRun  how long the 1 000 msgs/s pipeline of each kind runs
 * @param serverRun       how long one server capacity case runs
 * @param storedBytes     bytes the server must hold on disk at the end of the heap check
 */
public record BenchScale(
        String name,
        Duration producerRun,
        int warmups,
        int rounds,
        int backlog,
        int consumerRounds,
        Duration latencyWarmup,
        Duration slowLatencyRun,
        int slowPipelines,
        Duration fastLatencyRun,
        Duration serverRun,
        long storedBytes) {

    private static final long MIB = 1024L * 1024;

    /** Under a minute on two cores: one short round of everything, a smoke check rather than figures to quote. */
    public static final BenchScale QUICK = new BenchScale(
            "quick",
            Duration.ofMillis(400),
            1,
            1,
            100_000,
            1,
            Duration.ofSeconds(2),
            Duration.ofSeconds(6),
            4,
            Duration.ofSeconds(3),
            Duration.ofMillis(500),
            256 * MIB);

    /** Under ten minutes on two cores: medians of three rounds, the 1 000 000-message backlog, 1 GiB stored. */
    public static final BenchScale FULL = new BenchScale(
            "full",
            Duration.ofMillis(2500),
            1,
            3,
            1_000_000,
            3,
            Duration.ofSeconds(2),
            Duration.ofSeconds(60),
            4,
            Duration.ofSeconds(15),
            Duration.ofSeconds(3),
            1024 * MIB);

    /** The warm-up drain: a tenth of the backlog, enough to compile the consumer paths. */
    int warmupBacklog() {
        return Math.max(1, backlog / 10);
    }
}
