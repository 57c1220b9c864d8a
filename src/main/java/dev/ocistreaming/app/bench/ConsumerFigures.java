package dev.ocistreaming.app.bench;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.requests.ConsumerCommitRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.camel.OciStreamingConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Figure 2: the component's group consumer draining a backlog across 3 partitions, against a hand-written SDK group
 * loop with the same {@code limit} and the same commit (ConsumerCommit after each batch), once paced like the
 * component to the service's 5 GetMessages per second per partition per group, once unpaced.
 */
final class ConsumerFigures {

    static final int PARTITIONS = 3;
    static final int VALUE_BYTES = 100;

    private static final String PACED = "paced";
    private static final String UNPACED = "unpaced";
    private static final String COMPONENT = "component";
    private static final long DRAIN_TIMEOUT_MINUTES = 10;

    private final BenchEnv env;
    private final BenchScale scale;
    private final Report report;
    private final AtomicInteger groups = new AtomicInteger();
    private final int limit = new OciStreamingConfiguration().getMaxMessagesPerPoll();

    ConsumerFigures(BenchEnv env, BenchScale scale, Report report) {
        this.env = env;
        this.scale = scale;
        this.report = report;
    }

    void run() throws Exception {
        String streamId = env.createStream("bench-backlog", PARTITIONS);
        long t0 = System.nanoTime();
        preload(streamId, scale.backlog());
        report.progress(
                "consumer: backlog of %d messages written in %.1f s", scale.backlog(), (System.nanoTime() - t0) / 1e9);
        StreamClient client = env.newClient();
        // Each drain is a new consumer group reading the backlog from the start; the warm-up reads a tenth of it.
        Rounds warmup = cases(streamId, client, scale.warmupBacklog());
        warmup.run(report, "consumer warm-up", 0, scale.warmups());
        Map<String, List<Rate>> rates =
                cases(streamId, client, scale.backlog()).runAll(report, "consumer", 0, scale.consumerRounds());
        Map<String, Double> m = Rounds.medians(rates, Rate::perSecond);
        Map<String, Double> cpu = Rounds.medians(rates, Rate::clientMicrosPerMessage);
        String figure = "consumer, " + Stats.count(scale.backlog()) + " x " + VALUE_BYTES + " B backlog, " + PARTITIONS
                + " partitions";
        String paced = "SDK loop, paced: " + Stats.count(m.get(PACED)) + " msgs/s";
        String unpaced = "SDK loop, unpaced: " + Stats.count(m.get(UNPACED)) + " msgs/s";
        report.row(
                figure,
                "SDK group loop, limit " + limit + ", commit per batch, >= 200 ms between GetMessages",
                result(m, cpu, PACED),
                "(baseline)",
                "",
                "");
        report.row(
                figure,
                "SDK group loop, limit " + limit + ", commit per batch, unpaced (over the service's 5/s)",
                result(m, cpu, UNPACED),
                "(baseline)",
                "",
                "");
        String component = "component group consumer, defaults (1 instance, maxMessagesPerPoll=" + limit + ")";
        double vsPaced = m.get(COMPONENT) / m.get(PACED);
        report.row(
                figure,
                component,
                result(m, cpu, COMPONENT),
                paced,
                Stats.ratio(vsPaced),
                report.atLeast("consumer vs paced SDK loop", vsPaced, 0.8));
        report.row(
                figure,
                component,
                result(m, cpu, COMPONENT),
                unpaced,
                Stats.ratio(m.get(COMPONENT) / m.get(UNPACED)),
                "");
    }

    /** msgs/s and the CPU this JVM (client and embedded server) spent per message. */
    private static String result(Map<String, Double> m, Map<String, Double> cpu, String key) {
        return Stats.count(m.get(key)) + " msgs/s, " + Stats.micros(cpu.get(key)) + " CPU/msg";
    }

    private Rounds cases(String streamId, StreamClient client, int expected) {
        return new Rounds()
                .add(COMPONENT, () -> component(streamId, expected))
                .add(PACED, () -> sdkLoop(client, streamId, expected, true))
                .add(UNPACED, () -> sdkLoop(client, streamId, expected, false));
    }

    private void preload(String streamId, int messages) throws Exception {
        byte[] value = new byte[VALUE_BYTES];
        new Random(1).nextBytes(value);
        BenchEnv.putCount(List.of(env.newClient(), env.newClient()), streamId, value, 1000, messages);
    }

    /** The route starts after its context, so Camel's own start-up is not timed; group cursor creation is. */
    private Rate component(String streamId, int expected) throws Exception {
        CountDownLatch drained = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        CamelContext context = env.newCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + streamId + "?groupName=" + nextGroup() + "&initialPosition=TRIM_HORIZON")
                        .routeId("drain")
                        .autoStartup(false)
                        .process(e -> {
                            checkValue(e.getIn().getBody(byte[].class));
                            if (received.incrementAndGet() == expected) {
                                drained.countDown();
                            }
                        });
            }
        });
        context.start();
        long start = System.nanoTime();
        context.getRouteController().startRoute("drain");
        if (!drained.await(DRAIN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the component read " + received.get() + " of " + expected + " messages");
        }
        Rate rate = Rate.since(expected, start);
        context.close();
        return rate;
    }

    /**
     * What a careful user writes for at-least-once: a group cursor with commitOnGet=false, GetMessages, process the
     * batch, ConsumerCommit with the batch's cursor; paced, it leaves 200 ms between the starts of two GetMessages.
     */
    private Rate sdkLoop(StreamClient client, String streamId, int expected, boolean paced) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MINUTES.toNanos(DRAIN_TIMEOUT_MINUTES);
        String cursor = BenchEnv.groupCursor(
                client, streamId, nextGroup(), "sdk-loop", CreateGroupCursorDetails.Type.TrimHorizon, false);
        long received = 0;
        long lastGet = start - BenchEnv.SERVICE_MIN_POLL_NANOS;
        while (received < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the SDK loop read " + received + " of " + expected + " messages");
            }
            lastGet = paced ? BenchEnv.paceGetMessages(lastGet) : System.nanoTime();
            GetMessagesResponse response = BenchEnv.getMessages(client, streamId, cursor, limit);
            for (Message m : response.getItems()) {
                checkValue(m.getValue());
                if (++received == expected) {
                    break;
                }
            }
            cursor = response.getOpcNextCursor();
            if (received < expected && !response.getItems().isEmpty()) {
                cursor = client.consumerCommit(ConsumerCommitRequest.builder()
                                .streamId(streamId)
                                .cursor(cursor)
                                .build())
                        .getCursor()
                        .getValue();
            }
        }
        return Rate.since(received, start);
    }

    /** The same work per message on both sides: look at the value. */
    private static void checkValue(byte[] value) {
        if (value == null || value.length != VALUE_BYTES) {
            throw new IllegalStateException("unexpected value of " + (value == null ? "null" : value.length + " B"));
        }
    }

    private String nextGroup() {
        return "bench-" + groups.incrementAndGet();
    }
}
