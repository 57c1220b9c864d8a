package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.PartitionReservation;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.model.UpdateGroupDetails;
import com.oracle.bmc.streaming.requests.GetGroupRequest;
import com.oracle.bmc.streaming.requests.UpdateGroupRequest;
import dev.ocistreaming.camel.consumer.InstanceState;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * commitMode=MANUAL with watermark semantics: commit() acknowledges its message and the earlier ones of its
 * partition, and the component commits only batches that are wholly acknowledged (with every batch before them).
 * The group's committed offsets are read with GetGroup.
 */
class WatermarkCommitIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    private static final String GROUP = "g";
    private static final org.apache.camel.Processor NOTHING = e -> {};

    /** One message as the route saw it, with its manual-commit header and the number of its batch (from 1). */
    record Delivery(String partition, long offset, String body, int batch, OciStreamingManualCommit commit) {}

    @ParameterizedTest(name = "{0} partition(s)")
    @ValueSource(ints = {1, 3})
    void aCommitInTheMiddleOfABatchCommitsNothingUntilTheWholeBatchIsAcknowledged(int partitions) throws Exception {
        Stream stream = streamWith("middle", partitions, 30, 30);
        List<Delivery> got = consume(stream, "&maxMessagesPerPoll=10", NOTHING).got();
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 30);

        List<Delivery> first = inBatch(got, 1);
        Map<String, List<Delivery>> byPartition = byPartition(first);
        assertThat(byPartition).as("the first batch covers every partition").hasSize(partitions);
        List<String> names = new ArrayList<>(byPartition.keySet());
        String lastPartition = names.get(names.size() - 1);
        // every partition but one wholly acknowledged, and that one only up to the middle: nothing is committed
        for (String p : names.subList(0, names.size() - 1)) {
            assertThat(last(byPartition.get(p)).commit().commit()).isFalse();
        }
        List<Delivery> rest = byPartition.get(lastPartition);
        assertThat(rest).hasSizeGreaterThan(1);
        assertThat(rest.get((rest.size() - 1) / 2).commit().commit())
                .as("middle of the batch")
                .isFalse();
        assertThat(committed(stream)).as("nothing committed yet").isEmpty();

        assertThat(last(rest).commit().commit()).as("completes the batch").isTrue();
        assertThat(committed(stream)).as("exactly the first batch").isEqualTo(lastOffsets(first));

        // the same in the second batch: its middle commits nothing more
        List<Delivery> second = inBatch(got, 2);
        assertThat(second.get(second.size() / 2).commit().commit()).isFalse();
        assertThat(committed(stream)).isEqualTo(lastOffsets(first));
        for (List<Delivery> ofPartition : byPartition(got).values()) {
            last(ofPartition).commit().commit();
        }
        assertThat(committed(stream)).as("all").isEqualTo(lastOffsets(got));
    }

    @Test
    void aCommitCoversTheEarlierMessagesOfItsPartitionButNotThoseOfOtherPartitions() throws Exception {
        Stream stream = streamWith("cumulative", 3, 30, 30);
        List<Delivery> got = consume(stream, "", NOTHING).got();
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 30);
        assertThat(got).extracting(Delivery::batch).as("one batch").containsOnly(1);
        Map<String, List<Delivery>> byPartition = byPartition(got);
        assertThat(byPartition).hasSize(3);
        List<String> names = new ArrayList<>(byPartition.keySet());

        // the last message of two partitions: none of their earlier messages was committed on its own
        assertThat(last(byPartition.get(names.get(0))).commit().commit()).isFalse();
        assertThat(last(byPartition.get(names.get(1))).commit().commit()).isFalse();
        assertThat(committed(stream)).as("the third partition is not covered").isEmpty();
        // earlier messages of the third partition do not complete it either
        List<Delivery> third = byPartition.get(names.get(2));
        assertThat(third.get(third.size() - 2).commit().commit()).isFalse();
        assertThat(committed(stream)).isEmpty();

        assertThat(last(third).commit().commit()).isTrue();
        assertThat(committed(stream)).isEqualTo(lastOffsets(got));
        // a commit of an earlier message afterwards is already covered
        assertThat(third.get(0).commit().commit()).isTrue();
        assertThat(committed(stream)).isEqualTo(lastOffsets(got));
    }

    /**
     * The stream-to-file shape: an aggregator per partition (7 messages, or 300 ms on its timeout thread) commits the
     * last message of each group it completes. Stopping the route drops the open groups; after a restart every
     * message was either in a completed group or comes again.
     */
    @Test
    void commitsFromAnAggregatorLoseNothingAcrossARestart() throws Exception {
        Stream stream = streamWith("aggregate", 3, 300, 30);
        Set<String> written = Collections.synchronizedSet(new HashSet<>());
        List<String> committingThreads = new CopyOnWriteArrayList<>();
        RouteBuilder route = new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=" + GROUP
                                + "&instanceName=i&commitMode=MANUAL&maxMessagesPerPoll=20")
                        .aggregate(header(OciStreamingConstants.PARTITION), WatermarkCommitIT::group)
                        .completionSize(7)
                        .completionTimeout(300)
                        .process(e -> {
                            @SuppressWarnings("unchecked")
                            List<String> bodies = e.getIn().getBody(List.class);
                            written.addAll(bodies);
                            committingThreads.add(Thread.currentThread().getName());
                            e.getIn()
                                    .getHeader(OciStreamingConstants.MANUAL_COMMIT, OciStreamingManualCommit.class)
                                    .commit();
                        });
            }
        };
        CamelContext first = startContext(SERVER, route);
        await().atMost(Duration.ofSeconds(20)).until(() -> written.size() >= 100);
        first.stop();
        assertThat(written).as("stopped mid-stream").hasSizeLessThan(300);

        startContext(SERVER, route);
        await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 300);
        assertThat(written).containsExactlyInAnyOrderElementsOf(bodies(300, "m"));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(stream).equals(lastOffsets(stream, 3)));
        assertThat(committingThreads)
                .as("some commits came from the aggregator's timeout thread")
                .anyMatch(name -> !name.contains("OciStreamingConsumer"));
    }

    /** Commits from many threads in any order: the group's position never moves back, and ends at the end. */
    @Test
    void concurrentCommitsInAnyOrderNeverMoveThePositionBack() throws Exception {
        Stream stream = streamWith("concurrent", 3, 300, 30);
        List<Delivery> got = consume(stream, "&maxMessagesPerPoll=20", NOTHING).got();
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 300);

        List<String> backwards = new CopyOnWriteArrayList<>();
        AtomicBoolean checking = new AtomicBoolean(true);
        Thread checker = new Thread(() -> {
            Map<String, Long> seen = new TreeMap<>();
            while (checking.get()) {
                committed(stream).forEach((p, offset) -> {
                    Long before = seen.put(p, offset);
                    if (before != null && offset < before) {
                        backwards.add(p + ": " + before + " -> " + offset);
                    }
                });
            }
        });
        checker.start();
        List<Delivery> shuffled = new ArrayList<>(got);
        Collections.shuffle(shuffled);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            shuffled.forEach(d -> results.add(pool.submit(() -> d.commit().commit())));
            for (Future<Boolean> r : results) {
                r.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            checking.set(false);
            checker.join();
        }
        assertThat(backwards).isEmpty();
        assertThat(committed(stream)).isEqualTo(lastOffsets(got));
    }

    @Test
    void fetchingPausesAtMaxUncommittedMessagesAndResumesAsCommitsCatchUp() throws Exception {
        Stream stream = streamWith("bound", 1, 30, 1);
        Run run = consume(stream, "&maxMessagesPerPoll=5&maxUncommittedMessages=10", NOTHING);
        List<Delivery> got = run.got();
        InstanceState state = instance(run.context());
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> state.phase() == InstanceState.Phase.WAITING_FOR_COMMITS);
        // longer than the group timeout (1.5 s): heartbeats keep the partition
        Thread.sleep(2000);
        assertThat(got).as("no fetch while 10 wait for a commit").hasSize(10);
        assertThat(state.uncommittedMessages()).isEqualTo(10);
        assertThat(reservedBy(stream)).containsEntry("0", "i");
        assertThat(state.lastHeartbeatMillis()).isPositive();

        assertThat(last(got).commit().commit()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 20);
        assertThat(committed(stream)).containsEntry("0", 9L);
        assertThat(last(got).commit().commit()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 30);
        assertThat(last(got).commit().commit()).isTrue();
        assertThat(committed(stream)).containsEntry("0", 29L);
        assertThat(bodies(got)).isEqualTo(bodies(30, "m"));
    }

    @Test
    void stoppingWhileWaitingForCommitsDoesNotWait() throws Exception {
        Stream stream = streamWith("bound-stop", 1, 10, 1);
        Run run = consume(stream, "&maxMessagesPerPoll=5&maxUncommittedMessages=5&heartbeatIntervalMs=60000", NOTHING);
        InstanceState state = instance(run.context());
        await().atMost(Duration.ofSeconds(20)).until(() -> state.phase() == InstanceState.Phase.WAITING_FOR_COMMITS);
        long started = System.nanoTime();
        run.context().stop();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(state.phase()).isEqualTo(InstanceState.Phase.STOPPED);
        assertThat(run.got()).hasSize(5);
        assertThat(committed(stream)).isEmpty();
    }

    /**
     * After an unhandled failure, a cursor re-created because the service went away, or the service going back in a
     * partition (UpdateGroup here), the delivered messages come again; a commit() of an exchange from before commits
     * nothing, one of the new delivery does.
     */
    @ParameterizedTest(name = "after {0}")
    @ValueSource(strings = {"an unhandled failure", "a lost connection", "a reset of the group"})
    void aLateCommitFromADiscardedSessionCommitsNothing(String cause) throws Exception {
        Stream stream = streamWith("late", 1, 10, 1);
        AtomicBoolean failed = new AtomicBoolean(!cause.contains("failure"));
        Run run = consume(stream, "&maxMessagesPerPoll=5", e -> {
            if (e.getIn().getHeader(OciStreamingConstants.OFFSET, Long.class) == 7
                    && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("unhandled");
            }
        });
        List<Delivery> got = run.got();
        CamelContext context = run.context();
        if (cause.contains("connection")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 10);
            SERVER.server().close();
            await().atMost(Duration.ofSeconds(20)).until(() -> instance(context).lastError() != null);
            SERVER.restart();
        }
        if (cause.contains("reset")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 10);
            resetGroup(stream);
        }
        Predicate<Delivery> atFour = d -> d.offset() == 4;
        await().atMost(Duration.ofSeconds(20))
                .until(() -> got.stream().filter(atFour).count() == 2
                        && got.stream().filter(d -> d.offset() == 9).count() >= 1);
        List<Delivery> fours = got.stream().filter(atFour).toList();

        assertThat(fours.get(0).commit().commit())
                .as("late: from the discarded session")
                .isFalse();
        assertThat(committed(stream)).isEmpty();
        assertThat(fours.get(1).commit().commit())
                .as("the same message delivered again")
                .isTrue();
        assertThat(committed(stream)).containsEntry("0", 4L);
    }

    /**
     * UpdateGroup resets the group under the instance: its commit is refused, it says so, and reads again. (The
     * instance polls only every 3 s here, so the commit comes before the service could show the reset in a poll.)
     */
    @Test
    void aRefusedCommitThrowsAndTheMessagesComeAgain() throws Exception {
        Stream stream = streamWith("refused", 1, 5, 1);
        Run run = consume(stream, "&groupTimeoutMs=30000&minPollIntervalMs=3000", NOTHING);
        List<Delivery> got = run.got();
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 5);
        Delivery before = last(got);
        resetGroup(stream);

        Throwable refused = catchThrowable(() -> before.commit().commit());
        assertThat(refused)
                .isInstanceOf(OciStreamingException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("delivered again");
        assertThat(instance(run.context()).reservationsLost()).isPositive();
        assertThat(before.commit().commit())
                .as("the same exchange again: ignored")
                .isFalse();
        // delivered again; the newest delivery of the last message commits
        await().atMost(Duration.ofSeconds(20))
                .until(() -> last(got) != before
                        && last(got).offset() == 4
                        && last(got).commit().commit());
        assertThat(committed(stream)).containsEntry("0", 4L);
    }

    @Test
    void nothingIsCommittedWithoutACompletingCommitNotOnSuspendNorOnStop() throws Exception {
        Stream stream = streamWith("implicit", 1, 5, 1);
        Run run = consume(stream, "", e -> {
            if (e.getIn().getHeader(OciStreamingConstants.OFFSET, Long.class) == 2) {
                e.getIn()
                        .getHeader(OciStreamingConstants.MANUAL_COMMIT, OciStreamingManualCommit.class)
                        .commit();
            }
        });
        List<Delivery> got = run.got();
        CamelContext context = run.context();
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 5);
        String routeId = context.getRoutes().get(0).getRouteId();
        context.getRouteController().suspendRoute(routeId);
        assertThat(committed(stream)).isEmpty();
        context.getRouteController().resumeRoute(routeId);
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 10);
        Thread.sleep(500); // polls after the batch
        context.stop();
        assertThat(committed(stream)).isEmpty();
    }

    /** A new stream holding messages m0, m1..., their keys spread over {@code keys} (so over the partitions). */
    private static Stream streamWith(String name, int partitions, int messages, int keys) {
        Stream stream = SERVER.createStream(uniqueName(name), partitions);
        put(SERVER, stream.getId(), "m", messages, keys);
        return stream;
    }

    /** A started context and what its route received. */
    private record Run(CamelContext context, List<Delivery> got) {}

    /**
     * Starts a MANUAL consumer route (instance i of group g) that records each delivery and then runs {@code then};
     * it commits nothing by itself.
     */
    private Run consume(Stream stream, String options, org.apache.camel.Processor then) throws Exception {
        List<Delivery> got = new CopyOnWriteArrayList<>();
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from(manualUri(stream, options)).process(record(got)).process(then);
            }
        });
        return new Run(context, got);
    }

    private static String manualUri(Stream stream, String options) {
        return "oci-streaming:" + stream.getId() + "?groupName=" + GROUP + "&instanceName=i&commitMode=MANUAL"
                + options;
    }

    /** Records each delivery; a batch starts at CamelBatchIndex 0. Not thread-safe across routes: one per route. */
    private static org.apache.camel.Processor record(List<Delivery> sink) {
        AtomicInteger batches = new AtomicInteger();
        return e -> {
            if (e.getProperty(ExchangePropertyKey.BATCH_INDEX, Integer.class) == 0) {
                batches.incrementAndGet();
            }
            var in = e.getIn();
            sink.add(new Delivery(
                    in.getHeader(OciStreamingConstants.PARTITION, String.class),
                    in.getHeader(OciStreamingConstants.OFFSET, Long.class),
                    in.getBody(String.class),
                    batches.get(),
                    in.getHeader(OciStreamingConstants.MANUAL_COMMIT, OciStreamingManualCommit.class)));
        };
    }

    /** Collects the bodies of one partition's group and keeps the manual-commit header of its newest message. */
    private static Exchange group(Exchange group, Exchange next) {
        String body = next.getIn().getBody(String.class);
        if (group == null) {
            next.getIn().setBody(new ArrayList<>(List.of(body)));
            return next;
        }
        @SuppressWarnings("unchecked")
        List<String> bodies = group.getIn().getBody(List.class);
        bodies.add(body);
        group.getIn()
                .setHeader(
                        OciStreamingConstants.MANUAL_COMMIT,
                        next.getIn().getHeader(OciStreamingConstants.MANUAL_COMMIT));
        return group;
    }

    private static List<Delivery> inBatch(List<Delivery> all, int batch) {
        return all.stream().filter(d -> d.batch() == batch).toList();
    }

    private static Map<String, List<Delivery>> byPartition(List<Delivery> deliveries) {
        return deliveries.stream()
                .collect(Collectors.groupingBy(Delivery::partition, TreeMap::new, Collectors.toList()));
    }

    private static Delivery last(List<Delivery> deliveries) {
        return deliveries.get(deliveries.size() - 1);
    }

    private static List<String> bodies(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::body).toList();
    }

    private static Map<String, Long> lastOffsets(List<Delivery> deliveries) {
        Map<String, Long> last = new TreeMap<>();
        deliveries.forEach(d -> last.merge(d.partition(), d.offset(), Math::max));
        return last;
    }

    /** partition -> last offset stored in the stream, read with the plain SDK. */
    private static Map<String, Long> lastOffsets(Stream stream, int partitions) {
        Map<String, Long> last = new TreeMap<>();
        readAll(SERVER, stream.getId(), partitions)
                .forEach(m -> last.merge(m.getPartition(), m.getOffset(), Math::max));
        return last;
    }

    /** partition -> the group's committed offset, from GetGroup (partitions never committed are absent). */
    private static Map<String, Long> committed(Stream stream) {
        Map<String, Long> committed = new TreeMap<>();
        for (PartitionReservation r : reservations(stream)) {
            if (r.getCommittedOffset() != null) {
                committed.put(r.getPartition(), r.getCommittedOffset());
            }
        }
        return committed;
    }

    /** partition -> the instance whose reservation is live now. */
    private static Map<String, String> reservedBy(Stream stream) {
        Map<String, String> owners = new TreeMap<>();
        long now = System.currentTimeMillis();
        for (PartitionReservation r : reservations(stream)) {
            if (r.getReservedInstance() != null && r.getTimeReservedUntil().getTime() > now) {
                owners.put(r.getPartition(), r.getReservedInstance());
            }
        }
        return owners;
    }

    private static void resetGroup(Stream stream) {
        SERVER.streamClient()
                .updateGroup(UpdateGroupRequest.builder()
                        .streamId(stream.getId())
                        .groupName(GROUP)
                        .updateGroupDetails(UpdateGroupDetails.builder()
                                .type(UpdateGroupDetails.Type.TrimHorizon)
                                .build())
                        .build());
    }

    private static List<PartitionReservation> reservations(Stream stream) {
        var group = SERVER.streamClient()
                .getGroup(GetGroupRequest.builder()
                        .streamId(stream.getId())
                        .groupName(GROUP)
                        .build())
                .getGroup();
        return group.getReservations() == null ? List.of() : group.getReservations();
    }

    private static InstanceState instance(CamelContext context) {
        return ((OciStreamingConsumer) context.getRoutes().get(0).getConsumer())
                .instanceStates()
                .get(0);
    }
}
