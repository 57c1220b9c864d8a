package dev.ocistreaming.local;

import static dev.ocistreaming.local.Sdk.entry;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.CreateStreamPoolDetails;
import com.oracle.bmc.streaming.requests.CreateStreamPoolRequest;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.GetGroupRequest;
import com.oracle.bmc.streaming.requests.GetStreamPoolRequest;
import com.oracle.bmc.streaming.requests.GetStreamRequest;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metadata files damaged while the server was down (truncated, garbage, {@code null}, impossible or mistyped values):
 * the server starts anyway, sets the file aside in {@code damaged/} saying what it cost, serves everything else, and
 * putting the original back brings the lost item back with nothing lost.
 */
class DamagedMetadataIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LocalStreamingServer start() throws IOException {
        return LocalStreamingServer.start(
                ServerConfig.builder().port(0).dataDir(dir).build());
    }

    static Stream<Arguments> damage() {
        return Stream.of(
                Arguments.of("truncated", (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length / 2)),
                Arguments.of("empty", (UnaryOperator<byte[]>) b -> new byte[0]),
                Arguments.of("garbage", (UnaryOperator<byte[]>) b -> new byte[] {0, (byte) 0xff, 0x13, 'x'}),
                Arguments.of("null", (UnaryOperator<byte[]>) b -> "null".getBytes(UTF_8)),
                Arguments.of("an array", (UnaryOperator<byte[]>) b -> "[]".getBytes(UTF_8)),
                Arguments.of("partitions -1", edit(o -> o.put("partitions", -1))),
                Arguments.of("partitions as text", edit(o -> o.put("partitions", "2"))),
                Arguments.of("partitions a fraction", edit(o -> o.put("partitions", 2.5))),
                Arguments.of("partitions null", edit(o -> o.putNull("partitions"))),
                Arguments.of("no name", edit(o -> o.remove("name"))),
                Arguments.of("name of the wrong type", edit(o -> o.put("name", 7))),
                Arguments.of("retention out of range", edit(o -> o.put("retentionInHours", 100_000))),
                Arguments.of("another id", edit(o -> o.put("id", "ocid1.stream.oc1.local.other"))),
                Arguments.of("a path as id", edit(o -> o.put("id", "../../etc"))),
                Arguments.of(
                        "trailing bytes", (UnaryOperator<byte[]>) b -> (new String(b, UTF_8) + "}").getBytes(UTF_8)));
    }

    private static UnaryOperator<byte[]> edit(java.util.function.Consumer<ObjectNode> change) {
        return b -> {
            try {
                ObjectNode o = (ObjectNode) JSON.readTree(b);
                change.accept(o);
                return JSON.writeValueAsBytes(o);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @ParameterizedTest(name = "stream file {0}")
    @MethodSource("damage")
    void aDamagedStreamFileIsSetAsideTheRestIsServedAndRestoringItLosesNothing(
            String what, UnaryOperator<byte[]> damage) throws IOException {
        String kept;
        String broken;
        try (LocalStreamingServer s = start();
                StreamClient c = SdkClients.streamClient(s.url())) {
            kept = Sdk.createStream(s.url(), "kept", 1);
            broken = Sdk.createStream(s.url(), "broken", 2);
            Sdk.put(c, kept, List.of(entry("k", "kept message")));
            Sdk.put(c, broken, List.of(entry("k", "broken message")));
        }
        Path file = dir.resolve("meta/streams/" + broken + ".json");
        byte[] original = Files.readAllBytes(file);
        Files.write(file, damage.apply(original));

        try (LocalStreamingServer s = start();
                StreamAdminClient admin = SdkClients.adminClient(s.url());
                StreamClient c = SdkClients.streamClient(s.url())) {
            assertThatThrownBy(() -> admin.getStream(
                            GetStreamRequest.builder().streamId(broken).build()))
                    .isInstanceOfSatisfying(
                            BmcException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(404));
            assertThat(SdkClients.activeStreamNames(admin)).containsExactly("kept");
            assertThat(Sdk.readAll(c, kept, 0)).extracting(Sdk::text).containsExactly("kept message");
            assertThat(file).doesNotExist();
            assertThat(dir.resolve("damaged/meta/streams/" + broken + ".json"))
                    .hasBinaryContent(damage.apply(original));
            JsonNode setAside = setAside(s);
            assertThat(setAside).hasSize(1);
            assertThat(setAside.get(0).get("file").asText()).isEqualTo("meta/streams/" + broken + ".json");
            assertThat(setAside.get(0).get("cost").asText()).contains("gone from the API");
        }

        // a repaired file put back brings the stream back, its messages with it; the note stays until deleted
        Files.write(file, original);
        try (LocalStreamingServer s = start();
                StreamAdminClient admin = SdkClients.adminClient(s.url());
                StreamClient c = SdkClients.streamClient(s.url())) {
            assertThat(SdkClients.activeStreamNames(admin)).containsExactly("broken", "kept");
            List<String> texts = new java.util.ArrayList<>();
            for (int p = 0; p < 2; p++) {
                Sdk.readAll(c, broken, p).forEach(m -> texts.add(Sdk.text(m)));
            }
            assertThat(texts).containsExactly("broken message");
            assertThat(setAside(s)).hasSize(1);
        }
    }

    @Test
    void aDamagedPoolFileCostsThePoolNotItsStreams() throws IOException {
        String poolId;
        String streamId;
        try (LocalStreamingServer s = start();
                StreamAdminClient admin = SdkClients.adminClient(s.url());
                StreamClient c = SdkClients.streamClient(s.url())) {
            poolId = admin.createStreamPool(CreateStreamPoolRequest.builder()
                            .createStreamPoolDetails(CreateStreamPoolDetails.builder()
                                    .name("pool")
                                    .compartmentId(SdkClients.COMPARTMENT)
                                    .build())
                            .build())
                    .getStreamPool()
                    .getId();
            streamId = admin.createStream(CreateStreamRequest.builder()
                            .createStreamDetails(CreateStreamDetails.builder()
                                    .name("in-pool")
                                    .partitions(1)
                                    .streamPoolId(poolId)
                                    .build())
                            .build())
                    .getStream()
                    .getId();
            Sdk.put(c, streamId, List.of(entry("k", "v")));
        }
        Files.writeString(dir.resolve("meta/pools/" + poolId + ".json"), "{\"id\":");

        try (LocalStreamingServer s = start();
                StreamAdminClient admin = SdkClients.adminClient(s.url());
                StreamClient c = SdkClients.streamClient(s.url())) {
            assertThatThrownBy(() -> admin.getStreamPool(
                            GetStreamPoolRequest.builder().streamPoolId(poolId).build()))
                    .isInstanceOfSatisfying(
                            BmcException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(404));
            assertThat(SdkClients.activeStreamNames(admin)).containsExactly("in-pool");
            assertThat(Sdk.readAll(c, streamId, 0)).extracting(Sdk::text).containsExactly("v");
            assertThat(setAside(s).get(0).get("file").asText()).isEqualTo("meta/pools/" + poolId + ".json");
        }
    }

    @ParameterizedTest(name = "group file {0}")
    @MethodSource("groupDamage")
    void aDamagedGroupFileRestartsTheGroupAtItsInitialPosition(String what, UnaryOperator<byte[]> damage)
            throws IOException {
        String streamId;
        try (LocalStreamingServer s = start();
                StreamClient c = SdkClients.streamClient(s.url())) {
            streamId = Sdk.createStream(s.url(), "orders", 1);
            Sdk.putMany(c, streamId, "k", "m", 3);
            String cursor = SdkClients.groupCursor(c, streamId, "g", "i1", false, 30_000);
            String next = Sdk.get(c, streamId, cursor, null).getOpcNextCursor();
            Sdk.commit(c, streamId, next);
            assertThat(committed(c, streamId)).isEqualTo(2);
        }
        Path groupFile;
        try (Stream<Path> files = Files.list(dir.resolve("groups/" + streamId))) {
            groupFile = files.findFirst().orElseThrow();
        }
        Files.write(groupFile, damage.apply(Files.readAllBytes(groupFile)));

        try (LocalStreamingServer s = start();
                StreamClient c = SdkClients.streamClient(s.url())) {
            assertThatThrownBy(() -> committed(c, streamId))
                    .isInstanceOfSatisfying(
                            BmcException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(404));
            // the group is new again: TRIM_HORIZON, as its CreateGroupCursor asks, delivers everything again
            String cursor = SdkClients.groupCursor(c, streamId, "g", "i1", false, 30_000);
            assertThat(Sdk.get(c, streamId, cursor, null).getItems())
                    .extracting(Sdk::text)
                    .containsExactly("m0", "m1", "m2");
            JsonNode setAside = setAside(s);
            assertThat(setAside.get(0).get("file").asText()).startsWith("groups/" + streamId + "/");
            assertThat(setAside.get(0).get("cost").asText()).contains("committed offsets are lost");
        }
    }

    static Stream<Arguments> groupDamage() {
        return Stream.of(
                Arguments.of("null", (UnaryOperator<byte[]>) b -> "null".getBytes(UTF_8)),
                Arguments.of("truncated", (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length - 3)),
                Arguments.of(
                        "committed for 3 partitions",
                        edit(o -> o.putArray("committed").add(1).add(2).add(3))),
                Arguments.of(
                        "committed below -1", edit(o -> o.putArray("committed").add(-7))),
                Arguments.of("an unknown initial type", edit(o -> o.put("initialType", "SOMEWHERE"))),
                Arguments.of("another group's name", edit(o -> o.put("name", "h"))));
    }

    @Test
    void aDamagedCursorSecretRefusesOldCursorsOnly() throws IOException {
        String streamId;
        String oldCursor;
        try (LocalStreamingServer s = start();
                StreamClient c = SdkClients.streamClient(s.url())) {
            streamId = Sdk.createStream(s.url(), "orders", 1);
            Sdk.put(c, streamId, List.of(entry("k", "v")));
            oldCursor = Sdk.trimHorizon(c, streamId, 0);
        }
        Path secret = dir.resolve("cursor.secret");
        Files.write(secret, java.util.Arrays.copyOf(Files.readAllBytes(secret), 7));

        try (LocalStreamingServer s = start();
                StreamClient c = SdkClients.streamClient(s.url())) {
            assertThatThrownBy(() -> Sdk.get(c, streamId, oldCursor, null))
                    .isInstanceOfSatisfying(BmcException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("Invalid cursor");
                    });
            assertThat(Sdk.readAll(c, streamId, 0)).extracting(Sdk::text).containsExactly("v");
            assertThat(Files.size(secret)).isEqualTo(32);
            assertThat(dir.resolve("damaged/cursor.secret")).exists();
            assertThat(setAside(s).get(0).get("cost").asText())
                    .contains("cursors issued before this start are refused");
        }
        // a zeroed secret (what some file systems leave after a crash) is not trusted either
        Files.write(secret, new byte[32]);
        try (LocalStreamingServer s = start()) {
            assertThat(Files.readAllBytes(secret)).isNotEqualTo(new byte[32]);
            assertThat(dir.resolve("damaged/cursor.secret.1")).exists();
            assertThat(setAside(s)).hasSize(2);
        }
    }

    private static long committed(StreamClient c, String streamId) {
        return c.getGroup(GetGroupRequest.builder()
                        .streamId(streamId)
                        .groupName("g")
                        .build())
                .getGroup()
                .getReservations()
                .get(0)
                .getCommittedOffset();
    }

    /** The console's list of set-aside files, as the page reads it. */
    private static JsonNode setAside(LocalStreamingServer s) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(s.url() + "/console/api/server"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return JSON.readTree(r.body()).get("setAside");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
