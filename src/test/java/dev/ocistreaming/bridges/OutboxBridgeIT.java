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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** routes/outbox-to-stream.camel.yaml against a real PostgreSQL and a local server. */
class OutboxBridgeIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @RegisterExtension
    static final PostgresServer DB = new PostgresServer();

    /** Polling every minute: a row that arrives within seconds came through NOTIFY. */
    @Test
    void aCommittedRowReachesTheStreamWithoutWaitingForAPoll() throws Exception {
        String id = SERVER.createStream("outbox-notify", 1).getId();
        Map<String, String> settings = settings("outbox-notify", "outbox_notify");
        settings.put("bridge.outbox.poll-ms", "60000");
        try (BridgeApp bridge = BridgeApp.start("outbox-to-stream.camel.yaml", SERVER, settings)) {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions() // until the bridge made the table
                    .until(() -> DB.count("SELECT count(*) FROM outbox_notify") == 0);
            Thread.sleep(1000); // the bridge's first look is done; it now waits for a notification (or a minute)
            DB.execute("INSERT INTO outbox_notify (aggregate_id, payload) VALUES ('order-1', 'created')");
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> StreamData.readAll(SERVER.streamClient(), id, 1)
                                    .get(0),
                            m -> !m.isEmpty());
        }
        assertThat(StreamData.readAll(SERVER.streamClient(), id, 1).get(0))
                .extracting(Stored::key, Stored::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("order-1", "created"));
        assertThat(DB.count("SELECT count(*) FROM outbox_notify")).isZero();
    }

    /**
     * {@code after-publish=mark}: published rows stay, with the time they were published, and are never sent again,
     * though the bridge keeps looking (every 100 ms here); rows inserted later go out once each, in order per key.
     */
    @Test
    void markedRowsStayInTheTableAndAreNotSentAgain() throws Exception {
        String id = SERVER.createStream("outbox-mark", 2).getId();
        StreamClient client = SERVER.streamClient();
        Map<String, String> settings = settings("outbox-mark", "outbox_mark");
        settings.put("bridge.outbox.after-publish", "mark");
        settings.put("bridge.outbox.poll-ms", "100");
        settings.put("bridge.outbox.batch-size", "7");
        try (BridgeApp bridge = BridgeApp.start("outbox-to-stream.camel.yaml", SERVER, settings)) {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions() // until the bridge made the table
                    .until(() -> DB.count("SELECT count(*) FROM outbox_mark") == 0);
            insert("outbox_mark", 0, 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> countMessages(client, id, 2) >= 20);
            insert("outbox_mark", 20, 30);
            await().atMost(Duration.ofSeconds(30)).until(() -> countMessages(client, id, 2) >= 30);
            Thread.sleep(1000); // ten more looks at the table
        }
        assertThat(DB.count("SELECT count(*) FROM outbox_mark")).isEqualTo(30);
        assertThat(DB.count("SELECT count(*) FROM outbox_mark WHERE published_at IS NULL"))
                .isZero();
        Map<String, List<String>> published = new TreeMap<>();
        for (List<Stored> partition : StreamData.readAll(client, id, 2).values()) {
            for (Stored m : partition) {
                published.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m.value());
            }
        }
        assertThat(published.values().stream().mapToInt(List::size).sum())
                .as("each row sent once")
                .isEqualTo(30);
        published.forEach((key, values) -> assertThat(values)
                .as("rows of %s in id order", key)
                .isSortedAccordingTo((a, b) -> Integer.compare(number(a), number(b))));
    }

    /** Rows {@code from} to {@code to - 1}, keys {@code k0} to {@code k2}, each value its number. */
    private static void insert(String table, int from, int to) throws Exception {
        for (int n = from; n < to; n++) {
            DB.execute(
                    "INSERT INTO " + table + " (aggregate_id, payload) VALUES ('k" + (n % 3) + "', 'row-" + n + "')");
        }
    }

    private static int number(String value) {
        return Integer.parseInt(value.substring("row-".length()));
    }

    /**
     * Application transactions on 6 threads change 10 aggregates; each change inserts an outbox row in the same
     * transaction, under the aggregate's row lock, so the commit order of one key is its version order. Two bridge
     * instances publish (one of them its own process), and that one is killed mid-way. Every row reaches the stream;
     * per key the versions appear in commit order, a row sent again after the kill only as a repeat of one already
     * seen; the outbox ends empty.
     */
    @Test
    void rowsOfConcurrentTransactionsArePublishedInCommitOrderPerKeyByTwoInstancesOneKilled() throws Exception {
        String id = SERVER.createStream("outbox-order", 3).getId();
        StreamClient client = SERVER.streamClient();
        DB.execute(
                "CREATE TABLE aggregates (id VARCHAR(64) PRIMARY KEY, version INTEGER NOT NULL)",
                "INSERT INTO aggregates SELECT 'order-' || n, 0 FROM generate_series(0, 9) n");
        Map<String, String> settings = settings("outbox-order", "outbox_order");
        settings.put("bridge.outbox.batch-size", "50");

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        try (JavaProcess killed = startBridge(settings);
                BridgeApp survivor = BridgeApp.start("outbox-to-stream.camel.yaml", SERVER, settings)) {
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> DB.count("SELECT count(*) FROM outbox_order") == 0);
            for (int t = 0; t < 6; t++) {
                writers.add(CompletableFuture.runAsync(() -> writeChanges(writing, committed)));
            }
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> countMessages(client, id) >= 150
                            && killed.lines().stream().anyMatch(l -> l.contains("Published")));
            killed.kill();
            int atKill = committed.get();
            await().atMost(Duration.ofSeconds(90)).until(() -> committed.get() >= atKill + 150);
            writing.set(false);
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();
            await().atMost(Duration.ofSeconds(180)).until(() -> DB.count("SELECT count(*) FROM outbox_order") == 0);
        }

        Map<String, Integer> versions = new HashMap<>();
        for (List<Object> row : DB.query("SELECT id, version FROM aggregates")) {
            versions.put((String) row.get(0), ((Number) row.get(1)).intValue());
        }
        Map<String, List<String>> published = new TreeMap<>();
        int sent = 0;
        for (List<Stored> partition : StreamData.readAll(client, id, 3).values()) {
            for (Stored m : partition) {
                published.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m.value());
                sent++;
            }
        }
        assertThat(versions.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(committed.get());
        assertThat(sent).isGreaterThanOrEqualTo(committed.get());
        versions.forEach((key, last) -> {
            List<String> expected = new ArrayList<>();
            for (int v = 1; v <= last; v++) {
                expected.add(key + ":" + v);
            }
            List<String> seen = published.getOrDefault(key, List.of());
            Set<String> firsts = new LinkedHashSet<>(seen);
            assertThat(new ArrayList<>(firsts))
                    .as("versions of %s in stream order", key)
                    .isEqualTo(expected);
        });
    }

    /** One application transaction after another: lock an aggregate, bump its version, insert the outbox row. */
    private static void writeChanges(AtomicBoolean writing, AtomicInteger committed) {
        try (Connection c = DB.connect()) {
            c.setAutoCommit(false);
            while (writing.get()) {
                String key = "order-" + ThreadLocalRandom.current().nextInt(10);
                int version;
                try (PreparedStatement lock =
                        c.prepareStatement("SELECT version FROM aggregates WHERE id = ? FOR UPDATE")) {
                    lock.setString(1, key);
                    try (ResultSet r = lock.executeQuery()) {
                        r.next();
                        version = r.getInt(1) + 1;
                    }
                }
                try (PreparedStatement bump = c.prepareStatement("UPDATE aggregates SET version = ? WHERE id = ?");
                        PreparedStatement outbox =
                                c.prepareStatement("INSERT INTO outbox_order (aggregate_id, payload) VALUES (?, ?)")) {
                    bump.setInt(1, version);
                    bump.setString(2, key);
                    bump.executeUpdate();
                    outbox.setString(1, key);
                    outbox.setString(2, key + ":" + version);
                    outbox.executeUpdate();
                }
                c.commit();
                committed.incrementAndGet();
                Thread.sleep(ThreadLocalRandom.current().nextInt(5, 20));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int countMessages(StreamClient client, String id) {
        return countMessages(client, id, 3);
    }

    private static int countMessages(StreamClient client, String id, int partitions) {
        return StreamData.readAll(client, id, partitions).values().stream()
                .mapToInt(List::size)
                .sum();
    }

    private static JavaProcess startBridge(Map<String, String> settings) throws Exception {
        List<String> options = new ArrayList<>();
        options.add("-Dlocal-server.enabled=false");
        options.add("-Dcamel.component.oci-streaming.endpoint=" + SERVER.url());
        options.add("-Dcamel.component.oci-streaming.compartment-id=" + SdkClients.COMPARTMENT);
        settings.forEach((key, value) -> options.add("-D" + key + "=" + value));
        return JavaProcess.startMain(
                "outbox-to-stream",
                BridgeApp.PROJECT,
                options,
                Launcher.class.getName(),
                "run",
                "routes/outbox-to-stream.camel.yaml");
    }

    private static Map<String, String> settings(String stream, String table) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bridge.outbox.stream", stream);
        settings.put("bridge.outbox.url", DB.jdbcUrl());
        settings.put("bridge.outbox.user", DB.user());
        settings.put("bridge.outbox.table", table);
        settings.put("bridge.outbox.channel", table);
        settings.put("bridge.outbox.retry-delay-ms", "200");
        settings.put("bridge.outbox.max-retry-delay-ms", "1000");
        return settings;
    }
}
