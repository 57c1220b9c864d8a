package dev.ocistreaming.app.bench;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.app.AppProperties;
import dev.ocistreaming.app.BundledFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.EventNotifier;

/**
 * Figure 4: the database bridges against a PostgreSQL of their own (started from the machine's PostgreSQL
 * installation, fsync on; skipped, saying why, without one). Stream to table: rows per second of the
 * stream-to-database route draining a backlog, beside a hand-written JDBC loop inserting the same rows in batches of
 * the same size, one transaction each. Outbox: the insert-to-stored latency of rows inserted at 100 per second, and
 * rows per second of a backlog.
 */
final class DatabaseFigures {

    static final double TARGET_RATIO = 0.8;
    static final long TARGET_P99_MILLIS = 50;

    private static final int BATCH = 500;
    private static final int VALUE_BYTES = 100;
    private static final int PARTITIONS = 3;
    /**
     * bridge.db.consumers of the route, and the threads of the hand-written bridge: one group instance per partition.
     * An instance reads at most 50 000 messages a second (5 GetMessages of 10 000), so with 2 instances on 3
     * partitions the one holding two reads its 2/3 of the rows at that pace: 75 000 rows/s for the whole drain.
     */
    private static final int CONSUMERS = PARTITIONS;
    /**
     * Each writer first writes this many times the timed rows, untimed, in the same run (the same JVM, bridge and
     * table): steady state, as a bridge that has run a while. After an untimed drain of as many rows in a bridge of
     * its own, the JIT compiler still took 1.6 s of CPU during the route's 7.5 s timed drain (the route's per-batch
     * code runs once per 500 rows, and reaches the compiler's thresholds slowly).
     */
    private static final int WARM_UP_MULTIPLE = 3;

    private final BenchEnv env;
    private final LongSupplier streamServerCpuNanos;
    private final BenchScale scale;
    private final Report report;

    /**
     * @param env the stream server, in a JVM of its own: in production the bridge's JVM holds the bridge only (the
     *     service is elsewhere), and a server in the bench's JVM added its own garbage to the bridge's heap
     * @param streamServerCpuNanos that JVM's CPU so far, counted with the bench's own as the figures' JVM CPU
     */
    DatabaseFigures(BenchEnv env, LongSupplier streamServerCpuNanos, BenchScale scale, Report report) {
        this.env = env;
        this.streamServerCpuNanos = streamServerCpuNanos;
        this.scale = scale;
        this.report = report;
    }

    /** The CPU of both JVMs so far: the bench's (the bridge, the baselines' clients) and the stream server's. */
    private long javaCpuNanos() {
        return Cpu.processNanos() + streamServerCpuNanos.getAsLong();
    }

    void run() throws Exception {
        Optional<Path> bin = TemporaryPostgres.find();
        if (bin.isEmpty()) {
            String why = "skipped: " + TemporaryPostgres.absentReason();
            report.progress("database figures %s", why);
            report.row("stream -> PostgreSQL", "stream-to-database route", why, "", "", "");
            report.row("outbox -> stream", "outbox-to-stream route", why, "", "", "");
            return;
        }
        try (TemporaryPostgres db = TemporaryPostgres.start(bin.get(), true)) {
            streamToTable(db);
            outbox(db);
        }
    }

