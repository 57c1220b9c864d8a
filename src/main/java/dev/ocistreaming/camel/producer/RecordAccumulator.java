package dev.ocistreaming.camel.producer;

import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.camel.OciStreamingConfiguration;
import dev.ocistreaming.camel.client.RetrySchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.camel.util.backoff.BackOff;

/**
 * Spreads records over {@code maxInFlight} lanes: by key hash, so one key always uses one lane and keeps its order.
 * Keyless messages stick to one lane until its next request is full, then move to the next lane (like Kafka's sticky
 * partitioner): concurrent senders then share requests instead of each taking one of its own, and every request costs
 * a signature (about 2 ms of CPU) whatever its size.
 */
public final class RecordAccumulator {

    private final SendLane[] lanes;
    private final QueueBudget budget;
    private final AtomicInteger stickyLane = new AtomicInteger();

    /** An accumulator sending through {@code client} with the bounds and retry settings of {@code c}. */
    public static RecordAccumulator create(
            Supplier<StreamClient> client,
            String streamId,
            OciStreamingConfiguration c,
            ProducerStats stats,
            Executor executor) {
        BatchSender sender = new BatchSender(
                new BatchSender.Settings() {
                    @Override
                    public StreamClient client() {
                        return client.get();
                    }

                    @Override
                    public String streamId() {
                        return streamId;
                    }

                    @Override
                    public BackOff retryBackOff() {
                        return RetrySchedule.doubling(c.getRetryBackoffMs(), c.getMaxRetryBackoffMs())
                                .maxAttempts((long) c.getMaxRetries())
                                .build();
                    }
                },
                stats);
        return new RecordAccumulator(
                sender,
                executor,
                new QueueBudget(c.getMaxQueuedBytes(), c.getMaxBlockMs()),
                c.getMaxInFlight(),
                c.getMaxBatchBytes(),
                c.getMaxBatchCount());
    }

    RecordAccumulator(BatchSink sender, Executor executor, QueueBudget budget, int lanes, int maxBytes, int maxCount) {
        this.budget = budget;
        this.lanes = new SendLane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new SendLane(sender, executor, budget, maxBytes, maxCount);
        }
    }

    /**
     * Queues one exchange's records, once the queues have room for them: each record in the lane of its key, keyless
     * ones together in the sticky lane. Records of one lane keep their order and are added at once, so the lane's next
     * request takes them together.
     *
     * @return false, queuing nothing, if the queues stayed full for the budget's whole wait
     */
    public boolean append(List<PendingRecord> records) throws InterruptedException {
        if (!budget.acquire(SendLane.bytes(records))) {
            return false;
        }
        byte[] first = records.get(0).key();
        if (sameKey(records, first)) {
            lanes[first != null ? laneOf(first) : keylessLane(records)].add(records);
            return true;
        }
        // an exchange whose elements carry keys of their own: each lane's share, in the exchange's order
        List<PendingRecord> keyless =
                records.stream().filter(r -> r.key() == null).toList();
        int keylessLane = keyless.isEmpty() ? -1 : keylessLane(keyless);
        Map<Integer, List<PendingRecord>> byLane = new LinkedHashMap<>();
        for (PendingRecord r : records) {
            int lane = r.key() == null ? keylessLane : laneOf(r.key());
            byLane.computeIfAbsent(lane, l -> new ArrayList<>()).add(r);
        }
        byLane.forEach((lane, share) -> lanes[lane].add(share));
        return true;
    }

    private static boolean sameKey(List<PendingRecord> records, byte[] key) {
        for (PendingRecord r : records) {
            if (!Arrays.equals(r.key(), key)) {
                return false;
            }
        }
        return true;
    }

    private int laneOf(byte[] key) {
        return Math.floorMod(Arrays.hashCode(key), lanes.length);
    }

    private int keylessLane(List<PendingRecord> records) {
        int current = stickyLane.get();
        int lane = Math.floorMod(current, lanes.length);
        if (lanes[lane].hasRoomFor(records)) {
            return lane;
        }
        stickyLane.compareAndSet(current, current + 1);
        return Math.floorMod(stickyLane.get(), lanes.length);
    }

    public boolean isIdle() {
        for (SendLane lane : lanes) {
            if (!lane.isIdle()) {
                return false;
            }
        }
        return true;
    }

    /** @return bytes of keys and values waiting in the queues */
    public long queuedBytes() {
        return budget.used();
    }

    public int queued() {
        int n = 0;
        for (SendLane lane : lanes) {
            n += lane.queued();
        }
        return n;
    }
}
