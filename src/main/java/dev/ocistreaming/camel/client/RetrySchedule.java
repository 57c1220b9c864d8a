package dev.ocistreaming.camel.client;

import java.util.concurrent.TimeUnit;
import org.apache.camel.util.backoff.BackOff;

/**
 * The waits of one run of retries, as Camel's {@link BackOff} describes them (first delay, multiplier, longest delay,
 * most attempts, longest elapsed time), stretched to the service's own "next request can be made in N ms" when that is
 * longer. The one retry schedule of the component: producer retries, poll pacing after failures, throttled commits and
 * stream resolution at start all take their waits from here; each caller sleeps in its own way (a consumer wakes at
 * once when stopped).
 */
public final class RetrySchedule {

    private final BackOff backOff;
    private final long startNanos = System.nanoTime();
    private long retries;
    private long nextDelayMillis;

    public RetrySchedule(BackOff backOff) {
        this.backOff = backOff;
        this.nextDelayMillis = backOff.getDelay().toMillis();
    }

    /** A doubling schedule from {@code firstMillis} up to {@code maxMillis} between attempts, with no other bound. */
    public static BackOff.Builder doubling(long firstMillis, long maxMillis) {
        return BackOff.builder().delay(firstMillis).maxDelay(maxMillis).multiplier(2.0);
    }

    /** @return whether another retry fits in the attempts and the elapsed time allowed */
    public boolean canRetry() {
        return retries < backOff.getMaxAttempts() && remainingMillis() > 0;
    }

    /**
     * Counts a retry and gives its wait: the schedule's delay, or the service's hint when longer, never past the
     * elapsed time allowed.
     *
     * @param serviceHintMillis what the service asked for (see {@link ServiceErrors#retryHintMillis}), 0 for nothing
     */
    public long nextDelayMillis(long serviceHintMillis) {
        long delay = Math.max(nextDelayMillis, serviceHintMillis);
        retries++;
        // grows from at least 1 ms, so a first delay of 0 (allowed by the options) still backs off instead of spinning
        long grown = (long) Math.min((double) Long.MAX_VALUE, Math.max(1, nextDelayMillis) * backOff.getMultiplier());
        nextDelayMillis = Math.min(backOff.getMaxDelay().toMillis(), grown);
        return Math.max(0, Math.min(delay, remainingMillis()));
    }

    /** Starts the delays again from the first, after a success. */
    public void reset() {
        retries = 0;
        nextDelayMillis = backOff.getDelay().toMillis();
    }

    /** @return retries counted since the start or the last reset */
    public long retries() {
        return retries;
    }

    /** @return how much of the elapsed time allowed is left */
    public long remainingMillis() {
        long maxElapsed = backOff.getMaxElapsedTime().toMillis();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return maxElapsed == Long.MAX_VALUE ? Long.MAX_VALUE : maxElapsed - elapsed;
    }
}
