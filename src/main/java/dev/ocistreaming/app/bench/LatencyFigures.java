package dev.ocistreaming.app.bench;

import dev.ocistreaming.camel.OciStreamingConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Figure 3: put to consumer-route-done latency at 1 msg/s and at 1 000 msgs/s, the component with default options
 * against the SDK pipeline. At 1 msg/s several independent pipelines of each kind (one stream and one consumer each)
 * run side by side, which pools enough samples for a p99 in a minute without adding load worth the name.
 */
final class LatencyFigures {

    static final long TARGET_P99_MILLIS = 500;

    private static final long ARRIVAL_TIMEOUT_MILLIS = 5_000;

    private final BenchEnv env;
    private final BenchScale scale;
    private final Report report;
    private final Random phases = new Random(42);
    private int streams;

    LatencyFigures(BenchEnv env, BenchScale scale, Report report) {
        this.env = env;
        this.scale = scale;
        this.report = report;
    }

    void run() throws Exception {
        int limit = new OciStreamingConfiguration().getMaxMessagesPerPoll();
        long slow = scale.slowLatencyRun().toNanos();
        report.progress(
                "latency at 1 msg/s: %d component and %d SDK pipelines for %.0f s",
                scale.slowPipelines(),
                scale.slowPipelines(),
                scale.slowLatencyRun().toMillis() / 1e3);
        List<long[]> slowResults = measure(
                1,
                slow,
                scale.slowPipelines(),
                List.of(
                        () -> new ComponentPipeline(env, nextStream()),
                        () -> new SdkPipeline(env, nextStream(), limit)));
        rows("latency at 1 msg/s", slowResults.get(0), slowResults.get(1), true);

        long fast = scale.fastLatencyRun().toNanos();
        report.progress(
                "latency at 1 000 msgs/s: component, then SDK, %.0f s each",
                scale.fastLatencyRun().toMillis() / 1e3);
        long[] component = measure(1000, fast, 1, List.of(() -> new ComponentPipeline(env, nextStream())))
                .get(0);
        long[] sdk = measure(1000, fast, 1, List.of(() -> new SdkPipeline(env, nextStream(), limit)))
                .get(0);
        rows("latency at 1 000 msgs/s", component, sdk, false);
    }

    private void rows(String figure, long[] component, long[] sdk, boolean target) {
        String base = "SDK: " + summary(sdk);
        report.row(
                figure,
                "SDK: PutMessages every 10 ms of what is due, group loop polling every 200 ms (" + sdk.length
                        + " samples)",
                summary(sdk),
                "(baseline)",
                "",
                "");
        long p99 = Stats.percentile(component, 99);
        String cell = target
                ? report.target(
                        "p99 latency at 1 msg/s",
                        "p99 <= " + TARGET_P99_MILLIS + " ms",
                        p99 <= TimeUnit.MILLISECONDS.toNanos(TARGET_P99_MILLIS))
                : "";
        report.row(
                figure,
                "component, default options, 1 exchange/msg (" + component.length + " samples)",
                summary(component),
                base,
                Stats.ratio((double) p99 / Stats.percentile(sdk, 99)) + " (p99)",
                cell);
    }

    private static String summary(long[] samples) {
        return "p50 " + Stats.millis(Stats.percentile(samples, 50)) + " ms, p99 "
                + Stats.millis(Stats.percentile(samples, 99)) + " ms, max "
                + Stats.millis(Stats.percentile(samples, 100)) + " ms";
    }

    /**
     * Runs {@code count} pipelines of each kind at once, each from a random phase within its first interval.
     *
     * @return the pooled samples of each kind, in the order of {@code kinds}
     */
    private List<long[]> measure(double perSecond, long runNanos, int count, List<Supplier<LatencyPipeline>> kinds)
            throws Exception {
        List<List<LatencyPipeline>> pipelines = new ArrayList<>();
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        for (Supplier<LatencyPipeline> kind : kinds) {
            List<LatencyPipeline> ofKind = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                LatencyPipeline p = kind.get();
                p.start();
                ofKind.add(p);
            }
            pipelines.add(ofKind);
        }
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long warmupEnd = start + scale.latencyWarmup().toNanos();
        long end = warmupEnd + runNanos;
        List<Thread> senders = new ArrayList<>();
        for (List<LatencyPipeline> ofKind : pipelines) {
            for (LatencyPipeline p : ofKind) {
                long first = start + (long) (phases.nextDouble() * interval);
                Thread t = new Thread(
                        () -> {
                            try {
                                p.drive(perSecond, first, warmupEnd, end);
                            } catch (Exception e) {
                                p.fail(e);
                            }
                        },
                        "bench-latency-sender");
                t.start();
                senders.add(t);
            }
        }
        for (Thread t : senders) {
            t.join();
        }
        List<long[]> results = new ArrayList<>();
        for (List<LatencyPipeline> ofKind : pipelines) {
            List<Long> pooled = new ArrayList<>();
            for (LatencyPipeline p : ofKind) {
                for (long sample : p.awaitSamples(ARRIVAL_TIMEOUT_MILLIS)) {
                    pooled.add(sample);
                }
                p.close();
            }
            results.add(pooled.stream().mapToLong(Long::longValue).toArray());
        }
        return results;
    }

    private String nextStream() {
        return env.createStream("bench-latency-" + ++streams, 1);
    }
}
