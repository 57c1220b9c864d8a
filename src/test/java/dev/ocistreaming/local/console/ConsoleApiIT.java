package dev.ocistreaming.local.console;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.requests.ConsumerCommitRequest;
import com.oracle.bmc.streaming.requests.CreateGroupCursorRequest;
import com.oracle.bmc.streaming.requests.DeleteStreamRequest;
import com.oracle.bmc.streaming.requests.GetMessagesRequest;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.local.FsyncPolicy;
import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's read-only JSON API over plain HTTP, fed by the real SDK, and its answers to bad input. */
class ConsoleApiIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension(b -> b.fsyncPolicy(FsyncPolicy.NEVER));

    private static String api(String path) {
        return SERVER.url() + "/console/api" + path;
    }

    private static JsonNode getJson(String path) {
        HttpResponse<String> r = Http.get(api(path));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return Http.json(r);
    }

    /**
     * Bytes on disk of one append of {@code records} records ({@code keyBytes} -1: no key), each length under 64: our
     * 8-byte frame prefix, Kafka's 61-byte batch header, and per record Kafka's record framing (7 bytes of varints and
     * attributes) with its key and value.
     */
    private static long appendBytes(int records, int keyBytes, int valueBytes) {
        return 8 + 61 + (long) records * (7 + Math.max(keyBytes, 0) + valueBytes);
    }

    @Test
    void aStreamsPartitionsShowOffsetsCountsAndBytesAndItsGroupsTheirLag() {
        Stream stream = SERVER.createStream("partitions", 3);
        StreamClient client = SERVER.streamClient();
        int partition = put(client, stream.getId(), "same-key", 3);

        JsonNode view = getJson("/streams/" + stream.getId());
        assertThat(view.get("name").asText()).isEqualTo("partitions");
        assertThat(view.get("partitions")).hasSize(3);
        for (JsonNode p : view.get("partitions")) {
            if (p.get("partition").asText().equals(Integer.toString(partition))) {
                assertThat(p.get("oldestOffset").asLong()).isZero();
                assertThat(p.get("latestOffset").asLong()).isEqualTo(2);
                assertThat(p.get("messages").asLong()).isEqualTo(3);
                assertThat(p.get("bytes").asLong()).isEqualTo(appendBytes(3, "same-key".length(), "m0".length()));
            } else {
                assertThat(p.has("oldestOffset")).isFalse();
                assertThat(p.has("latestOffset")).isFalse();
                assertThat(p.get("messages").asLong()).isZero();
                assertThat(p.get("bytes").asLong()).isZero();
            }
        }
        assertThat(view.get("groups")).isEmpty();

        String cursor = SdkClients.groupCursor(client, stream.getId(), "readers", null, false, null);
        assertThat(lagOf(stream.getId(), "readers", partition))
                .as("a new TRIM_HORIZON group lags by the backlog")
                .isEqualTo(3);
        GetMessagesResponse read = client.getMessages(GetMessagesRequest.builder()
                .streamId(stream.getId())
                .cursor(cursor)
                .build());
        assertThat(read.getItems()).hasSize(3);
        assertThat(lagOf(stream.getId(), "readers", partition))
                .as("read but not committed")
                .isEqualTo(3);
        client.consumerCommit(ConsumerCommitRequest.builder()
                .streamId(stream.getId())
                .cursor(read.getOpcNextCursor())
                .build());
        assertThat(lagOf(stream.getId(), "readers", partition)).isZero();
        put(client, stream.getId(), "same-key", 2);
        assertThat(lagOf(stream.getId(), "readers", partition)).isEqualTo(2);
    }

    private static long lagOf(String streamId, String group, int partition) {
        for (JsonNode g : getJson("/streams/" + streamId).get("groups")) {
            if (g.get("groupName").asText().equals(group)) {
                return g.get("partitions").get(partition).get("lag").asLong();
            }
        }
        throw new AssertionError("no group " + group);
    }

    @Test
    void theStreamsListHasTotalsAndRecentRatesOfLiveStreamsOnly() {
        Stream live = SERVER.createStream("totals", 2);
        Stream deleted = SERVER.createStream("gone", 1);
        put(SERVER.streamClient(), live.getId(), null, 10);
        SERVER.adminClient()
                .deleteStream(
                        DeleteStreamRequest.builder().streamId(deleted.getId()).build());

        // the current second is still filling: rates show once it is over
        JsonNode totals = Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> find(getJson("/streams"), live.getId()),
                        t -> t.get("putPerSecond").asDouble() > 0);
        assertThat(totals.get("messages").asLong()).isEqualTo(10);
        // the put was one append per partition it reached
        long appends = 0;
        for (JsonNode p : getJson("/streams/" + live.getId()).get("partitions")) {
            appends += p.get("messages").asLong() > 0 ? 1 : 0;
        }
        assertThat(totals.get("bytes").asLong())
                .isEqualTo(appends * appendBytes(0, 0, 0) + 10 * (appendBytes(1, -1, 2) - appendBytes(0, 0, 0)));
        assertThat(totals.get("putPerSecond").asDouble())
                .as("10 messages over the last 10 s")
                .isEqualTo(1.0);
        assertThat(totals.get("getPerSecond").asDouble()).isZero();
        assertThat(find(getJson("/streams"), deleted.getId())).isNull();
    }

    private static JsonNode find(JsonNode list, String id) {
        return StreamSupport.stream(list.spliterator(), false)
                .filter(n -> n.get("id").asText().equals(id))
                .findFirst()
                .orElse(null);
    }

    @Test
    void ratesCountEveryPutAndGetOncePerSecondEvenUnderConcurrentRequests() throws Exception {
        Stream stream = SERVER.createStream("rates", 4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (StreamClient a = SdkClients.streamClient(SERVER.url());
                StreamClient b = SdkClients.streamClient(SERVER.url())) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                StreamClient client = t % 2 == 0 ? a : b;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        put(client, stream.getId(), null, 10);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        String cursor = SERVER.streamClient()
                .createGroupCursor(CreateGroupCursorRequest.builder()
                        .streamId(stream.getId())
                        .createGroupCursorDetails(CreateGroupCursorDetails.builder()
                                .groupName("all")
                                .type(CreateGroupCursorDetails.Type.TrimHorizon)
                                .build())
                        .build())
                .getCursor()
                .getValue();
        int got = SERVER.streamClient()
                .getMessages(GetMessagesRequest.builder()
                        .streamId(stream.getId())
                        .cursor(cursor)
                        .limit(1500)
                        .build())
                .getItems()
                .size();
        assertThat(got).isEqualTo(1500);

        JsonNode rates = Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> getJson("/streams/" + stream.getId() + "/rates?seconds=60"),
                        r -> sum(r.get("put")) == 2000 && sum(r.get("get")) == 1500);
        assertThat(rates.get("put")).hasSize(60);
        assertThat(rates.get("secondsPerPoint").asInt()).isEqualTo(1);
        assertThat(rates.get("lastSecond").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z");
        assertThat(getJson("/streams/" + stream.getId() + "/rates").get("put"))
                .as("the default: the whole window")
                .hasSize(300);
    }

    private static long sum(JsonNode array) {
        long s = 0;
        for (JsonNode n : array) {
            s += n.asLong();
        }
        return s;
    }

    @Test
    void serverNamesTheCompartmentsInUseAndTheLimits() {
        SERVER.createStream("compartments", 1);
        JsonNode server = getJson("/server");
        assertThat(server.get("url").asText()).isEqualTo(SERVER.url());
        assertThat(server.get("defaultCompartmentId").asText()).isEqualTo(ServerConfig.DEFAULT_COMPARTMENT);
        assertThat(server.get("compartments"))
                .extracting(JsonNode::asText)
                .contains(ServerConfig.DEFAULT_COMPARTMENT, SdkClients.COMPARTMENT);
        assertThat(server.get("limits").get("maxPartitions").asInt()).isEqualTo(200);
        assertThat(server.get("fsync").asText()).isEqualTo("never");
    }

    @Test
    void badInputGetsTheSameErrorsAsTheOciApi() {
        Stream stream = SERVER.createStream("bad-input", 1);
        String rates = "/streams/" + stream.getId() + "/rates";
        expectError(api("/streams/ocid1.stream.oc1.local.doesnotexist"), 404, "NotAuthorizedOrNotFound");
        expectError(api("/streams/..%2F..%2Fetc%2Fpasswd"), 404, "NotAuthorizedOrNotFound");
        expectError(api("/streams/" + "a".repeat(600)), 404, "NotFound");
        for (String seconds : List.of("0", "301", "-1", "abc", "1.5", "99999999999999999999", "")) {
            expectError(api(rates + "?seconds=" + seconds), 400, "InvalidParameter");
        }
        expectError(api(rates + "?seconds=1&seconds=2"), 400, "InvalidParameter");
        expectError(api("/nothing"), 404, "NotFound");
        expectError(api("/streams/" + stream.getId() + "/messages"), 404, "NotFound");
        HttpResponse<String> post = Http.send("POST", api("/streams"));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(Http.send("DELETE", api("/streams/" + stream.getId())).statusCode())
                .isEqualTo(405);
        // and the server is fine afterwards
        assertThat(getJson("/streams/" + stream.getId()).get("name").asText()).isEqualTo("bad-input");
    }

    private static void expectError(String url, int status, String code) {
        HttpResponse<String> r = Http.get(url);
        assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(status);
        JsonNode body = Http.json(r);
        assertThat(body.get("code").asText()).as(url).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    /** Puts {@code count} messages m0.. with the key (null: keyless); returns the partition of the first. */
    private static int put(StreamClient client, String streamId, String key, int count) {
        List<PutMessagesDetailsEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(PutMessagesDetailsEntry.builder()
                    .key(key == null ? null : key.getBytes(UTF_8))
                    .value(("m" + i).getBytes(UTF_8))
                    .build());
        }
        return Integer.parseInt(client.putMessages(PutMessagesRequest.builder()
                        .streamId(streamId)
                        .putMessagesDetails(
                                PutMessagesDetails.builder().messages(entries).build())
                        .build())
                .getPutMessagesResult()
                .getEntries()
                .get(0)
                .getPartition());
    }
}
