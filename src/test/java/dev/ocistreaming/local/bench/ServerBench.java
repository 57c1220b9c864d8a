package dev.ocistreaming.local.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateCursorDetails;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.requests.CreateCursorRequest;
import com.oracle.bmc.streaming.requests.CreateGroupCursorRequest;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.GetMessagesRequest;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;

import dev.ocistreaming.local.StandaloneServerMain;
import dev.ocistreaming.testsupport.SdkClients;

/**
 * Loopback figures for the local server, printed, never asserted. The server runs in a child JVM
 * so its CPU time and heap are measured apart from the SDK client's.
 *
 * <pre>java -cp target/classes:target/test-classes:$(deps) dev.ocistreaming.local.bench.ServerBench [ALWAYS|INTERVAL|NEVER...]</pre>
 */
public final class ServerBench {

    private static final PrintStream OUT = System.out;

    private ServerBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] policies = args.length == 0 ? new String[] {"ALWAYS", "INTERVAL", "NEVER"} : args;
        for (String policy : policies) {
            run(policy);
        }
    }

    private static void run(String policy) throws Exception {
        Path dir = Files.createTempDirectory("bench");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                StandaloneServerMain.class.getName(), dir.toString(), "0", policy).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (l.startsWith("LISTENING ") || l.startsWith("HEAP ")) {
                        lines.add(l);
                    }
                }
            } catch (Exception e) {
                // child gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        String url = lines.poll(60, TimeUnit.SECONDS).substring("LISTENING ".length());
        OUT.println("== fsync " + policy.toLowerCase());
        try (StreamAdminClient admin = SdkClients.adminClient(url); StreamClient c = SdkClients.streamClient(url)) {
            String id = admin.createStream(CreateStreamRequest.builder().createStreamDetails(CreateStreamDetails
                    .builder().name("bench").partitions(1).compartmentId(SdkClients.COMPARTMENT).build()).build())
                    .getStream().getId();
            long heapEmpty = heap(child, lines);
            // warm-up: the same mix three times, unreported, so JIT compilation is not billed to the figures
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            int written = 0;
            for (int warm = 0; warm < 3; warm++) {
                written = phases(c, id, child, quiet, written);
            }
            written = phases(c, id, child, OUT, written);
            bulk(c, id, child, 100);
            long heap100 = heap(child, lines);
            bulk(c, id, child, 200);
            long heap300 = heap(child, lines);
            OUT.printf("  heap in use after GC: %.1f MiB empty, %.1f MiB after %.0f MiB written, %.1f MiB after %.0f"
                    + " MiB written%n", heapEmpty / 1048576.0, heap100 / 1048576.0, (size(dir) - 200e6) / 1048576.0,
                    heap300 / 1048576.0, size(dir) / 1048576.0);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    private static int phases(StreamClient c, String id, Process child, PrintStream out, int before) throws Exception {
        PrintStream saved = current;
        current = out;
        try {
            single(c, id, child, 400, 1);
            single(c, id, child, 800, 4);
            int batched = batched(c, id, child, 200, 500, 100);
            int total = before + 1200 + batched;
            reads(c, id, child, total);
            return total;
        } finally {
            current = saved;
        }
    }

    private static PrintStream current = OUT;

    private static void single(StreamClient c, String id, Process child, int total, int threads) throws Exception {
        Duration cpu0 = cpu(child);
        long t0 = System.nanoTime();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                for (int i = 0; i < total / threads; i++) {
                    long s = System.nanoTime();
                    put(c, id, 1, 100);
                    latencies.add(System.nanoTime() - s);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        current.printf("  single-message PutMessages, %d thread(s): %.0f msgs/s, p50 %.2f ms, p99 %.2f ms, server CPU %.0f us/call%n",
                threads, total / secs, sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 99 / 100) / 1e6,
                cpu(child).minus(cpu0).toNanos() / 1e3 / total);
    }

    private static int batched(StreamClient c, String id, Process child, int calls, int perCall, int size) {
        Duration cpu0 = cpu(child);
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            put(c, id, perCall, size);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int n = calls * perCall;
        current.printf("  PutMessages %d x %d B per call: %.0f msgs/s (%.1f MB/s), server CPU %.2f us/msg%n", perCall, size,
                n / secs, n * (double) size / secs / 1e6, cpu(child).minus(cpu0).toNanos() / 1e3 / n);
        return n;
    }

    private static void bulk(StreamClient c, String id, Process child, int calls) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            put(c, id, 1000, 1000);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        current.printf("  PutMessages 1000 x 1000 B per call: %.1f MB/s%n", calls * 1e6 / secs / 1e6);
    }

    private static void reads(StreamClient c, String id, Process child, int expected) {
        Duration cpu0 = cpu(child);
        long t0 = System.nanoTime();
        String cursor = c.createCursor(CreateCursorRequest.builder().streamId(id).createCursorDetails(
                CreateCursorDetails.builder().partition("0").type(CreateCursorDetails.Type.TrimHorizon).build())
                .build()).getCursor().getValue();
        int n = drain(c, id, cursor, expected);
        double secs = (System.nanoTime() - t0) / 1e9;
        current.printf("  GetMessages limit 10000 (partition cursor): %.0f msgs/s, server CPU %.2f us/msg%n", n / secs,
                cpu(child).minus(cpu0).toNanos() / 1e3 / n);
        cpu0 = cpu(child);
        t0 = System.nanoTime();
        String group = c.createGroupCursor(CreateGroupCursorRequest.builder().streamId(id).createGroupCursorDetails(
                CreateGroupCursorDetails.builder().groupName("bench").instanceName("i")
                        .type(CreateGroupCursorDetails.Type.TrimHorizon).build()).build()).getCursor().getValue();
        n = drain(c, id, group, expected);
        secs = (System.nanoTime() - t0) / 1e9;
        current.printf("  GetMessages limit 10000 (group cursor, commitOnGet): %.0f msgs/s, server CPU %.2f us/msg%n",
                n / secs, cpu(child).minus(cpu0).toNanos() / 1e3 / n);
    }

    private static int drain(StreamClient c, String id, String cursor, int expected) {
        int n = 0;
        while (n < expected) {
            GetMessagesResponse r = c.getMessages(GetMessagesRequest.builder().streamId(id).cursor(cursor)
                    .limit(10_000).build());
            n += r.getItems().size();
            cursor = r.getOpcNextCursor();
            if (r.getItems().isEmpty()) {
                break;
            }
        }
        return n;
    }

    private static void put(StreamClient c, String id, int count, int size) {
        List<PutMessagesDetailsEntry> entries = new ArrayList<>(count);
        byte[] value = new byte[size];
        for (int i = 0; i < count; i++) {
            entries.add(PutMessagesDetailsEntry.builder().value(value).build());
        }
        c.putMessages(PutMessagesRequest.builder().streamId(id).putMessagesDetails(PutMessagesDetails.builder()
                .messages(entries).build()).build());
    }

    private static Duration cpu(Process child) {
        return child.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static long heap(Process child, BlockingQueue<String> lines) throws Exception {
        child.getOutputStream().write("heap\n".getBytes(UTF_8));
        child.getOutputStream().flush();
        return Long.parseLong(lines.poll(30, TimeUnit.SECONDS).substring("HEAP ".length()));
    }

    private static long size(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
