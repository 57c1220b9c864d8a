package dev.ocistreaming.app.bridges;

import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingManualCommit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the stream position of what a bridge delivered, in {@code commitMode=MANUAL}: acknowledges the exchange's
 * message (for a group, its last message) and every earlier one of its partition. Does nothing for an exchange that
 * has no manual-commit header (the default {@code AFTER_PROCESSING} mode commits by itself).
 *
 * <p>A refused commit is logged, not thrown: the delivery already happened, and the refusal means the partition
 * moved to another instance, which reads the uncommitted messages again (at-least-once).
 */
public class ManualCommits {

    private static final Logger LOG = LoggerFactory.getLogger(ManualCommits.class);

    public void commit(Exchange exchange) {
        commitNow(
                exchange.getMessage().getHeader(OciStreamingConstants.MANUAL_COMMIT, OciStreamingManualCommit.class),
                exchange.getMessage().getHeader(OciStreamingConstants.PARTITION),
                last(exchange));
    }

    /** Commits {@code commit} (if any), saying at DEBUG which partition and offset it covers. */
    void commitNow(OciStreamingManualCommit commit, Object partition, Object last) {
        if (commit == null) {
            return;
        }
        try {
            commit.commit();
            LOG.debug("Committed partition {} up to the message at offset {}", partition, last);
        } catch (RuntimeException e) {
            LOG.warn("Commit refused after delivery, so these messages may be delivered again: {}", e.getMessage());
        }
    }

    /** The offset an exchange's commit covers: its group's last message, or its message. */
    static Object last(Exchange exchange) {
        Object last = exchange.getProperty(GroupedMessages.LAST_OFFSET);
        return last != null ? last : exchange.getMessage().getHeader(OciStreamingConstants.OFFSET);
    }
}
