package dev.ocistreaming.app.bench;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.local.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Figure 4: the server in a JVM of its own, driven by SDK loops: its heap after GC while it fills to the stored size
 * of the scale (1 GiB in the full run), then PutMessages and GetMessages capacity with the CPU the server and the SDK
 * client spend per message.
 */
final class ServerFigures {

    static final long HEAP_TOLERANCE = 64L * 1024 * 1024;

    private static final String BATCH_1 = "batch1";
    private static final String BATCH_4 = "batch4";
    private static final String SINGLE = "single";
    private static final String READ = "read";
    private static final String GROUP_READ = "groupRead";
    private static final int BATCH = 1000;
    private static final int VALUE_BYTES = 100;
    private static final int READ_LIMIT = 10_000;
    private static final int FILL_VALUE_BYTES = 1000;
    private static final int HEAP_PROBES = 4;
    /** Server CPU per message: what a PutMessages of 1000 x 100 B and a GetMessages may cost at most. */
    private static final double PUT_TARGET_MICROS = 2.0;

    private static final double GET_TARGET_MICROS = 1.0;

    private final Path dataDir;
    private final FsyncPolicy fsync;
    private final BenchScale scale;
    private final Report report;
    private final AtomicInteger groups = new AtomicInteger();
    private ServerChild server;

    ServerFigures(Path dataDir, FsyncPolicy fsync, BenchScale scale, Report report) {
        this.dataDir = dataDir;
        this.fsync = fsync;
        this.scale = scale;
        this.report = report;
    }

    void run() throws Exception {
        try (ServerChild child = ServerChild.start(dataDir, fsync);
                BenchEnv env = new BenchEnv(child.url())) {
            server = child;
            // the heap first, from an empty server; then the capacity cases, on a server that holds the fill
            heap(env, env.createStream("bench-fill", 1));
            String streamId = env.createStream("bench-server", 1);
            capacity(env, streamId);
            keepAlive(child.url(), streamId);
        }
    }

