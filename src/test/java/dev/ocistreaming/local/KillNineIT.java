package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.PutMessagesResult;
import com.oracle.bmc.streaming.model.PutMessagesResultEntry;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability proof: a server in a child JVM is killed with SIGKILL while four clients
 * keep sending PutMessages. After a restart on the same data directory every acknowledged message
 * is at its offset, and new messages get offsets that were never used.
 */
class KillNineIT {

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedMessageSurvivesKillNineAndOffsetsAreNotReused() throws Exception {
        Process child = startChild();
        String url = awaitUrl(child);
        Map<String, String> acked = new ConcurrentHashMap<>(); // "partition/offset" -> value
        String streamId;
        try (StreamAdminClient admin = SdkClients.adminClient(url)) {
            streamId = admin.createStream(CreateStreamRequest.builder()
                            .createStreamDetails(CreateStreamDetails.builder()
                                    .name("crash")
                                    .partitions(3)
                                    .compartmentId(SdkClients.COMPARTMENT)
                                    .build())
                            .build())
                    .getStream()
                    .getId();
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failuresAfterKill = new AtomicInteger();
        ExecutorService producers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            running.add(producers.submit(() -> produce(url, streamId, thread, acked, stop, failuresAfterKill)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acked.size() < 2000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        producers.shutdown();
        assertThat(acked).hasSizeGreaterThanOrEqualTo(2000);

        try (LocalStreamingServer server = LocalStreamingServer.start(
                        ServerConfig.builder().port(0).dataDir(dataDir).build());
                StreamClient c = SdkClients.streamClient(server.url())) {
            Map<String, String> stored = new HashMap<>();
            Map<Integer, Long> maxOffset = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                long expected = 0;
                for (Message m : Sdk.readAll(c, streamId, p)) {
                    assertThat(m.getOffset()).as("offsets stay dense").isEqualTo(expected++);
                    stored.put(p + "/" + m.getOffset(), new String(m.getValue(), UTF_8));
                    maxOffset.merge(p, m.getOffset(), Math::max);
                }
            }
            acked.forEach((where, value) ->
                    assertThat(stored.get(where)).as("message at " + where).isEqualTo(value));
            PutMessagesResult more = Sdk.putMany(c, streamId, null, "after-restart-", 30);
            for (PutMessagesResultEntry e : more.getEntries()) {
                int p = Integer.parseInt(e.getPartition());
                assertThat(e.getOffset())
                        .as("new offset on partition " + p)
                        .isGreaterThan(maxOffset.getOrDefault(p, -1L));
                assertThat(stored).doesNotContainKey(p + "/" + e.getOffset());
            }
        }
    }

    private static Void produce(
            String url,
            String streamId,
            int thread,
            Map<String, String> acked,
            AtomicBoolean stop,
            AtomicInteger failures) {
        try (StreamClient c = SdkClients.streamClient(url)) {
            for (int n = 0; !stop.get(); n++) {
                List<PutMessagesDetailsEntry> batch = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    batch.add(Sdk.entry(null, "t" + thread + "-" + n + "-" + i));
                }
                try {
                    PutMessagesResult r = Sdk.put(c, streamId, batch);
                    for (int i = 0; i < 5; i++) {
                        PutMessagesResultEntry e = r.getEntries().get(i);
                        acked.put(e.getPartition() + "/" + e.getOffset(), "t" + thread + "-" + n + "-" + i);
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet(); // the server is gone: unacknowledged, may or may not be stored
                    return null;
                }
            }
        }
        return null;
    }

    private Process startChild() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path cpFile = Files.writeString(
                dataDir.resolveSibling(dataDir.getFileName() + "-cp.txt"),
                "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        ProcessBuilder pb = new ProcessBuilder(
                java, "@" + cpFile, StandaloneServerMain.class.getName(), dataDir.toString(), "0", "ALWAYS");
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private static String awaitUrl(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread drain = new Thread(
                () -> {
                    try {
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (line.startsWith("LISTENING ")) {
                                url.complete(
                                        line.substring("LISTENING ".length()).trim());
                            }
                        }
                    } catch (Exception e) {
                        url.completeExceptionally(e);
                    }
                    url.completeExceptionally(new IllegalStateException("child exited before listening"));
                },
                "child-output");
        drain.setDaemon(true);
        drain.start();
        return url.get(60, TimeUnit.SECONDS);
    }
}
