package dev.ocistreaming.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.bridges.StreamData.Stored;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** routes/stream-to-database.camel.yaml under camel-main against a local server and a real PostgreSQL. */
class DatabaseBridgeTest {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @RegisterExtension
    static final PostgresServer DB = new PostgresServer();

    @Test
    void messagesOfThreePartitionsBecomeExactlyOneRowEachWithTheirValues() throws Exception {
        String id = SERVER.createStream("db-rows", 3).getId();
        StreamClient client = SERVER.streamClient();
        List<String> values =
                IntStream.range(0, 1200).mapToObj(i -> "{\"n\": " + i + "}").toList();
        StreamData.put(client, id, StreamData.keyed(values, 30));
        Map<Integer, List<Stored>> stream = StreamData.readAll(client, id, 3);

        try (BridgeApp bridge = BridgeApp.start("stream-to-database.camel.yaml", SERVER, settings("db-rows", "rows"))) {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions() // until the bridge made the table
                    .until(() -> DB.count("SELECT count(*) FROM rows") >= values.size());
            awaitCommitted(client, id, "db-rows-group", stream);
        }
        assertThat(rows("rows")).containsExactlyInAnyOrderElementsOf(expectedRows("db-rows", stream));
        assertThat(DB.count("SELECT count(*) FROM rows_dead")).isZero();
    }

    static void awaitCommitted(StreamClient client, String id, String group, Map<Integer, List<Stored>> stream) {
        Map<Integer, Long> last = new HashMap<>();
        stream.forEach(
                (p, messages) -> last.put(p, messages.get(messages.size() - 1).offset()));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(StreamData.committed(client, id, group)).isEqualTo(last));
    }

    /** The settings of a test's bridge: its own group and tables. */
    static Map<String, String> settings(String stream, String table) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bridge.db.stream", stream);
        settings.put("bridge.db.group", stream + "-group");
        settings.put("bridge.db.url", DB.jdbcUrl());
        settings.put("bridge.db.user", DB.user());
        settings.put("bridge.db.table", table);
        settings.put("bridge.db.position-table", table + "_positions");
        settings.put("bridge.db.dead-letter-table", table + "_dead");
        settings.put("bridge.db.batch-size", "100");
        settings.put("bridge.db.batch-ms", "300");
        settings.put("bridge.db.retry-delay-ms", "200");
        settings.put("bridge.db.max-retry-delay-ms", "1000");
        return settings;
    }

    static List<List<Object>> rows(String table) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : DB.query(
                "SELECT stream, stream_partition, stream_offset, message_key, message_value" + " FROM " + table)) {
            rows.add(List.of(
                    row.get(0),
                    ((Number) row.get(1)).intValue(),
                    ((Number) row.get(2)).longValue(),
                    row.get(3),
                    row.get(4)));
        }
        return rows;
    }

    static List<List<Object>> expectedRows(String stream, Map<Integer, List<Stored>> messages) {
        List<List<Object>> rows = new ArrayList<>();
        messages.forEach(
                (p, stored) -> stored.forEach(m -> rows.add(List.of(stream, p, m.offset(), m.key(), m.value()))));
        return rows;
    }
}
