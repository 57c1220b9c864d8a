package dev.ocistreaming.camel.producer;

import java.util.concurrent.TimeUnit;

/**
 * The bytes a producer's lanes may hold waiting for a request, shared by all its lanes (Kafka's
 * {@code buffer.memory}). Without a bound, a route that outruns a slow or unreachable service grows the heap until the
 * JVM dies, and every exchange in memory dies with it; with one, a sender waits for room up to {@code maxWaitMs}, then
 * its exchange fails and the caller knows.
 */
public final class QueueBudget {

    private final long maxBytes;
    private final long maxWaitNanos;
    private long used;

    /** @param maxWaitMs how long {@link #acquire} waits for room; 0 answers at once */
    public QueueBudget(long maxBytes, long maxWaitMs) {
        this.maxBytes = maxBytes;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    }

    /**
     * Takes room for {@code bytes}, waiting while the queues are too full. Anything fits into empty queues, so one
     * exchange bigger than the whole budget (a large Iterable body) still goes, alone.
     *
     * @return false if no room came within the wait
     */
    public synchronized boolean acquire(long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (used > 0 && used + bytes > maxBytes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        used += bytes;
        return true;
    }

    /** Gives back room when records leave a queue for a request (or are failed without one). */
    public synchronized void release(long bytes) {
        used -= bytes;
        notifyAll();
    }

    public synchronized long used() {
        return used;
    }
}
