package dev.ocistreaming.app.bench;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream-to-database bridge as a user would write it by hand with the SDK and JDBC, the baseline that does the
 * route's reading too: each thread a group instance with {@code commitOnGet} (the next GetMessages commits what the
 * previous one returned, so what is committed is written), GetMessages of up to 10 000 every 200 ms at most (the
 * service's limit), each response inserted in batches of the route's size, one transaction each. At least once: no
 * stored position, so a crash writes some rows twice, where the route writes each once.
 */
final class HandWrittenBridge {

    private static final int MAX_MESSAGES_PER_GET = 10_000;

    private final BenchEnv env;
    private final TemporaryPostgres db;
    private final int batch;

    /** Each thread opens a connection of its own to {@code db}. */
    HandWrittenBridge(BenchEnv env, TemporaryPostgres db, int batch) {
        this.env = env;
        this.db = db;
        this.batch = batch;
    }

    /**
     * Copies {@code rows} messages of {@code streamId} into {@code table} on {@code threads} threads, counting rows in
     * {@code written}. Each thread keeps its connection until {@code measured}: the database's CPU is read from its
     * processes, and a connection's process ends with it.
     */
    void copy(String streamId, String table, int threads, long rows, AtomicLong written, CountDownLatch measured)
            throws Exception {
        String group = table + "-by-hand";
        // every instance joins before any reads: a rebalance after a first read would hand an instance's uncommitted
        // messages to another, whose copy the table's primary key would refuse (a real one would have to skip it)
        CyclicBarrier joined = new CyclicBarrier(threads);
        Workers.run(threads, Long.MAX_VALUE / 2, (t, end) -> {
            StreamClient client = env.newClient();
            try (Connection c = DatabaseFigures.connect(db);
                    PreparedStatement insert = c.prepareStatement(DatabaseFigures.insertInto(table))) {
                c.setAutoCommit(false);
                String cursor = BenchEnv.groupCursor(
                        client, streamId, group, "instance-" + t, CreateGroupCursorDetails.Type.TrimHorizon, true);
                joined.await();
                long lastGet = 0;
                while (written.get() < rows) {
                    lastGet = BenchEnv.paceGetMessages(lastGet);
                    GetMessagesResponse response = BenchEnv.getMessages(client, streamId, cursor, MAX_MESSAGES_PER_GET);
                    insert(c, insert, response.getItems());
                    written.addAndGet(response.getItems().size());
                    cursor = response.getOpcNextCursor();
                }
                measured.await();
            }
            return 0;
        });
    }

    private void insert(Connection c, PreparedStatement insert, List<Message> messages) throws SQLException {
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            insert.setString(1, m.getStream());
            insert.setInt(2, Integer.parseInt(m.getPartition()));
            insert.setLong(3, m.getOffset());
            insert.setString(4, m.getKey() == null ? null : new String(m.getKey(), StandardCharsets.UTF_8));
            insert.setString(5, new String(m.getValue(), StandardCharsets.UTF_8));
            insert.setObject(6, m.getTimestamp().toInstant().atOffset(ZoneOffset.UTC));
            insert.addBatch();
            if ((i + 1) % batch == 0 || i == messages.size() - 1) {
                insert.executeBatch();
                c.commit();
            }
        }
    }
}
