package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.PutMessagesResult;
import com.oracle.bmc.streaming.model.PutMessagesResultEntry;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.testsupport.JavaProcess;
import dev.ocistreaming.testsupport.SdkClients;
import dev.ocistreaming.testsupport.SmallDisk;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * A randomised run of everything that can go wrong with the disk under a running server: writers and
 * a consumer group keep working while the server (a JVM of its own) is killed with SIGKILL and
 * restarted, sealed segments get flipped bytes and garbage, and the disk fills up and frees again.
 * A checker then holds the server to its promises over everything acknowledged and everything read:
 * nothing but acknowledged (or possibly-written) content at an offset, no offset handed out twice, a
 * write answered with an error never surfaces, acknowledged messages are lost only where bytes were
 * damaged, the group never skips a message, every call is answered within a bound, and the server
 * always starts.
 *
 * <p>Seeded: {@code -Dtorture.seed=N} repeats a run (the seed is printed, and named in any failure);
 * {@code -Dtorture.seconds=N} sets how long the faults go on (25 s by default; the server starts and the final checks come on top).
 */
class StorageTortureIT {

    private static final int PARTITIONS = 3;
    private static final long CALL_BOUND_MS = 30_000;
    private static final String GROUP = "checker";
    /** Small segments, so that there are many sealed ones to damage. */
    private static final int SEGMENT_BYTES = 4096;
    /** The most messages one writer puts in one call. */
    private static final int MAX_PUT = 20;
    /** Makes messages about 100 bytes, as in the demo's load. */
    private static final String PADDING = "-".repeat(80);

    @TempDir
    Path scratch;

    private final long seed = Long.getLong("torture.seed", System.nanoTime());
    private final long seconds = Long.getLong("torture.seconds", 25);
    private final Random random = new Random(seed);

    private Path dataDir;
    private SmallDisk disk;
    private final AtomicReference<String> url = new AtomicReference<>();
    private JavaProcess server;
    private int starts;
    private String streamId;

    /** partition/offset -> value, for every acknowledged message. */
    private final Map<String, String> acked = new ConcurrentHashMap<>();
    /** Values whose PutMessages got no answer (the server died): they may or may not be stored. */
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    /** Values whose entry was answered with an error: they must never be served. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** partition/offset -> value, for everything the group read. */
    private final Map<String, String> groupRead = new ConcurrentHashMap<>();
    /** Per partition and sealed segment base offset: how many records corruption may have destroyed there. */
    private final Map<String, Integer> damageAllowance = new ConcurrentHashMap<>();

    private final List<String> violations = new CopyOnWriteArrayList<>();
    /** Why PutMessages calls got no answer, with how often: shown in the summary. */
    private final Map<String, Integer> putFailures = new ConcurrentHashMap<>();

    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void theServerKeepsItsPromisesUnderKillsRotAndAFullDisk() throws Exception {
        System.out.println("StorageTortureIT seed " + seed + " (repeat with -Dtorture.seed=" + seed + ")");
        try {
            run();
        } catch (AssertionError | Exception e) {
            throw new AssertionError("StorageTortureIT failed with seed " + seed + ": " + e.getMessage(), e);
        } finally {
            if (server != null) {
                server.close();
            }
            if (disk != null) {
                disk.close();
            }
        }
    }

    private void run() throws Exception {
        try {
            disk = SmallDisk.mount(64);
            dataDir = disk.path().resolve("data");
        } catch (TestAbortedException notRoot) {
            System.out.println("StorageTortureIT: " + notRoot.getMessage() + "; running without disk-full periods");
            dataDir = scratch.resolve("data");
        }
        startServer();
        streamId = Sdk.createStream(url.get(), "torture", PARTITIONS);

        ExecutorService pool = Executors.newCachedThreadPool();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            long writerSeed = random.nextLong();
            workers.add(pool.submit(() -> write(writer, new Random(writerSeed))));
        }
        for (int r = 0; r < 2; r++) {
            String instance = "reader-" + r;
            workers.add(pool.submit(() -> readAsGroup(instance)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500 + random.nextInt(2000));
            // a restart takes seconds on a busy machine: kills are the rarest fault, so most of the run has a server
            int fault = random.nextInt(10);
            if (fault < 2) {
                killAndRestart();
            } else if (fault < 6 || disk == null) {
                corruptASealedSegment();
            } else {
                fillTheDiskForAWhile();
            }
        }
        stop.set(true);
        for (Future<?> f : workers) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        killAndRestart(); // one more crash, then the final checks on what a fresh start serves
        drainTheGroup();
        check();
        assertThat(server.stop()).as("SIGTERM stops the server").isNotNull();
    }

