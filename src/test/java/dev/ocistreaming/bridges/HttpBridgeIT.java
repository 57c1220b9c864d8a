package dev.ocistreaming.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.bridges.StreamData.Stored;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** routes/stream-to-http.camel.yaml under camel-main, against a local server and a JDK HttpServer as the target. */
class HttpBridgeIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    private static final String GROUP = "http-bridge";

    @TempDir
    Path deadLetters;

    private HttpTarget target;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void startTarget() throws Exception {
        target = HttpTarget.start();
    }

    @AfterEach
    void stop() {
        checker.shutdownNow();
        target.close();
    }

    @Test
    void everyMessageArrivesWhileTheTargetFailsAndCommitsNeverRunAheadOfIt() throws Exception {
        deliverThroughOutage("http-each", Map.of());
        assertThat(target.accepted()).allSatisfy(a -> {
            assertThat(a.stream()).isEqualTo("http-each");
            assertThat(a.key()).startsWith("key-");
            assertThat(a.lastOffset()).isNull();
        });
    }

    /**
     * Needs {@code OciStreamingManualCommit.commit()} with watermark semantics, like the file bridge's restart test:
     * with the batch semantics it has now, committing one partition's accepted batch commits the whole OCI batch,
     * including other partitions' messages still collecting (seen: "partition 2 committed up to 34 but offset 30 was
     * not accepted"). Whether a run catches it depends on timing.
     */
    @Test
    void batchesArriveWhileTheTargetFailsAndCommitsNeverRunAheadOfThem() throws Exception {
        deliverThroughOutage(
                "http-batch",
                Map.of("bridge.http.batch", "true", "bridge.http.batch-size", "10", "bridge.http.batch-ms", "200"));
        assertThat(target.accepted()).allSatisfy(a -> {
            assertThat(a.lastOffset()).isNotNull();
            assertThat(a.body().split("\n")).hasSizeBetween(1, 10);
        });
    }

    @Test
    void aRefusedMessageGoesToTheDeadLetterFolderWithTheReasonAndTheOthersFlow() throws Exception {
        String id = SERVER.createStream("http-refused", 3).getId();
        StreamClient client = SERVER.streamClient();
        List<String> values = IntStream.range(0, 30)
                .mapToObj(i -> i == 7 ? "reject-me" : "value-" + i)
                .toList();
        StreamData.put(client, id, StreamData.keyed(values, 30));
        Map<Integer, List<Stored>> stream = StreamData.readAll(client, id, 3);
        Stored refused = stream.values().stream()
                .flatMap(List::stream)
                .filter(m -> m.value().equals("reject-me"))
                .findFirst()
                .orElseThrow();

        try (BridgeApp bridge =
                BridgeApp.start("stream-to-http.camel.yaml", SERVER, settings("http-refused", Map.of()))) {
            Path letter = deadLetters.resolve(
                    String.format("http-refused+%d+%020d.json", refused.partition(), refused.offset()));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(letter));
            await().atMost(Duration.ofSeconds(30)).until(() -> target.accepted().size() == values.size() - 1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> StreamData.committed(client, id, GROUP).equals(lastOffsets(stream)));

            JsonNode document = new ObjectMapper().readTree(letter.toFile());
            assertThat(document.get("status").asInt()).isEqualTo(400);
            assertThat(document.get("reason").asText()).startsWith("HTTP 400").contains(target.url());
            assertThat(document.get("response").asText()).isEqualTo("refused: 400");
            assertThat(document.get("value").asText()).isEqualTo("reject-me");
            assertThat(document.get("key").asText()).isEqualTo(refused.key());
            assertThat(document.get("offset").asLong()).isEqualTo(refused.offset());
        }
        assertThat(deadLetters)
                .isDirectoryContaining(p -> p.getFileName().toString().endsWith(".json"));
        try (var files = Files.list(deadLetters)) {
            assertThat(files.filter(p -> !p.getFileName().toString().startsWith(".")))
                    .hasSize(1);
        }
    }

    /** A dead-letter folder that cannot be written holds the message back (not committed) until it can. */
    @Test
    void aDeadLetterThatCannotBeWrittenIsRetriedAndNotCommittedMeanwhile() throws Exception {
        String id = SERVER.createStream("http-blocked", 1).getId();
        StreamClient client = SERVER.streamClient();
        StreamData.put(client, id, StreamData.keyed(List.of("value-0", "reject-me", "value-2"), 1));
        Path blocked = deadLetters.resolve("blocked");
        Files.writeString(blocked, "a file where the folder should be");

        try (BridgeApp bridge = BridgeApp.start(
                "stream-to-http.camel.yaml",
                SERVER,
                settings("http-blocked", Map.of("bridge.http.dead-letter-directory", blocked.toString())))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> target.accepted().size() == 1);
            await().pollDelay(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(1))
                    .until(() -> true);
            assertThat(target.accepted()).hasSize(1);
            assertThat(StreamData.committed(client, id, GROUP)).isEmpty();

            Files.delete(blocked);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(blocked.resolve(String.format("http-blocked+0+%020d.json", 1))));
            await().atMost(Duration.ofSeconds(30)).until(() -> target.accepted().size() == 2);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> StreamData.committed(client, id, GROUP).equals(Map.of(0, 2L)));
        }
    }

    /**
     * The target answers 503, then is down (connection refused), then accepts. Meanwhile a checker compares the
     * group's committed offsets (GetGroup) with what the target accepted, and every message must arrive.
     */
    private void deliverThroughOutage(String streamName, Map<String, String> more) throws Exception {
        String id = SERVER.createStream(streamName, 3).getId();
        StreamClient client = SERVER.streamClient();
        List<String> values =
                IntStream.range(0, 150).mapToObj(i -> "value-" + i).toList();
        StreamData.put(client, id, StreamData.keyed(values, 30));
        Map<Integer, List<Stored>> stream = StreamData.readAll(client, id, 3);
        target.failWith(503);

        try (BridgeApp bridge = BridgeApp.start("stream-to-http.camel.yaml", SERVER, settings(streamName, more))) {
            checker.scheduleWithFixedDelay(
                    () -> checkCommitsBehindTarget(client, id, stream), 0, 20, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> target.refused() >= 3);
            target.down();
            // connection refused for a while: several retries at 20..200 ms
            await().pollDelay(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(1))
                    .until(() -> true);
            target.failWith(0);
            target.up();

            await().atMost(Duration.ofSeconds(30)).until(() -> delivered().containsAll(all(stream)));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> StreamData.committed(client, id, GROUP).equals(lastOffsets(stream)));
        }
        checker.shutdownNow();
        checker.awaitTermination(5, TimeUnit.SECONDS);
        assertThat(violations).isEmpty();
        Map<String, String> bodies = new HashMap<>();
        stream.values()
                .forEach(messages -> messages.forEach(m -> bodies.put(m.partition() + "/" + m.offset(), m.value())));
        for (HttpTarget.Accepted a : target.accepted()) {
            List<String> lines = List.of(a.body().split("\n"));
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).isEqualTo(bodies.get(a.partition() + "/" + (a.offset() + i)));
            }
        }
    }

    /** Every offset at or below a committed one must have been accepted by the target before. */
    private void checkCommitsBehindTarget(StreamClient client, String id, Map<Integer, List<Stored>> stream) {
        Map<Integer, Long> committed = StreamData.committed(client, id, GROUP);
        Set<String> accepted = delivered(); // read after the commits: a commit follows its acceptance
        committed.forEach((partition, offset) -> stream.get(partition).stream()
                .filter(m -> m.offset() <= offset)
                .filter(m -> !accepted.contains(m.partition() + "/" + m.offset()))
                .findFirst()
                .ifPresent(m -> violations.add("partition " + partition + " committed up to " + offset + " but offset "
                        + m.offset() + " was not accepted")));
    }

    /** partition/offset of every message the target accepted (a batch counts for each of its messages). */
    private Set<String> delivered() {
        Set<String> delivered = new java.util.HashSet<>();
        for (HttpTarget.Accepted a : new ArrayList<>(target.accepted())) {
            long last = a.lastOffset() == null ? a.offset() : a.lastOffset();
            for (long o = a.offset(); o <= last; o++) {
                delivered.add(a.partition() + "/" + o);
            }
        }
        return delivered;
    }

    private static Set<String> all(Map<Integer, List<Stored>> stream) {
        return stream.values().stream()
                .flatMap(List::stream)
                .map(m -> m.partition() + "/" + m.offset())
                .collect(Collectors.toSet());
    }

    private Map<String, String> settings(String stream, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "bridge.http.stream",
                stream,
                "bridge.http.group",
                GROUP,
                "bridge.http.url",
                target.url(),
                "bridge.http.retry-delay-ms",
                "20",
                "bridge.http.max-retry-delay-ms",
                "200",
                "bridge.http.dead-letter-directory",
                deadLetters.toString()));
        settings.putAll(more);
        return settings;
    }

    private static Map<Integer, Long> lastOffsets(Map<Integer, List<Stored>> stream) {
        Map<Integer, Long> last = new TreeMap<>();
        stream.forEach(
                (p, messages) -> last.put(p, messages.get(messages.size() - 1).offset()));
        return last;
    }
}
