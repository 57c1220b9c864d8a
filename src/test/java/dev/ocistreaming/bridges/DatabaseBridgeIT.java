package dev.ocistreaming.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.app.Launcher;
import dev.ocistreaming.bridges.StreamData.Stored;
import dev.ocistreaming.testsupport.JavaProcess;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.PostgresServer;
import dev.ocistreaming.testsupport.SdkClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** routes/stream-to-database.camel.yaml under camel-main against a local server and a real PostgreSQL. */
class DatabaseBridgeIT {

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

        try (BridgeApp bridge =
                BridgeApp.start("stream-to-database.camel.yaml", SERVER, settings(DB, "db-rows", "rows"))) {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions() // until the bridge made the table
                    .until(() -> DB.count("SELECT count(*) FROM rows") >= values.size());
            awaitCommitted(client, id, "db-rows-group", stream);
        }
        assertThat(rows(DB, "rows")).containsExactlyInAnyOrderElementsOf(expectedRows("db-rows", stream));
        assertThat(DB.count("SELECT count(*) FROM rows_dead")).isZero();
    }

    /**
     * A custom statement maps each value into a typed column with a CHECK: a value that is not a number and a
     * negative one are refused for good (SQLSTATE 22P02 and 23514). Each goes to the dead-letter table with its
     * reason, in the transaction that moves the position past it; every other message is in the table, and the
     * group's position reaches the end.
     */
    @Test
    void rowsTheDatabaseRefusesGoToTheDeadLetterTableWithTheReasonAndTheRestFlows() throws Exception {
        String id = SERVER.createStream("db-refused", 3).getId();
        StreamClient client = SERVER.streamClient();
        List<String> values = new ArrayList<>(
                IntStream.range(0, 300).mapToObj(Integer::toString).toList());
        values.set(77, "not a number");
        values.set(201, "-5");
        StreamData.put(client, id, StreamData.keyed(values, 30));
        Map<Integer, List<Stored>> stream = StreamData.readAll(client, id, 3);
        DB.execute("CREATE TABLE readings (stream_partition INTEGER NOT NULL, stream_offset BIGINT NOT NULL,"
                + " reading INTEGER NOT NULL CHECK (reading >= 0))");
        Map<String, String> settings = settings(DB, "db-refused", "refused");
        settings.put(
                "bridge.db.insert-sql",
                "INSERT INTO readings (stream_partition, stream_offset, reading)"
                        + " VALUES (:#partition, :#offset, CAST(:#value AS INTEGER))");

        try (BridgeApp bridge = BridgeApp.start("stream-to-database.camel.yaml", SERVER, settings)) {
            awaitCommitted(client, id, "db-refused-group", stream);
        }
        assertThat(DB.query("SELECT convert_from(message_value, 'UTF8'), reason FROM refused_dead"))
                .satisfiesExactlyInAnyOrder(
                        row -> assertThat(row)
                                .first()
                                .isEqualTo("not a number")
                                .satisfies(v -> assertThat((String) row.get(1)).startsWith("SQLSTATE 22P02")),
                        row -> assertThat(row)
                                .first()
                                .isEqualTo("-5")
                                .satisfies(v -> assertThat((String) row.get(1)).startsWith("SQLSTATE 23514")));
        List<String> expected = new ArrayList<>(values);
        expected.removeAll(List.of("not a number", "-5"));
        List<String> stored = new ArrayList<>();
        for (List<Object> row : DB.query("SELECT reading FROM readings")) {
            stored.add(row.get(0).toString());
        }
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * The database is stopped for 20 s while a producer writes. Meanwhile the group's position never passes a row
     * the table held when it stopped (each row notes when it was written), nothing is lost or written twice, and the
     * bridge carries on by itself once the database is back.
     */
    @Test
    void databaseDownFor20SecondsLosesNothingAndCommitsNothingAheadOfTheTable() throws Exception {
        String id = SERVER.createStream("db-down", 3).getId();
        StreamClient client = SERVER.streamClient();
        // the bridge's table, with a column the default statement leaves to the database: when the row was written
        DB.execute(
                "CREATE TABLE down (stream VARCHAR(255) NOT NULL, stream_partition INTEGER NOT NULL,"
                        + " stream_offset BIGINT NOT NULL, message_key TEXT, message_value TEXT,"
                        + " appended_at TIMESTAMP WITH TIME ZONE, written_at TIMESTAMP WITH TIME ZONE DEFAULT clock_timestamp())");
        List<String> values =
                IntStream.range(0, 3000).mapToObj(i -> "value-" + i).toList();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int from = 0; from < values.size(); from += 20) {
                StreamData.put(client, id, StreamData.keyed(values.subList(from, from + 20), 30));
                sleep(250);
            }
        });
        Map<Integer, Long> committedWhileDown;
        Instant restarted;
        try (BridgeApp bridge =
                BridgeApp.start("stream-to-database.camel.yaml", SERVER, settings(DB, "db-down", "down"))) {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> DB.count("SELECT count(*) FROM down") >= 300);
            DB.stop();
            try {
                Thread.sleep(18_000);
                // settled: what the bridge committed before the stop, and nothing since
                committedWhileDown = StreamData.committed(client, id, "db-down-group");
                Thread.sleep(2_000);
                assertThat(StreamData.committed(client, id, "db-down-group")).isEqualTo(committedWhileDown);
                assertThat(producer).as("the producer still writes").isNotDone();
            } finally {
                restarted = Instant.now();
                DB.start();
            }
            producer.get();
            Map<Integer, List<Stored>> stream = StreamData.readAll(client, id, 3);
            awaitCommitted(client, id, "db-down-group", stream);
            assertThat(rows(DB, "down")).containsExactlyInAnyOrderElementsOf(expectedRows("db-down", stream));
        }
        assertThat(committedWhileDown).isNotEmpty();
        for (Map.Entry<Integer, Long> committed : committedWhileDown.entrySet()) {
            long writtenLater = DB.count("SELECT count(*) FROM down WHERE stream_partition = " + committed.getKey()
                    + " AND stream_offset <= " + committed.getValue() + " AND written_at >= '" + restarted + "'");
            assertThat(writtenLater)
                    .as(
                            "rows of partition %d committed to the stream while the database was down, but written"
                                    + " after it came back",
                            committed.getKey())
                    .isZero();
        }
    }

    /**
     * The table as a backup restored from before the last 60 rows: the stream's group is past it. The bridge cannot
     * write what the stream no longer delivers, but must not pass over it in silence: it writes what comes and says
     * at WARN which offsets the table does not hold.
     */
    @Test
    void aTableRestoredFromAnOlderBackupIsReportedAsAGapAtWarn() throws Exception {
        String id = SERVER.createStream("db-gap", 1).getId();
        StreamClient client = SERVER.streamClient();
        List<String> before =
                IntStream.range(0, 100).mapToObj(i -> "before-" + i).toList();
        StreamData.put(client, id, StreamData.keyed(before, 1));
        Map<String, String> settings = settings(DB, "db-gap", "gap");
        try (BridgeApp bridge = BridgeApp.start("stream-to-database.camel.yaml", SERVER, settings)) {
            awaitCommitted(client, id, "db-gap-group", StreamData.readAll(client, id, 1));
        }
        DB.execute("DELETE FROM gap WHERE stream_offset > 39", "UPDATE gap_positions SET last_offset = 39");
        List<String> after = IntStream.range(0, 50).mapToObj(i -> "after-" + i).toList();
        StreamData.put(client, id, StreamData.keyed(after, 1));

        try (JavaProcess bridge = startProcess(SERVER, settings)) {
            bridge.awaitLine(
                    "WARN .*Partition 0 of stream db-gap \\(group db-gap-group\\): offsets 40\\.\\.99 were never"
                            + " delivered and are not in the table \\(it held up to offset 39",
                    Duration.ofSeconds(90));
            awaitCommitted(client, id, "db-gap-group", StreamData.readAll(client, id, 1));
            bridge.stop();
        }
        assertThat(DB.count("SELECT count(*) FROM gap")).isEqualTo(40 + 50);
        assertThat(DB.count("SELECT min(stream_offset) FROM gap WHERE stream_offset > 39"))
                .isEqualTo(100);
        assertThat(DB.count("SELECT last_offset FROM gap_positions")).isEqualTo(149);
    }

    /** The bridge as its own process (the launcher running the route file, as a user runs it); its output readable. */
    static JavaProcess startProcess(LocalServerExtension server, Map<String, String> settings) throws Exception {
        List<String> options = new ArrayList<>();
        options.add("-Dlocal-server.enabled=false");
        options.add("-Dcamel.component.oci-streaming.endpoint=" + server.url());
        options.add("-Dcamel.component.oci-streaming.compartment-id=" + SdkClients.COMPARTMENT);
        // a killed or stopped instance's partitions go to the next one quickly
        options.add("-Dcamel.component.oci-streaming.group-timeout-ms=2000");
        settings.forEach((key, value) -> options.add("-D" + key + "=" + value));
        return JavaProcess.startMain(
                "stream-to-database",
                BridgeApp.PROJECT,
                options,
                Launcher.class.getName(),
                "run",
                "routes/stream-to-database.camel.yaml");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitCommitted(StreamClient client, String id, String group, Map<Integer, List<Stored>> stream) {
        awaitCommitted(client, id, group, stream, Duration.ofSeconds(60));
    }

    static void awaitCommitted(
            StreamClient client, String id, String group, Map<Integer, List<Stored>> stream, Duration timeout) {
        Map<Integer, Long> last = new HashMap<>();
        stream.forEach(
                (p, messages) -> last.put(p, messages.get(messages.size() - 1).offset()));
        await().atMost(timeout)
                .ignoreExceptions() // until the group exists
                .untilAsserted(() ->
                        assertThat(StreamData.committed(client, id, group)).isEqualTo(last));
    }

    /** The settings of a test's bridge: its own group and tables. */
    static Map<String, String> settings(PostgresServer db, String stream, String table) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bridge.db.stream", stream);
        settings.put("bridge.db.group", stream + "-group");
        settings.put("bridge.db.url", db.jdbcUrl());
        settings.put("bridge.db.user", db.user());
        settings.put("bridge.db.table", table);
        settings.put("bridge.db.position-table", table + "_positions");
        settings.put("bridge.db.dead-letter-table", table + "_dead");
        settings.put("bridge.db.batch-size", "100");
        settings.put("bridge.db.retry-delay-ms", "200");
        settings.put("bridge.db.max-retry-delay-ms", "1000");
        return settings;
    }

    static List<List<Object>> rows(PostgresServer db, String table) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row :
                db.query("SELECT stream, stream_partition, stream_offset, message_key, message_value FROM " + table)) {
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