    private void capacity(BenchEnv env, String streamId) throws Exception {
        byte[] value = new byte[VALUE_BYTES];
        new Random(4).nextBytes(value);
        List<StreamClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(env.newClient());
        }
        long box = scale.serverRun().toNanos();
        Workers.Work batch = (t, end) -> BenchEnv.putUntil(clients.get(t), streamId, value, BATCH, end);
        Workers.Work single = (t, end) -> BenchEnv.putUntil(clients.get(t), streamId, value, 1, end);
        Workers.Work read =
                (t, end) -> read(clients.get(t), BenchEnv.partitionCursor(clients.get(t), streamId), streamId, end);
        Workers.Work groupRead = (t, end) -> read(clients.get(t), groupCursor(clients.get(t), streamId), streamId, end);
        Map<String, List<Rate>> rates = new Rounds()
                .add(BATCH_1, () -> cpu(() -> Workers.run(1, box, batch)))
                .add(BATCH_4, () -> cpu(() -> Workers.run(4, box, batch)))
                .add(SINGLE, () -> cpu(() -> Workers.run(1, box, single)))
                .add(READ, () -> cpu(() -> Workers.run(1, box, read)))
                .add(GROUP_READ, () -> cpu(() -> Workers.run(1, box, groupRead)))
                .runAll(report, "server", scale.warmups(), scale.rounds());
        Map<String, Double> perSecond = Rounds.medians(rates, Rate::perSecond);
        Map<String, Double> server = Rounds.medians(rates, Rate::serverMicrosPerMessage);
        Map<String, Double> client = Rounds.medians(rates, Rate::clientMicrosPerMessage);
        String figure = "server (own JVM, fsync=" + fsync.name().toLowerCase() + ")";
        row(
                figure,
                "PutMessages " + BATCH + " x " + VALUE_BYTES + " B, 1 SDK thread",
                BATCH_1,
                perSecond,
                server,
                client,
                PUT_TARGET_MICROS);
        row(
                figure,
                "PutMessages " + BATCH + " x " + VALUE_BYTES + " B, 4 SDK threads",
                BATCH_4,
                perSecond,
                server,
                client,
                PUT_TARGET_MICROS);
        row(
                figure,
                "PutMessages 1 x " + VALUE_BYTES + " B (one request per message), 1 thread",
                SINGLE,
                perSecond,
                server,
                client,
                0);
        row(
                figure,
                "GetMessages limit " + READ_LIMIT + ", partition cursor",
                READ,
                perSecond,
                server,
                client,
                GET_TARGET_MICROS);
        row(
                figure,
                "GetMessages limit " + READ_LIMIT + ", group cursor (commitOnGet)",
                GROUP_READ,
                perSecond,
                server,
                client,
                GET_TARGET_MICROS);
    }

    /** A thousand keep-alive clients at once, each asking for the stream on its own connection, round after round. */
    private void keepAlive(String url, String streamId) throws Exception {
        long box = scale.serverRun().toNanos();
        KeepAliveFigure.run(url, streamId, box / 2); // warm-up
        long cpu0 = server.cpuNanos();
        KeepAliveFigure.Result r = KeepAliveFigure.run(url, streamId, box);
        double cpuPerRequest = (server.cpuNanos() - cpu0) / 1e3 / r.requests();
        report.progress("server, %d keep-alive connections: %d held", KeepAliveFigure.CONNECTIONS, r.held());
        report.row(
                "server (own JVM, fsync=" + fsync.name().toLowerCase() + ")",
                KeepAliveFigure.CONNECTIONS + " keep-alive connections at once, GetStream on each in turn",
                Stats.count(r.requests() / r.seconds()) + " requests/s, server " + Stats.micros(cpuPerRequest)
                        + " CPU/request; a round of " + KeepAliveFigure.CONNECTIONS + ": median "
                        + Stats.fixed(r.medianRoundMs(), 0) + " ms, worst " + Stats.fixed(r.worstRoundMs(), 0) + " ms",
                r.held() + " of " + KeepAliveFigure.CONNECTIONS + " still open and answered at the end",
                "",
                report.target(
                        "keep-alive clients held",
                        KeepAliveFigure.CONNECTIONS + " held",
                        r.held() == KeepAliveFigure.CONNECTIONS));
    }

    /** @param targetMicros the most server CPU per message allowed, or 0 for no target */
    private void row(
            String figure,
            String what,
            String key,
            Map<String, Double> perSecond,
            Map<String, Double> server,
            Map<String, Double> client,
            double targetMicros) {
        double s = server.get(key);
        double c = client.get(key);
        report.row(
                figure,
                what,
                Stats.count(perSecond.get(key)) + " msgs/s, server " + Stats.micros(s) + " CPU/msg",
                "SDK client: " + Stats.micros(c) + " CPU/msg",
                Stats.ratio(s / c) + " (CPU)",
                targetMicros == 0
                        ? ""
                        : report.target(
                                "server CPU per message, " + key,
                                "≤ " + Stats.micros(targetMicros),
                                s <= targetMicros));
    }

    /** Measures the CPU both processes spent while {@code work} ran. */
    private Rate cpu(Rounds.Case work) throws Exception {
        long server0 = server.cpuNanos();
        long client0 = Cpu.processNanos();
        Rate rate = work.run();
        return rate.withCpu(server.cpuNanos() - server0, Cpu.processNanos() - client0);
    }

    /** Reads from the cursor until the deadline or the end of the partition. */
    private static long read(StreamClient client, String cursor, String streamId, long deadline) {
        long read = 0;
        while (System.nanoTime() < deadline) {
            GetMessagesResponse r = BenchEnv.getMessages(client, streamId, cursor, READ_LIMIT);
            if (r.getItems().isEmpty()) {
                break;
            }
            read += r.getItems().size();
            cursor = r.getOpcNextCursor();
        }
        return read;
    }

    private String groupCursor(StreamClient client, String streamId) {
        return BenchEnv.groupCursor(
                client,
                streamId,
                "bench-" + groups.incrementAndGet(),
                "reader",
                CreateGroupCursorDetails.Type.TrimHorizon,
                null);
    }

    /**
     * Fills the server with 1000-byte messages until its data directory holds the scale's stored size, probing the
     * heap after GC at each quarter. The heap of the empty server is the baseline.
     */
    private void heap(BenchEnv env, String streamId) throws Exception {
        long emptyHeap = server.heap();
        long emptyStored = stored();
        byte[] value = new byte[FILL_VALUE_BYTES];
        new Random(5).nextBytes(value);
        List<StreamClient> clients = List.of(env.newClient(), env.newClient());
        List<Long> heaps = new ArrayList<>(List.of(emptyHeap));
        List<Long> storedAt = new ArrayList<>(List.of(emptyStored));
        long written = 0;
        long start = System.nanoTime();
        for (int probe = 1; probe <= HEAP_PROBES; probe++) {
            long goal = scale.storedBytes() * probe / HEAP_PROBES;
            while (stored() < goal) {
                written += fill(clients, streamId, value, goal - stored());
            }
            heaps.add(server.heap());
            storedAt.add(stored());
            report.progress(
                    "server heap: %s after GC with %s stored",
                    Stats.mib(heaps.get(probe)), Stats.mib(storedAt.get(probe)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long worst =
                heaps.stream().mapToLong(h -> Math.abs(h - emptyHeap)).max().orElse(0);
        String figure = "server (own JVM, fsync=" + fsync.name().toLowerCase() + ")";
        report.row(
                figure,
                "PutMessages " + BATCH + " x " + FILL_VALUE_BYTES + " B, 2 SDK threads (the fill)",
                Stats.fixed(written / seconds / 1e6, 1) + " MB/s",
                "",
                "",
                "");
        List<String> probes = new ArrayList<>();
        for (int i = 0; i < heaps.size(); i++) {
            probes.add(Stats.mib(heaps.get(i)) + " at " + Stats.mib(storedAt.get(i)));
        }
        report.row(
                figure,
                "heap in use after GC, 0 to " + Stats.mib(storedAt.get(storedAt.size() - 1)) + " stored",
                String.join("; ", probes.subList(1, probes.size())),
                "empty: " + probes.get(0),
                "max drift " + Stats.mib(worst),
                report.target("server heap flat", "within +-64 MiB", worst <= HEAP_TOLERANCE));
    }

    /** Writes about {@code bytes} of values with two SDK threads; @return the value bytes written */
    private static long fill(List<StreamClient> clients, String streamId, byte[] value, long bytes) throws Exception {
        long messages = Math.max(BATCH, bytes / value.length);
        BenchEnv.putCount(clients, streamId, value, BATCH, messages);
        return messages * value.length;
    }

    private long stored() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
