package dev.ocistreaming.app.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One producer-to-consumer path on its own stream: messages carry the {@code System.nanoTime()} at which they were
 * due to be sent, and the consumer notes how long each took to arrive. The producer and the consumer run in this
 * JVM, so the clocks agree.
 */
abstract class LatencyPipeline implements AutoCloseable {

    static final int VALUE_BYTES = 100;

    private final List<Long> samples = new ArrayList<>();
    private volatile long warmupEndNanos = Long.MAX_VALUE;
    private long sent;
    private volatile Exception failure;

    /** Starts the consumer and returns once it reads, so no message is sent before it. */
    abstract void start() throws Exception;

    /** Least time between two sends: 0 sends each message as it is due; more gathers the due ones. */
    abstract long minTickNanos();

    /** Sends the messages due at these times. */
    abstract void send(List<Long> dueNanos) throws Exception;

    static byte[] value(long dueNanos) {
        return ByteBuffer.allocate(VALUE_BYTES).putLong(dueNanos).array();
    }

    /** Called by the consumer when a message's processing is done. */
    void received(byte[] value) {
        long due = ByteBuffer.wrap(value).getLong();
        long latency = System.nanoTime() - due;
        if (due >= warmupEndNanos) {
            synchronized (samples) {
                samples.add(latency);
            }
        }
    }

    /**
     * Sends {@code perSecond} messages per second from {@code startNanos} until {@code endNanos}, on this thread;
     * messages due before {@code warmupEndNanos} are not counted.
     */
    void drive(double perSecond, long startNanos, long warmupEndNanos, long endNanos) throws Exception {
        this.warmupEndNanos = warmupEndNanos;
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        long index = 0;
        long nextTick = startNanos;
        while (true) {
            long now = System.nanoTime();
            if (now >= endNanos) {
                return;
            }
            if (now < nextTick) {
                LockSupport.parkNanos(nextTick - now);
                continue;
            }
            List<Long> due = new ArrayList<>();
            while (startNanos + index * interval <= now) {
                long at = startNanos + index++ * interval;
                due.add(at);
                if (at >= warmupEndNanos) {
                    sent++;
                }
            }
            send(due);
            nextTick = Math.max(startNanos + index * interval, now + minTickNanos());
        }
    }

    /** A send or a read failed: the figure is void, and says why. */
    void fail(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** Waits up to {@code timeoutMillis} for the messages sent after the warm-up to arrive. */
    long[] awaitSamples(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline && count() < sent) {
            Thread.sleep(20);
        }
        if (failure != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " failed: " + failure, failure);
        }
        synchronized (samples) {
            if (samples.size() < sent) {
                throw new IllegalStateException((sent - samples.size()) + " of " + sent + " messages did not arrive"
                        + " within " + timeoutMillis + " ms");
            }
            return samples.stream().mapToLong(Long::longValue).toArray();
        }
    }

    long sent() {
        return sent;
    }

    private int count() {
        synchronized (samples) {
            return samples.size();
        }
    }
}
