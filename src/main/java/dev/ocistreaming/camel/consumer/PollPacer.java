package dev.ocistreaming.camel.consumer;

/**
 * Decides how long to wait before the next GetMessages: at once after a full batch (but never sooner than
 * {@code minIntervalMs} after the previous poll, which keeps under the service's 5 reads per second per partition),
 * doubling while idle up to {@code maxIdleMs}, doubling after errors up to {@code maxErrorMs}.
 */
final class PollPacer {

    private final long minIntervalMs;
    private final long maxIdleMs;
    private final long errorMs;
    private final long maxErrorMs;
    private long idleMs;
    private long nextErrorMs;

    PollPacer(long minIntervalMs, long maxIdleMs, long errorMs, long maxErrorMs) {
        this.minIntervalMs = minIntervalMs;
        this.maxIdleMs = maxIdleMs;
        this.errorMs = errorMs;
        this.maxErrorMs = maxErrorMs;
        this.idleMs = minIntervalMs;
        this.nextErrorMs = errorMs;
    }

    /** @return the wait after a poll that returned {@code size} of at most {@code limit} messages */
    long afterPoll(int size, int limit, long pollStartedMillis, long nowMillis) {
        nextErrorMs = errorMs;
        long sincePoll = nowMillis - pollStartedMillis;
        if (size == 0) {
            long wait = idleMs;
            idleMs = Math.min(maxIdleMs, Math.max(1, idleMs * 2));
            return Math.max(0, Math.max(wait, minIntervalMs) - sincePoll);
        }
        idleMs = minIntervalMs;
        return Math.max(0, minIntervalMs - sincePoll);
    }

    /** @return the wait after a failure; grows until a poll succeeds */
    long afterError() {
        long wait = nextErrorMs;
        nextErrorMs = Math.min(maxErrorMs, Math.max(1, nextErrorMs * 2));
        return wait;
    }
}