    private void streamToTable(TemporaryPostgres db) throws Exception {
        int rows = scale.backlog() * 2 / 5;
        int warmUp = rows * WARM_UP_MULTIPLE;
        int total = warmUp + rows;
        report.progress(
                "stream -> PostgreSQL: %d messages of %d B, batches of %d, %d consumers; each writer writes %d, the last"
                        + " %d timed",
                total, VALUE_BYTES, BATCH, CONSUMERS, total, rows);
        // the route and the by-hand bridge read the same stream, each as a consumer group of its own
        String stream = env.createStream("bench-db", PARTITIONS);
        byte[] value = value();
        BenchEnv.putCount(List.of(env.newClient()), stream, value, 1000, total);
        Rate baseline = jdbcLoop(db, "baseline", warmUp, total, new String(value, StandardCharsets.UTF_8));
        settle(db);
        Rate byHand = byHand(db, stream, "by_hand", warmUp, total);
        settle(db);
        Rate route = drainWithRoute(db, "bench-db", warmUp, total);
        // the outbox's latency is next: the 4.8 million rows just written are dropped and checkpointed first, so that
        // neither their autovacuum nor their checkpoint falls into it
        dropAndSettle(db, "baseline", "by_hand", "oci_stream_messages");
        String figure = "stream -> PostgreSQL, " + rows + " x 100 B, 3 partitions";
        report.row(
                figure,
                "JDBC loop: batch insert of " + BATCH + " rows, one transaction per batch (rows already in memory)",
                Stats.count(baseline.perSecond()) + " rows/s" + cpuPerRow(baseline),
                "(baseline)",
                "",
                "");
        report.row(
                figure,
                "by hand, " + CONSUMERS + " threads: SDK GetMessages (group, commitOnGet) + the same JDBC batches (at"
                        + " least once)",
                Stats.count(byHand.perSecond()) + " rows/s" + cpuPerRow(byHand),
                "(baseline)",
                "",
                "");
        double ratio = route.perSecond() / baseline.perSecond();
        report.row(
                figure,
                "stream-to-database route, batch-size " + BATCH + ", consumers " + CONSUMERS
                        + " (read from the stream, exactly once)",
                Stats.count(route.perSecond()) + " rows/s" + cpuPerRow(route),
                "JDBC loop: " + Stats.count(baseline.perSecond()) + " rows/s; by hand: "
                        + Stats.count(byHand.perSecond()) + " rows/s",
                Stats.ratio(ratio) + "; " + Stats.ratio(route.perSecond() / byHand.perSecond()),
                report.atLeast("stream -> PostgreSQL", ratio, TARGET_RATIO));
    }

