package dev.ocistreaming.app.bridges;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * What the stream-to-database bridge does with the position stored beside the rows: inside the batch's transaction,
 * after the position row is read and locked, the rows at or below it are dropped, since an earlier transaction
 * (before a crash, a restart, a rebalance or a redelivery) already wrote them.
 */
public class StoredPositions {

    /** Header with the stored last offset of the batch's partition (absent: nothing stored yet). */
    public static final String STORED_OFFSET = "bridgeStoredOffset";
    /** Exchange property: how many rows of the batch are new. */
    public static final String NEW_ROWS = "bridgeNewRows";

    /** Replaces the body (a list of rows) by the rows after the stored offset; a new list, the batch stays whole. */
    public void skipStored(Exchange batch) {
        Number stored = batch.getMessage().getHeader(STORED_OFFSET, Number.class);
        long after = stored == null ? -1 : stored.longValue();
        List<?> rows = batch.getMessage().getBody(List.class);
        List<Object> fresh = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (((Number) ((Map<?, ?>) row).get("offset")).longValue() > after) {
                fresh.add(row);
            }
        }
        batch.getMessage().setBody(fresh);
        batch.setProperty(NEW_ROWS, fresh.size());
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
