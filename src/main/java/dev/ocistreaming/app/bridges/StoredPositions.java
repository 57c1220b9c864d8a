package dev.ocistreaming.app.bridges;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stream-to-database bridge does with the position stored beside the rows: inside the batch's transaction,
 * after the position row is read and locked, the rows at or below it are dropped, since an earlier transaction
 * (before a crash, a restart, a rebalance or a redelivery) already wrote them.
 *
 * <p>It also watches for the opposite: a batch that begins past the offset after the stored one. The bridge itself
 * never causes that (it commits to the stream only what the table holds, and writes a partition's batches in order),
 * but the stream can: retention may have deleted messages before they were read, the group's position may have been
 * moved past the table (UpdateGroup, another application committing with this group, a database restored from an
 * older backup), and OCI Streaming describes an offset as identifying a message in its partition, not as a count, so
 * its offsets may have holes. Which of these it was, the bridge cannot tell; it writes the batch and says at WARN which
 * offsets the table does not hold.
 */
public class StoredPositions {

    private static final Logger LOG = LoggerFactory.getLogger(StoredPositions.class);

    /** Header with the stored last offset of the batch's partition (absent: nothing stored yet). */
    public static final String STORED_OFFSET = "bridgeStoredOffset";
    /** Exchange property: how many rows of the batch are new. */
    public static final String NEW_ROWS = "bridgeNewRows";
    /** Exchange property, set only when the batch's new rows leave out offsets: the first ones, {@code from..to}. */
    public static final String GAP = "bridgeGap";

    /** Replaces the body (a list of rows) by the rows after the stored offset; a new list, the batch stays whole. */
    public void skipStored(Exchange batch) {
        Number stored = batch.getMessage().getHeader(STORED_OFFSET, Number.class);
        long after = stored == null ? -1 : stored.longValue();
        List<?> rows = batch.getMessage().getBody(List.class);
        List<Object> fresh = new ArrayList<>(rows.size());
        // nothing stored yet: the group may start anywhere (its initial position, retention), so no row is expected
        long expected = after < 0 ? -1 : after + 1;
        batch.removeProperty(GAP);
        for (Object row : rows) {
            long offset = ((Number) ((Map<?, ?>) row).get("offset")).longValue();
            if (offset <= after) {
                continue;
            }
            if (expected >= 0 && offset > expected && batch.getProperty(GAP) == null) {
                batch.setProperty(GAP, expected + ".." + (offset - 1));
            }
            expected = offset + 1;
            fresh.add(row);
        }
        batch.getMessage().setBody(fresh);
        batch.setProperty(NEW_ROWS, fresh.size());
        String gap = batch.getProperty(GAP, String.class);
        if (gap != null) {
            LOG.warn(
                    "Partition {} of stream {} (group {}): offsets {} were never delivered and are not in the table"
                            + " (it held up to offset {} before this batch). Retention may have deleted them before"
                            + " they were read, the group's position may have been moved past the table (UpdateGroup,"
                            + " another application committing with this group, a database restored from an older"
                            + " backup), or the stream's offsets have a hole there",
                    batch.getProperty(MessageRows.PARTITION),
                    batch.getProperty(MessageRows.STREAM),
                    batch.getProperty(MessageRows.GROUP),
                    gap,
                    after);
        }
    }

    /**
     * For the one-row-at-a-time path after a batch was refused: the body (one row of the split batch) becomes a batch
     * of that one row, whose first and last offset are the row's.
     */
    public void singleRow(Exchange part) {
        Map<?, ?> row = part.getMessage().getBody(Map.class);
        long offset = ((Number) row.get("offset")).longValue();
        part.getMessage().setBody(new ArrayList<>(List.of(row)));
        part.setProperty(GroupedMessages.FIRST_OFFSET, offset);
        part.setProperty(GroupedMessages.LAST_OFFSET, offset);
        part.setProperty(GroupedMessages.COUNT, 1);
    }
}