    /** {@link HandWrittenBridge} copying {@code total} rows of the stream into a new {@code table}, timed as the route is. */
    private Rate byHand(TemporaryPostgres db, String streamId, String table, int warmUp, int total) throws Exception {
        try (Connection c = connect(db)) {
            createTable(c, table);
        }
        AtomicLong written = new AtomicLong();
        CountDownLatch measured = new CountDownLatch(1);
        HandWrittenBridge bridge = new HandWrittenBridge(env, db, BATCH);
        CompletableFuture<Void> copying = CompletableFuture.runAsync(() -> {
            try {
                bridge.copy(streamId, table, CONSUMERS, total, written, measured);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        // the copy's threads wait for measured before they end, so a copy done before it has failed: join throws
        Rate rate;
        try {
            rate = drain(
                    () -> {
                        if (copying.isDone()) {
                            copying.join();
                        }
                        return written.get();
                    },
                    warmUp,
                    total,
                    db);
        } finally {
            measured.countDown();
        }
        copying.join();
        return rate;
    }

    /**
     * Runs the route on {@code stream} until the table holds {@code total} rows: how far the positions got is how
     * many rows it has there (each partition's offsets start at 0 and follow each other); reading three rows,
     * unlike counting the growing table, costs the database nothing.
     */
    private Rate drainWithRoute(TemporaryPostgres db, String stream, int warmUp, int total) throws Exception {
        Main bridge = bridge(
                "stream-to-database.camel.yaml",
                Map.of(
                        "bridge.db.stream",
                        stream,
                        "bridge.db.url",
                        db.jdbcUrl(),
                        "bridge.db.user",
                        TemporaryPostgres.USER,
                        "bridge.db.batch-size",
                        Integer.toString(BATCH),
                        "bridge.db.consumers",
                        Integer.toString(CONSUMERS)));
        try (Connection c = connect(db)) {
            return drain(
                    () -> count(
                            c,
                            "SELECT coalesce(sum(last_offset + 1), 0) FROM oci_stream_positions WHERE stream = '"
                                    + stream + "'"),
                    warmUp,
                    total,
                    db);
        } finally {
            bridge.stop();
        }
    }

    /**
     * {@code ; CPU per row: JVM 12.3 us + PostgreSQL 4.5 us}, or nothing where the database's CPU is unknown; JVM is
     * both, the bench's and the stream server's.
     */
    private static String cpuPerRow(Rate rate) {
        if (rate.serverCpuNanos() < 0) {
            return "";
        }
        return "; CPU per row: JVM " + Stats.micros(rate.clientMicrosPerMessage()) + " + PostgreSQL "
                + Stats.micros(rate.serverMicrosPerMessage());
    }

    private static long cpuSince(long now, long before) {
        return now < 0 || before < 0 ? -1 : now - before;
    }

    /**
     * The hand-written baseline: the same rows into a table of the same shape, batches of {@value #BATCH}, the rows
     * after the first {@code warmUp} timed. Its CPU is read before the connection closes, while the database's process
     * for it still counts.
     */
    private Rate jdbcLoop(TemporaryPostgres db, String table, int warmUp, int total, String value) throws SQLException {
        try (Connection c = connect(db)) {
            createTable(c, table);
            c.setAutoCommit(false);
            long cpu = 0;
            long dbCpu = 0;
            long start = 0;
            try (PreparedStatement insert = c.prepareStatement(insertInto(table))) {
                for (int i = 0; i < total; i++) {
                    if (i == warmUp) {
                        cpu = javaCpuNanos();
                        dbCpu = db.cpuNanos();
                        start = System.nanoTime();
                    }
                    insert.setString(1, "bench-db");
                    insert.setInt(2, i % 3);
                    insert.setLong(3, i / 3);
                    insert.setString(4, null);
                    insert.setString(5, value);
                    insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
                    insert.addBatch();
                    if ((i + 1) % BATCH == 0 || i == total - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            return Rate.since(total - warmUp, start).withCpu(cpuSince(db.cpuNanos(), dbCpu), javaCpuNanos() - cpu);
        }
    }

    /**
     * Between two writers, untimed: vacuums what the last one wrote and checkpoints, so that neither PostgreSQL's
     * autovacuum of a table nor a checkpoint of its WAL falls into the next writer's time (and CPU) instead.
     */
    private static void settle(TemporaryPostgres db) throws SQLException {
        try (Connection c = connect(db);
                Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
            s.execute("CHECKPOINT");
        }
    }

    private static void dropAndSettle(TemporaryPostgres db, String... tables) throws SQLException {
        try (Connection c = connect(db);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + String.join(", ", tables));
        }
        settle(db);
    }

    /** A baseline's table: the columns and primary key of the route's default table. */
    static void createTable(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (stream VARCHAR(255) NOT NULL, stream_partition INTEGER NOT NULL,"
                    + " stream_offset BIGINT NOT NULL, message_key TEXT, message_value TEXT,"
                    + " appended_at TIMESTAMP WITH TIME ZONE, PRIMARY KEY (stream, stream_partition, stream_offset))");
        }
    }

    /** The insert of the baselines: the columns of the route's default table, in its order. */
    static String insertInto(String table) {
        return "INSERT INTO " + table + " (stream, stream_partition, stream_offset, message_key, message_value,"
                + " appended_at) VALUES (?, ?, ?, ?, ?, ?)";
    }

    private void outbox(TemporaryPostgres db) throws Exception {
        String streamId = env.createStream("bench-outbox", 1);
        StoredLatencies stored = new StoredLatencies();
        Main bridge = bridge(
                "outbox-to-stream.camel.yaml",
                Map.of(
                        "bridge.outbox.stream",
                        "bench-outbox",
                        "bridge.outbox.url",
                        db.jdbcUrl(),
                        "bridge.outbox.user",
                        TemporaryPostgres.USER),
                stored);
        StreamClient client = env.newClient();
        try (Connection c = connect(db)) {
            waitFor(() -> tableExists(c, "outbox"), "the outbox table");
            Thread.sleep(1000); // the trigger too
            long seconds = Math.max(5, scale.fastLatencyRun().toSeconds());
            report.progress("outbox latency floor: 100 rows/s for %d s", seconds);
            long[] floor = durableWritesByHand(db, client, env.createStream("bench-outbox-floor", 1), seconds);
            report.progress("outbox latency: 100 rows/s for %d s", seconds);
            int rows = (int) (seconds * 100);
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO outbox (aggregate_id, payload) VALUES (?, ?)")) {
                everyTenMillis(rows, i -> {
                    insert.setString(1, "key-" + (i % 10));
                    insert.setString(2, Long.toString(System.nanoTime()));
                    insert.executeUpdate(); // autocommit: the row's own transaction
                });
            }
            waitFor(() -> stored.size() >= rows, "the outbox rows stored");
            stored.stopRecording();
            long onStream = countMessages(client, streamId);
            if (onStream < rows) {
                throw new IllegalStateException(
                        "the route reported " + rows + " outbox rows stored, the stream holds " + onStream);
            }
            // the first second warms up the route
            long[] samples = stored.after(100);
            long p99 = Stats.percentile(samples, 99);
            report.row(
                    "outbox -> stream, 100 rows/s",
                    "the two durable writes by hand: INSERT (its own transaction), then one PutMessages of the row,"
                            + " time from before the insert to the PutMessages' answer (" + floor.length + " samples)",
                    latencies(floor),
                    "(baseline)",
                    "",
                    "");
            report.row(
                    "outbox -> stream, 100 rows/s",
                    "outbox-to-stream route, LISTEN/NOTIFY, time from before the insert to the route's PutMessages'"
                            + " answer (" + samples.length + " samples)",
                    latencies(samples),
                    "writes by hand: p99 " + Stats.millis(Stats.percentile(floor, 99)) + " ms",
                    Stats.ratio((double) p99 / Stats.percentile(floor, 99)),
                    report.target(
                            "outbox p99 latency",
                            "p99 < " + TARGET_P99_MILLIS + " ms",
                            p99 < TimeUnit.MILLISECONDS.toNanos(TARGET_P99_MILLIS)));

            int backlog = scale.backlog() / 10;
            report.progress("outbox backlog: %d rows", backlog);
            try (Statement s = c.createStatement()) {
                long start = System.nanoTime();
                s.execute("INSERT INTO outbox (aggregate_id, payload) SELECT 'key-' || (n % 10), repeat('x', "
                        + VALUE_BYTES + ") FROM generate_series(1, " + backlog + ") n");
                waitFor(() -> count(c, "SELECT count(*) FROM outbox") == 0, "the outbox backlog");
                Rate rate = Rate.since(backlog, start);
                report.row(
                        "outbox -> stream, " + backlog + " x 100 B backlog",
                        "outbox-to-stream route, batch-size 500, 10 keys",
                        Stats.count(rate.perSecond()) + " rows/s",
                        "",
                        "",
                        "");
            }
        } finally {
            bridge.stop();
        }
    }

    /**
     * The floor under the outbox's latency, in the same run: what a row costs at least between its insert and the
     * stream holding it, the database's commit and the server's, with nothing in between (no notification, claim,
     * delete, nor the reader's poll). One row every 10 ms for {@code seconds}, into a table of its own; the first
     * second is warm-up.
     */
    private static long[] durableWritesByHand(TemporaryPostgres db, StreamClient client, String streamId, long seconds)
            throws SQLException, InterruptedException {
        try (Connection c = connect(db)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE outbox_by_hand (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)");
            }
            long[] latencies = new long[(int) (seconds * 100)];
            byte[] value = value();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO outbox_by_hand (payload) VALUES (?)")) {
                everyTenMillis(latencies.length, i -> {
                    long start = System.nanoTime();
                    insert.setString(1, "row " + i);
                    insert.executeUpdate(); // autocommit: the row's own transaction
                    if (BenchEnv.put(client, streamId, value, 1) != 0) {
                        throw new IllegalStateException("the server refused a message of the outbox floor");
                    }
                    latencies[i] = System.nanoTime() - start;
                });
            }
            return Arrays.copyOfRange(latencies, 100, latencies.length);
        }
    }

    /** One row's write, {@code i} counting from 0. */
    private interface RowWrite {
        void write(int i) throws SQLException;
    }

    /** {@code rows} writes, one every 10 ms (100 rows a second), on a schedule a late write does not move. */
    private static void everyTenMillis(int rows, RowWrite write) throws SQLException, InterruptedException {
        long interval = TimeUnit.MILLISECONDS.toNanos(10);
        long next = System.nanoTime();
        for (int i = 0; i < rows; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            write.write(i);
            next += interval;
        }
    }

    /** {@code p50 …, p99 …, max … ms} of latencies in nanoseconds. */
    private static String latencies(long[] samples) {
        return "p50 " + Stats.millis(Stats.percentile(samples, 50)) + " ms, p99 "
                + Stats.millis(Stats.percentile(samples, 99)) + " ms, max "
                + Stats.millis(Stats.percentile(samples, 100)) + " ms";
    }

    /** The messages of the stream's one partition, read from its start. */
    private static long countMessages(StreamClient client, String streamId) {
        String cursor = BenchEnv.partitionCursor(client, streamId);
        long count = 0;
        while (true) {
            GetMessagesResponse response = BenchEnv.getMessages(client, streamId, cursor, 10_000);
            if (response.getItems().isEmpty()) {
                return count;
            }
            count += response.getItems().size();
            cursor = response.getOpcNextCursor();
        }
    }

    /**
     * The route file from the jar, as {@code run} loads it, pointed at the bench's server and database, started, with
     * {@code notifiers} told of its events from the start.
     */
    private Main bridge(String routeFile, Map<String, String> settings, EventNotifier... notifiers) throws Exception {
        Main main = new Main();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport configuring) {
                for (EventNotifier notifier : notifiers) {
                    configuring.getCamelContext().getManagementStrategy().addEventNotifier(notifier);
                }
            }
        });
        main.setPropertyPlaceholderLocations(AppProperties.CAMEL_LOCATIONS);
        main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:" + BundledFiles.ROUTES + routeFile);
        main.addOverrideProperty("camel.component.oci-streaming.endpoint", env.url());
        main.addOverrideProperty("camel.component.oci-streaming.compartment-id", BenchEnv.COMPARTMENT);
        settings.forEach(main::addOverrideProperty);
        main.start();
        return main;
    }

    /**
     * Rows per second from the first look that sees at least {@code warmUp} rows until {@code total}, with the CPU the
     * JVM and the database spent meanwhile.
     */
    private Rate drain(LongSupplier rows, long warmUp, long total, TemporaryPostgres db) throws InterruptedException {
        long first;
        while ((first = rows.getAsLong()) < warmUp) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        long cpu = javaCpuNanos();
        long dbCpu = db.cpuNanos();
        while (rows.getAsLong() < total) {
            // each look is a query: every 20 ms costs the database little and the figure at most 2 % of a 1 s drain
            Thread.sleep(20);
        }
        return Rate.since(total - first, start).withCpu(cpuSince(db.cpuNanos(), dbCpu), javaCpuNanos() - cpu);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited 5 minutes for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static boolean tableExists(Connection c, String table) {
        try (ResultSet r = c.getMetaData().getTables(null, null, table, null)) {
            return r.next();
        } catch (SQLException e) {
            return false;
        }
    }

    private static long count(Connection c, String sql) {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            return 0; // the table is not there yet
        }
    }

    static Connection connect(TemporaryPostgres db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), TemporaryPostgres.USER, "");
    }

    private static byte[] value() {
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'v');
        return value;
    }
}
