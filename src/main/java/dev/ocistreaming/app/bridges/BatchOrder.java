package dev.ocistreaming.app.bridges;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Keeps the stream-to-database writer from writing a partition's batch after an earlier batch of that partition
 * failed without being written. The transaction moves the stored position to each batch's last offset, so writing the
 * later batch would move it past the failed batch's rows, and they would be skipped for ever when read again.
 *
 * <p>A batch fails without being written only when the bridge stops during its retries (or through a bug); a batch
 * waiting behind it is then refused too, and both come again from the group's last commit, which neither reached. A
 * batch that begins at or before the failed one (read again) is written as usual.
 */
public class BatchOrder {

    /** Per partition, the first offset of the oldest batch that failed without being written. */
    private final Map<Object, Long> failedFrom = new HashMap<>();

    /** Before a batch is written: refuses it when an earlier batch of its partition failed. */
    public synchronized void admit(Exchange batch) {
        Object partition = batch.getProperty(MessageRows.PARTITION);
        long first = batch.getProperty(GroupedMessages.FIRST_OFFSET, Long.class);
        Long failed = failedFrom.get(partition);
        if (failed == null) {
            return;
        }
        if (first <= failed) {
            failedFrom.remove(partition); // read again from the failed batch on
            return;
        }
        throw new IllegalStateException("Not written: the earlier batch of partition " + partition + " from offset "
                + failed + " failed, and this one would move the stored position past it");
    }

    /** After a batch failed without being written. */
    public synchronized void failed(Exchange batch) {
        Object partition = batch.getProperty(MessageRows.PARTITION);
        long first = batch.getProperty(GroupedMessages.FIRST_OFFSET, Long.class);
        failedFrom.merge(partition, first, Math::min);
    }
}
