package dev.ocistreaming.app.bridges;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stream-to-database bridge's statements on {@code bridge.db.position-table}, one row per (consumer group,
 * stream, partition) holding the last offset the table holds. They run on the connection of the transaction the route
 * opened, if any (spring-jdbc finds it the way camel-sql does).
 *
 * <p>Why not camel-sql here: it looks every named parameter up in the message body first, converting the body (a
 * batch of hundreds of rows) to a map through Camel's type converter each time, and parses each {@code :#${...}}
 * expression again; for the three small statements of a batch that cost more CPU than the batch's inserts.
 */
public class PositionTable {

    /** The position rows known to be there: making one costs a statement per batch otherwise. */
    private final Set<List<Object>> made = ConcurrentHashMap.newKeySet();

    private JdbcTemplate jdbc;
    private String createIfMissing;
    private String lock;
    private String advance;

    public void setDataSource(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The table's name (bridge.db.position-table). */
    public void setTable(String table) {
        String row = " WHERE consumer_group = ? AND stream = ? AND stream_partition = ?";
        this.createIfMissing = "INSERT INTO " + table + " (consumer_group, stream, stream_partition, last_offset)"
                + " SELECT ?, ?, ?, -1 WHERE NOT EXISTS (SELECT 1 FROM " + table + row + ")";
        this.lock = "SELECT last_offset FROM " + table + row + " FOR UPDATE";
        this.advance = "UPDATE " + table + " SET last_offset = ?, updated_at = CURRENT_TIMESTAMP" + row
                + " AND last_offset < ?";
    }

    /**
     * Makes the batch's position row (last offset -1) unless it is there. Run before the batch's transaction, in a
     * statement of its own, so that the transaction has a row to lock; two instances making it at once: one gets a
     * duplicate key, and trying again finds it there.
     */
    public void createIfMissing(Exchange batch) {
        Object[] key = key(batch);
        if (made.contains(List.of(key))) {
            return; // made or found by an earlier batch; lock() forgets it if it went missing since
        }
        jdbc.update(createIfMissing, key[0], key[1], key[2], key[0], key[1], key[2]);
        made.add(List.of(key));
    }

    /**
     * In the batch's transaction: locks the position row (a second instance that briefly holds the same partition
     * during a rebalance waits here) and puts its last offset into header {@value StoredPositions#STORED_OFFSET}
     * (none when the row is missing).
     */
    public void lock(Exchange batch) {
        Object[] key = key(batch);
        List<Long> stored = jdbc.queryForList(lock, Long.class, key);
        if (stored.isEmpty()) {
            made.remove(List.of(key)); // deleted under the bridge: the next batch makes it again
            batch.getMessage().removeHeader(StoredPositions.STORED_OFFSET);
        } else {
            batch.getMessage().setHeader(StoredPositions.STORED_OFFSET, stored.get(0));
        }
    }

    /** In the batch's transaction: moves the position to the batch's last offset (never back). */
    public void advance(Exchange batch) {
        Object[] key = key(batch);
        long last = batch.getProperty(GroupedMessages.LAST_OFFSET, Long.class);
        jdbc.update(advance, last, key[0], key[1], key[2], last);
    }

    private static Object[] key(Exchange batch) {
        return new Object[] {
            batch.getProperty(MessageRows.GROUP),
            batch.getProperty(MessageRows.STREAM),
            batch.getProperty(MessageRows.PARTITION)
        };
    }
}
