package dev.ocistreaming.camel.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue with at most one PutMessages in flight. While a request is out, new records wait here and leave together in
 * the next request (up to the byte and count bounds), the way Kafka's producer batches. One lane per key keeps a
 * key's messages in order, retries included.
 */
final class SendLane {

    private static final Logger LOG = LoggerFactory.getLogger(SendLane.class);

    private final ArrayDeque<PendingRecord> queue = new ArrayDeque<>();
    private final BatchSink sender;
    private final Executor executor;
    private final QueueBudget budget;
    private final int maxBytes;
    private final int maxCount;
    private boolean inFlight;
    private long queuedBytes;

    SendLane(BatchSink sender, Executor executor, QueueBudget budget, int maxBytes, int maxCount) {
        this.sender = sender;
        this.executor = executor;
        this.budget = budget;
        this.maxBytes = maxBytes;
        this.maxCount = maxCount;
    }

    void add(List<PendingRecord> records) {
        List<PendingRecord> batch;
        synchronized (this) {
            queue.addAll(records);
            queuedBytes += bytes(records);
            if (inFlight) {
                return;
            }
            batch = nextBatch();
        }
        try {
            executor.execute(() -> run(batch));
        } catch (RejectedExecutionException e) {
            // The producer is stopping: fail what can no longer be sent rather than leave exchanges hanging.
            List<PendingRecord> stranded = new ArrayList<>(batch);
            synchronized (this) {
                stranded.addAll(queue);
                queue.clear();
                budget.release(queuedBytes);
                queuedBytes = 0;
                inFlight = false;
            }
            failAll(stranded, "the producer is stopped");
        }
    }

    /** @return whether these records would go out now, or still fit in the next request after the one in flight */
    synchronized boolean hasRoomFor(List<PendingRecord> records) {
        return !inFlight || queue.size() + records.size() <= maxCount && queuedBytes + bytes(records) <= maxBytes;
    }

    static long bytes(List<PendingRecord> records) {
        long bytes = 0;
        for (PendingRecord r : records) {
            bytes += r.size();
        }
        return bytes;
    }

    synchronized boolean isIdle() {
        return !inFlight && queue.isEmpty();
    }

    synchronized int queued() {
        return queue.size();
    }

    private void run(List<PendingRecord> batch) {
        List<PendingRecord> next = batch;
        while (next != null) {
            try {
                sender.send(next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(next, "the producer was stopped while retrying");
            } catch (RuntimeException e) {
                LOG.warn("Unexpected failure sending {} message(s)", next.size(), e);
                failAll(next, e.toString());
            }
            synchronized (this) {
                List<PendingRecord> more = nextBatch();
                next = more.isEmpty() ? null : more;
            }
        }
    }

    /** Takes the head of the queue up to the bounds; a single record always fits (its size was checked). */
    private List<PendingRecord> nextBatch() {
        List<PendingRecord> batch = new ArrayList<>();
        int bytes = 0;
        while (!queue.isEmpty() && batch.size() < maxCount) {
            PendingRecord head = queue.peek();
            if (!batch.isEmpty() && bytes + head.size() > maxBytes) {
                break;
            }
            bytes += head.size();
            batch.add(queue.poll());
        }
        queuedBytes -= bytes;
        budget.release(bytes);
        inFlight = !batch.isEmpty();
        return batch;
    }

    /** Fails records that were taken from the queue but could not be sent; results already set stay. */
    private static void failAll(List<PendingRecord> records, String reason) {
        for (PendingRecord r : records) {
            r.target().completeIfOpen(r.index(), PutResult.failure("NotSent", reason));
        }
    }
}