    private void startServer() throws Exception {
        starts++;
        server = JavaProcess.startMain(
                "server-" + starts,
                scratch,
                List.of(),
                StandaloneServerMain.class.getName(),
                dataDir.toString(),
                "0",
                "ALWAYS",
                Integer.toString(SEGMENT_BYTES));
        String line =
                server.awaitLine("LISTENING (\\S+)", Duration.ofSeconds(90)).group(1);
        url.set(line);
    }

    private void killAndRestart() throws Exception {
        server.kill();
        startServer();
    }

    private void fillTheDiskForAWhile() throws InterruptedException {
        disk.fill();
        Thread.sleep(300 + random.nextInt(1500));
        disk.freeFill();
    }

    /** Flips a few bytes, or writes a short run of garbage, somewhere in a sealed segment of a partition. */
    private void corruptASealedSegment() throws IOException {
        int partition = random.nextInt(PARTITIONS);
        Path dir = dataDir.resolve("logs").resolve(streamId).resolve(Integer.toString(partition));
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        if (segments.size() < 2) {
            return;
        }
        Path segment = segments.get(random.nextInt(segments.size() - 1)); // never the active one
        long size = Files.size(segment);
        if (size < 64) {
            return;
        }
        int length = random.nextBoolean() ? 1 + random.nextInt(4) : 8 + random.nextInt(56);
        long position = (long) (random.nextDouble() * (size - length));
        byte[] garbage = new byte[length];
        random.nextBytes(garbage);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(position);
            f.write(garbage);
        }
        // a damaged run destroys the frames it overlaps, at most one per 28 bytes (the smallest frame) plus two;
        // a frame is one append, at most a whole put's messages
        String base = partition + "/" + segment.getFileName().toString().substring(0, 20);
        damageAllowance.merge(base, (length / 28 + 2) * MAX_PUT, Integer::sum);
    }

    private void write(int writer, Random r) {
        StreamClient client = null;
        String clientUrl = null;
        for (long n = 0; !stop.get(); n++) {
            if (!url.get().equals(clientUrl)) {
                if (client != null) {
                    client.close();
                }
                clientUrl = url.get();
                client = SdkClients.streamClient(clientUrl);
            }
            int count = 1 + r.nextInt(MAX_PUT);
            List<PutMessagesDetailsEntry> entries = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String value = "w" + writer + "-" + n + "-" + i + PADDING;
                values.add(value);
                entries.add(Sdk.entry("key" + r.nextInt(50), value));
            }
            StreamClient c = client;
            long started = System.nanoTime();
            try {
                PutMessagesResult result = Sdk.put(c, streamId, entries);
                for (int i = 0; i < count; i++) {
                    PutMessagesResultEntry e = result.getEntries().get(i);
                    if (e.getError() != null) {
                        refused.add(values.get(i));
                    } else {
                        String where = e.getPartition() + "/" + e.getOffset();
                        String before = acked.putIfAbsent(where, values.get(i));
                        if (before != null) {
                            violations.add("offset " + where + " handed out twice: " + before + ", " + values.get(i));
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (e instanceof BmcException b && b.getStatusCode() >= 400 && b.getStatusCode() < 500) {
                    violations.add("PutMessages refused as bad input: " + b.getMessage());
                }
                unknown.addAll(values); // no answer (the server died, or the request failed): maybe stored
                String why = e instanceof BmcException b
                        ? "HTTP " + b.getStatusCode() + (b.getStatusCode() == -1 ? " (no connection)" : "")
                        : e.getClass().getSimpleName();
                putFailures.merge(why, 1, Integer::sum);
                pause(100);
            }
            checkBound("PutMessages", started);
        }
    }

    /** A group member reading with commitOnGet, re-joining whenever its cursor stops working. */
    private void readAsGroup(String instance) {
        String cursor = null;
        StreamClient client = null;
        String clientUrl = null;
        while (!stop.get()) {
            cursor = readOnce(instance, cursor, client);
            if (!url.get().equals(clientUrl)) {
                if (client != null) {
                    client.close();
                }
                clientUrl = url.get();
                client = SdkClients.streamClient(clientUrl);
                cursor = null;
            }
        }
    }

    /** One GetMessages (creating the group cursor if needed); returns the cursor to use next, or null to re-join. */
    private String readOnce(String instance, String cursor, StreamClient client) {
        if (client == null) {
            return null;
        }
        long started = System.nanoTime();
        try {
            String from =
                    cursor == null ? SdkClients.groupCursor(client, streamId, GROUP, instance, true, 10_000) : cursor;
            GetMessagesResponse r = Sdk.get(client, streamId, from, 500);
            for (Message m : r.getItems()) {
                noteRead(m);
            }
            if (r.getItems().isEmpty()) {
                pause(50);
            }
            return r.getOpcNextCursor();
        } catch (RuntimeException e) {
            pause(100);
            return null;
        } finally {
            checkBound("GetMessages", started);
        }
    }

    private void noteRead(Message m) {
        String where = m.getPartition() + "/" + m.getOffset();
        String value = new String(m.getValue(), UTF_8);
        String before = groupRead.putIfAbsent(where, value);
        if (before != null && !before.equals(value)) {
            violations.add("offset " + where + " read as " + before + " and later as " + value);
        }
        // content is checked at the end: a reader may see a message before its writer has the answer
    }

    private void checkContent(String where, String value) {
        String ack = acked.get(where);
        if (ack != null && !ack.equals(value)) {
            violations.add("offset " + where + " acknowledged as " + ack + " but served as " + value);
        } else if (ack == null && refused.contains(value)) {
            violations.add("offset " + where + " serves " + value + ", whose write was answered with an error");
        } else if (ack == null && !unknown.contains(value)) {
            violations.add("offset " + where + " serves " + value + ", which was acknowledged elsewhere or never sent");
        }
    }

    /** After the faults: the group reads until it has caught up (two empty reads in a row). */
    private void drainTheGroup() throws Exception {
        try (StreamClient c = SdkClients.streamClient(url.get())) {
            String cursor = SdkClients.groupCursor(c, streamId, GROUP, "drainer", true, 30_000);
            int empty = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (empty < 2 && System.nanoTime() < deadline) {
                long started = System.nanoTime();
                GetMessagesResponse r = Sdk.get(c, streamId, cursor, 10_000);
                checkBound("GetMessages", started);
                r.getItems().forEach(this::noteRead);
                empty = r.getItems().isEmpty() ? empty + 1 : 0;
                cursor = r.getOpcNextCursor();
            }
        }
    }

    private void check() throws Exception {
        Map<String, String> stored = new HashMap<>();
        try (StreamClient c = SdkClients.streamClient(url.get())) {
            for (int p = 0; p < PARTITIONS; p++) {
                long previous = -1;
                for (Message m : Sdk.readAll(c, streamId, p)) {
                    if (m.getOffset() <= previous) {
                        violations.add("partition " + p + " serves offset " + m.getOffset() + " after " + previous);
                    }
                    previous = m.getOffset();
                    String where = p + "/" + m.getOffset();
                    String value = new String(m.getValue(), UTF_8);
                    checkContent(where, value);
                    stored.put(where, value);
                }
            }
        }
        Map<String, Integer> lostPerSegment = new HashMap<>();
        for (Map.Entry<String, String> e : acked.entrySet()) {
            if (!stored.containsKey(e.getKey())) {
                String segment = damagedSegmentHolding(e.getKey());
                if (segment == null) {
                    violations.add("acknowledged " + e.getKey() + " = " + e.getValue() + " is gone, and no byte of"
                            + " its segment was damaged");
                } else {
                    lostPerSegment.merge(segment, 1, Integer::sum);
                }
            }
        }
        lostPerSegment.forEach((segment, lost) -> {
            if (lost > damageAllowance.get(segment)) {
                violations.add(lost + " acknowledged messages lost in segment " + segment
                        + ", more than its damaged bytes could hold (" + damageAllowance.get(segment) + ")");
            }
        });
        groupRead.forEach(this::checkContent);
        for (String where : stored.keySet()) {
            if (!groupRead.containsKey(where)) {
                violations.add("the group never read " + where + " (skipped)");
            }
        }
        System.out.println("StorageTortureIT seed " + seed + ": " + starts + " server starts, " + acked.size()
                + " acknowledged, " + refused.size() + " refused, " + unknown.size() + " unanswered, "
                + stored.size() + " stored at the end, " + groupRead.size() + " read by the group, "
                + lostPerSegment.values().stream().mapToInt(Integer::intValue).sum() + " lost to "
                + damageAllowance.size() + " damaged segment(s); unanswered puts: " + putFailures);
        assertThat(violations).as("broken promises").isEmpty();
        assertThat(acked).as("the run wrote something").isNotEmpty();
    }

    /** The damaged segment ("partition/base") holding an acknowledged offset, or null if its segment is intact. */
    private String damagedSegmentHolding(String where) throws IOException {
        String partition = where.substring(0, where.indexOf('/'));
        long offset = Long.parseLong(where.substring(where.indexOf('/') + 1));
        Path dir = dataDir.resolve("logs").resolve(streamId).resolve(partition);
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".log"))
                    .forEach(n -> bases.add(Long.parseLong(n.substring(0, 20))));
        }
        Collections.sort(bases);
        Long base = null;
        for (long b : bases) {
            if (b <= offset) {
                base = b;
            }
        }
        String key = partition + "/" + String.format("%020d", base == null ? 0 : base);
        return damageAllowance.containsKey(key) ? key : null;
    }

    private void checkBound(String call, long startedNanos) {
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        if (ms > CALL_BOUND_MS) {
            violations.add(call + " took " + ms + " ms to answer");
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
