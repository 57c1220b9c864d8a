package dev.ocistreaming.camel.consumer;

import dev.ocistreaming.camel.client.RetrySchedule;
import dev.ocistreaming.camel.client.ServiceErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one instance's commits, whoever asks: the consumer's loop, or a route's manual commit.
 *
 * @param backoffMs    the first wait before trying a throttled commit again ({@code errorBackoffMs})
 * @param maxBackoffMs the longest wait ({@code maxErrorBackoffMs})
 * @param label        the instance, for logs
 */
record Committer(CursorSession session, InstanceState state, long backoffMs, long maxBackoffMs, String label) {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    /** Retries of a throttled commit: with the first attempt, five in all. */
    private static final long MAX_THROTTLED_RETRIES = 4;

    /**
     * Commits, and waits for the answer. The service limits commits per second too: a throttled commit is tried
     * again shortly (after the service's hint when it gives one) rather than treated as a failure, which would make
     * the messages come again.
     */
    void commit(CommitPoint point) throws InterruptedException {
        RetrySchedule retries = new RetrySchedule(RetrySchedule.doubling(backoffMs, maxBackoffMs)
                .maxAttempts(MAX_THROTTLED_RETRIES)
                .build());
        while (true) {
            try {
                session.commit(point);
                state.committed(point);
                return;
            } catch (RuntimeException e) {
                if (!ServiceErrors.isThrottled(e) || !retries.canRetry()) {
                    throw e;
                }
                LOG.debug("Commit of {} throttled, retry {}", label, retries.retries() + 1);
                Thread.sleep(retries.nextDelayMillis(ServiceErrors.retryHintMillis(e)));
            }
        }
    }

    /**
     * @param consequence what happens to the uncommitted messages, for the log
     * @return true, after logging it at WARN, when the failure says the instance no longer holds a partition of the
     *         commit (a rebalance, or a pause longer than the group timeout)
     */
    boolean refused(RuntimeException failure, String consequence) {
        if (!ServiceErrors.isLostReservation(failure)) {
            return false;
        }
        state.reservationLost();
        LOG.warn("Commit refused for {} ({}): {}", label, ServiceErrors.describe(failure), consequence);
        return true;
    }
}
