package dev.ocistreaming.camel.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lanes without a service: a sink that records batches and can be held to simulate a request in flight. */
class RecordAccumulatorTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<PutResult> results = Collections.synchronizedList(new ArrayList<>());
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private static final QueueBudget UNBOUNDED = new QueueBudget(Long.MAX_VALUE, 0);

    private final BatchSink sink = batch -> {
        List<String> values = new ArrayList<>();
        batch.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        batches.add(values);
        hold.await(10, TimeUnit.SECONDS);
        batch.forEach(r -> r.target().complete(r.index(), new PutResult("0", 1L, 0L, null, null)));
    };

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void messagesArrivingWhileARequestIsInFlightLeaveTogetherInTheNextOne() throws Exception {
        hold = new CountDownLatch(1);
        RecordAccumulator acc = new RecordAccumulator(sink, executor, UNBOUNDED, 1, 1_048_576, 1000);
        send(acc, "k", "first");
        await().until(() -> batches.size() == 1);
        for (int i = 0; i < 5; i++) {
            send(acc, "k", "m" + i);
        }
        hold.countDown();
        await().until(() -> results.size() == 6);
        assertThat(batches).containsExactly(List.of("first"), List.of("m0", "m1", "m2", "m3", "m4"));
        await().until(acc::isIdle);
    }

    @Test
    void aBatchStopsAtTheCountAndByteBounds() throws Exception {
        hold = new CountDownLatch(1);
        RecordAccumulator acc = new RecordAccumulator(sink, executor, UNBOUNDED, 1, 10, 3);
        send(acc, null, "x");
        await().until(() -> batches.size() == 1);
        for (String v : List.of("aaaa", "bbbb", "cccc", "d", "e", "f", "g")) {
            send(acc, null, v);
        }
        hold.countDown();
        await().until(() -> results.size() == 8);
        // 10 bytes: "aaaa"+"bbbb" fit, "cccc" does not; then a count of 3.
        assertThat(batches)
                .containsExactly(List.of("x"), List.of("aaaa", "bbbb"), List.of("cccc", "d", "e"), List.of("f", "g"));
    }

    @Test
    void keylessMessagesFillTheNextRequestOfOneLaneBeforeTakingAnother() throws Exception {
        hold = new CountDownLatch(1);
        RecordAccumulator acc = new RecordAccumulator(sink, executor, UNBOUNDED, 4, 1_048_576, 3);
        send(acc, null, "first");
        await().until(() -> batches.size() == 1);
        for (String v : List.of("a", "b", "c", "d")) {
            send(acc, null, v);
        }
        // a, b, c wait behind "first" (its lane's next request holds 3); d finds that full and takes an idle lane
        await().until(() -> batches.size() == 2);
        assertThat(batches.get(1)).containsExactly("d");
        hold.countDown();
        await().until(() -> results.size() == 5);
        assertThat(batches).containsExactly(List.of("first"), List.of("d"), List.of("a", "b", "c"));
        await().until(acc::isIdle);
    }

    @Test
    void oneKeyAlwaysUsesOneLaneSoItsOrderHolds() throws Exception {
        RecordAccumulator acc = new RecordAccumulator(sink, executor, UNBOUNDED, 4, 1_048_576, 1);
        for (int i = 0; i < 50; i++) {
            send(acc, "same-key", String.valueOf(i));
        }
        await().until(() -> results.size() == 50);
        List<String> order = new ArrayList<>();
        batches.forEach(order::addAll);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(order).isEqualTo(expected);
    }

    /**
     * One exchange whose elements carry keys of their own: each key's records go to its lane in order, and each lane
     * takes all of its records in one request (with one lane: the whole exchange in one request).
     */
    @Test
    void anExchangeOfManyKeysSendsEachLanesRecordsInOneRequest() throws Exception {
        RecordAccumulator oneLane = new RecordAccumulator(sink, executor, UNBOUNDED, 1, 1_048_576, 1000);
        sendKeyed(oneLane, "a:1", "b:1", "-:1", "a:2", "c:1", "b:2");
        await().until(() -> results.size() == 6);
        assertThat(batches).containsExactly(List.of("a:1", "b:1", "-:1", "a:2", "c:1", "b:2"));
        await().until(oneLane::isIdle);

        batches.clear();
        results.clear();
        RecordAccumulator fourLanes = new RecordAccumulator(sink, executor, UNBOUNDED, 4, 1_048_576, 1000);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add("key" + (i % 10) + ":" + i);
        }
        sendKeyed(fourLanes, sent.toArray(String[]::new));
        await().until(() -> results.size() == 40);
        assertThat(batches.size()).as("one request per lane used").isBetween(1, 4);
        Set<Integer> lanesUsed = new HashSet<>();
        for (List<String> batch : batches) {
            // the lane a key always takes (by key hash), whether it comes alone or with other keys
            Set<Integer> lanes = new HashSet<>();
            batch.forEach(v -> lanes.add(Math.floorMod(
                    Arrays.hashCode(v.substring(0, v.indexOf(':')).getBytes(StandardCharsets.UTF_8)), 4)));
            assertThat(lanes).as("the keys of one request share a lane").hasSize(1);
            assertThat(lanesUsed.add(lanes.iterator().next()))
                    .as("one request per lane")
                    .isTrue();
            for (String key : List.of("key0", "key1", "key2", "key3", "key4", "key5", "key6", "key7", "key8", "key9")) {
                List<String> ofKey =
                        batch.stream().filter(v -> v.startsWith(key + ":")).toList();
                List<String> expected =
                        sent.stream().filter(v -> v.startsWith(key + ":")).toList();
                assertThat(ofKey)
                        .as("a key's records, all in one request and in order")
                        .isIn(List.of(), expected);
            }
        }
    }

    @Test
    void aFullQueueRefusesAfterTheWaitAndTakesMoreOnceARequestLeaves() throws Exception {
        hold = new CountDownLatch(1);
        RecordAccumulator acc = new RecordAccumulator(sink, executor, new QueueBudget(10, 0), 1, 1_048_576, 1000);
        assertThat(send(acc, null, "in-flight!")).isTrue();
        await().until(() -> batches.size() == 1);
        assertThat(acc.queuedBytes())
                .as("a request in flight is no longer queued")
                .isZero();
        assertThat(send(acc, null, "12345")).isTrue();
        assertThat(send(acc, null, "67890")).isTrue();
        assertThat(acc.queuedBytes()).isEqualTo(10);
        assertThat(send(acc, null, "x")).as("no room, no wait").isFalse();
        hold.countDown();
        await().until(() -> results.size() == 3);
        await().until(acc::isIdle);
        assertThat(acc.queuedBytes()).isZero();
        assertThat(batches).containsExactly(List.of("in-flight!"), List.of("12345", "67890"));
        assertThat(send(acc, null, "one exchange bigger than the whole budget"))
                .as("fits into empty queues")
                .isTrue();
    }

    @Test
    void aSenderWaitsForRoomUpToTheBudgetsWait() throws Exception {
        hold = new CountDownLatch(1);
        RecordAccumulator acc = new RecordAccumulator(sink, executor, new QueueBudget(5, 10_000), 1, 1_048_576, 1000);
        send(acc, "k", "first");
        await().until(() -> batches.size() == 1);
        send(acc, "k", "queue");
        var waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return send(acc, "k", "after");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(waiting).as("blocked while the queue is full").isNotDone();
        hold.countDown();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        await().until(() -> results.size() == 3);
    }

    /** One exchange of records {@code key:value} ({@code -} for no key), each with its own key. */
    private void sendKeyed(RecordAccumulator acc, String... values) throws InterruptedException {
        ExchangeSend target = new ExchangeSend(values.length, results::addAll);
        List<PendingRecord> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String key = values[i].substring(0, values[i].indexOf(':'));
            byte[] k = key.equals("-") ? null : key.getBytes(StandardCharsets.UTF_8);
            records.add(new PendingRecord(k, values[i].getBytes(StandardCharsets.UTF_8), target, i));
        }
        assertThat(acc.append(records)).isTrue();
    }

    private boolean send(RecordAccumulator acc, String key, String value) throws InterruptedException {
        ExchangeSend target = new ExchangeSend(1, results::addAll);
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return acc.append(List.of(new PendingRecord(k, value.getBytes(StandardCharsets.UTF_8), target, 0)));
    }
}
