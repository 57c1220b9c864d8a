package dev.ocistreaming.camel.consumer;

import dev.ocistreaming.camel.client.RetrySchedule;

/**
 * Decides how long to wait before the next GetMessages. After a batch: at once, but never sooner than
 * {@code minIntervalMs} after the previous poll, which keeps under the service's 5 reads per second per partition.
 * While idle: a quarter of the time since the last message, between {@code minIntervalMs} and {@code maxIdleMs}, so
 * an instance that had a message a second ago looks again within a quarter of a second (a steady 1 msg/s stream is
 * read within ~250 ms), while one idle for longer polls only every {@code maxIdleMs}. After errors: the component's
 * {@link RetrySchedule}, doubling from {@code errorMs} up to {@code maxErrorMs}, started again by a successful poll.
 */
final class PollPacer {

    /** The idle wait is the time since the last message divided by this: the latency an idle poll may add. */
    private static final long IDLE_DIVISOR = 4;

    private final long minIntervalMs;
    private final long maxIdleMs;
    private final RetrySchedule errors;
    private long lastMessageMillis = -1;

    PollPacer(long minIntervalMs, long maxIdleMs, long errorMs, long maxErrorMs) {
        this.minIntervalMs = minIntervalMs;
        this.maxIdleMs = maxIdleMs;
        this.errors =
                new RetrySchedule(RetrySchedule.doubling(errorMs, maxErrorMs).build());
    }

    /** @return the wait after a poll that started at {@code pollStartedMillis} and returned {@code size} messages */
    long afterPoll(int size, long pollStartedMillis, long nowMillis) {
        errors.reset();
        if (size > 0 || lastMessageMillis < 0) {
            // the first poll of an idle instance counts as its last message: the backoff grows from there
            lastMessageMillis = pollStartedMillis;
        }
        long idle = (pollStartedMillis - lastMessageMillis) / IDLE_DIVISOR;
        long wait = size > 0 ? minIntervalMs : Math.min(maxIdleMs, Math.max(minIntervalMs, idle));
        return Math.max(0, wait - (nowMillis - pollStartedMillis));
    }

    /** @return the wait after a failure; grows until a poll succeeds */
    long afterError() {
        return errors.nextDelayMillis(0);
    }
}
