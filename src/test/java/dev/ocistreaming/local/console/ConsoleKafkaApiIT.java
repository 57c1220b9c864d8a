package dev.ocistreaming.local.console;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.requests.ConsumerCommitRequest;
import com.oracle.bmc.streaming.requests.CreateGroupCursorRequest;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.GetMessagesRequest;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.local.FsyncPolicy;
import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.local.kafka.KafkaSettings;
import dev.ocistreaming.testsupport.KafkaClients;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console API's view of the Kafka face, fed by unmodified kafka-clients: a stream's Kafka
 * consumer groups (state, protocol, members and their partitions, committed offset, end offset and
 * lag per partition) beside its REST groups, and the Kafka face's produce and fetch counters beside
 * the REST face's put and get.
 */
class ConsoleKafkaApiIT {

    /** The Kafka face serves the default pool of this compartment, where the SDK creates the streams. */
    @RegisterExtension
    static final LocalServerExtension SERVER =
            new LocalServerExtension(b -> b.fsyncPolicy(FsyncPolicy.NEVER).compartmentId(SdkClients.COMPARTMENT));

    @TempDir
    Path tmp;

    @Test
    void aKafkaGroupShowsItsStateMembersCommittedOffsetsEndOffsetsAndLag() throws Exception {
        Stream stream = SERVER.createStream("kafka-orders", 2);
        String bootstrap = SERVER.server().kafkaBootstrapServers();
        TwoMemberKafkaGroup.produce(bootstrap, "kafka-orders", 0, 10);
        TwoMemberKafkaGroup.produce(bootstrap, "kafka-orders", 1, 8);
        // a group of the same pool that committed on another topic only is not this stream's
        SERVER.createStream("kafka-other", 1);
        TwoMemberKafkaGroup.produce(bootstrap, "kafka-other", 0, 1);
        commitAlone(bootstrap, "elsewhere", new TopicPartition("kafka-other", 0), 1);

        try (TwoMemberKafkaGroup group =
                TwoMemberKafkaGroup.start(bootstrap, "kafka-orders", "billing", Map.of(0, 6L, 1, 3L))) {
            JsonNode g = kafkaGroup(
                    stream.getId(),
                    "billing",
                    x -> "Stable".equals(x.get("state").asText()));
            assertThat(kafkaGroupIds(stream.getId())).containsExactly("billing");
            assertThat(g.get("face").asText()).isEqualTo("kafka");
            assertThat(g.get("protocolType").asText()).isEqualTo("consumer");
            assertThat(g.get("protocol").asText()).isEqualTo("range");
            assertThat(g.get("generation").asInt()).isPositive();

            Map<String, String> memberOfClient = new TreeMap<>();
            for (JsonNode m : g.get("members")) {
                memberOfClient.put(m.get("clientId").asText(), m.get("memberId").asText());
                assertThat(m.get("memberId").asText())
                        .startsWith(m.get("clientId").asText() + "-");
                assertThat(m.get("clientHost").asText()).contains("127.0.0.1");
                Set<TopicPartition> held =
                        group.assignments().get(m.get("clientId").asText());
                assertThat(m.get("assignment")).hasSize(1);
                JsonNode a = m.get("assignment").get(0);
                assertThat(Set.of(new TopicPartition(
                                a.get("topic").asText(), a.get("partition").asInt())))
                        .as("what the member itself holds")
                        .isEqualTo(held);
            }
            assertThat(memberOfClient).containsOnlyKeys(TwoMemberKafkaGroup.CLIENT_IDS);

            JsonNode p0 = g.get("partitions").get(0);
            JsonNode p1 = g.get("partitions").get(1);
            assertThat(p0.get("partition").asInt()).isZero();
            assertThat(p0.get("committedOffset").asLong()).isEqualTo(6);
            assertThat(p0.get("endOffset").asLong()).isEqualTo(10);
            assertThat(p0.get("lag").asLong()).isEqualTo(4);
            assertThat(p1.get("committedOffset").asLong()).isEqualTo(3);
            assertThat(p1.get("endOffset").asLong()).isEqualTo(8);
            assertThat(p1.get("lag").asLong()).isEqualTo(5);
            assertThat(p0.get("memberId").asText()).isEqualTo(ownerOf(group, memberOfClient, 0));
            assertThat(p1.get("memberId").asText()).isEqualTo(ownerOf(group, memberOfClient, 1));

            TwoMemberKafkaGroup.produce(bootstrap, "kafka-orders", 0, 3);
            JsonNode later = kafkaGroup(stream.getId(), "billing", x -> true);
            assertThat(later.get("partitions").get(0).get("endOffset").asLong()).isEqualTo(13);
            assertThat(later.get("partitions").get(0).get("lag").asLong())
                    .as("three more records, nothing more committed")
                    .isEqualTo(7);
        }

        JsonNode left = kafkaGroup(
                stream.getId(), "billing", x -> "Empty".equals(x.get("state").asText()));
        assertThat(left.get("members")).as("both members left").isEmpty();
        assertThat(left.get("partitions").get(1).get("lag").asLong())
                .as("the commits outlive the members")
                .isEqualTo(5);
        assertThat(left.get("partitions").get(1).has("memberId")).isFalse();
    }

    @Test
    void kafkaGroupsAndRestGroupsOfTheSameNameAreTwoGroups() throws Exception {
        Stream stream = SERVER.createStream("same-name", 1);
        String bootstrap = SERVER.server().kafkaBootstrapServers();
        TwoMemberKafkaGroup.produce(bootstrap, "same-name", 0, 5);
        StreamClient client = SERVER.streamClient();
        String cursor = SdkClients.groupCursor(client, stream.getId(), "shared", null, false, null);
        GetMessagesResponse read = client.getMessages(GetMessagesRequest.builder()
                .streamId(stream.getId())
                .cursor(cursor)
                .limit(5)
                .build());
        client.consumerCommit(ConsumerCommitRequest.builder()
                .streamId(stream.getId())
                .cursor(read.getOpcNextCursor())
                .build());

        commitAlone(bootstrap, "shared", new TopicPartition("same-name", 0), 1);

        JsonNode view = getJson("/streams/" + stream.getId());
        assertThat(view.get("groups")).hasSize(1);
        JsonNode rest = view.get("groups").get(0);
        assertThat(rest.get("face").asText()).isEqualTo("rest");
        assertThat(rest.get("groupName").asText()).isEqualTo("shared");
        assertThat(rest.get("partitions").get(0).get("lag").asLong())
                .as("the REST group committed all five")
                .isZero();
        assertThat(view.get("kafkaGroups")).hasSize(1);
        JsonNode kafka = view.get("kafkaGroups").get(0);
        assertThat(kafka.get("face").asText()).isEqualTo("kafka");
        assertThat(kafka.get("groupId").asText()).isEqualTo("shared");
        assertThat(kafka.get("state").asText()).isEqualTo("Empty");
        assertThat(kafka.get("partitions").get(0).get("committedOffset").asLong())
                .isEqualTo(1);
        assertThat(kafka.get("partitions").get(0).get("lag").asLong())
                .as("the Kafka group of the same name committed one record only")
                .isEqualTo(4);
    }

    @Test
    void kafkaProduceAndFetchCountBesideRestPutAndGet() throws Exception {
        Stream stream = SERVER.createStream("kafka-traffic", 2);
        String bootstrap = SERVER.server().kafkaBootstrapServers();
        TwoMemberKafkaGroup.produce(bootstrap, "kafka-traffic", 0, 7);
        TwoMemberKafkaGroup.produce(bootstrap, "kafka-traffic", 1, 5);
        put(SERVER.streamClient(), stream.getId(), 4);
        // averages of the last 10 complete seconds, once every count is in one of them
        JsonNode totals = Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> find(getJson("/streams"), stream.getId()),
                        // the put may fall into a later second than the produces: both must be in complete ones
                        t -> t.get("producePerSecond").asDouble() == 1.2
                                && t.get("putPerSecond").asDouble() == 0.4);
        assertThat(totals.get("fetchPerSecond").asDouble()).isZero();
        assertThat(totals.get("getPerSecond").asDouble()).isZero();

        try (TwoMemberKafkaGroup group =
                TwoMemberKafkaGroup.start(bootstrap, "kafka-traffic", "counted", Map.of(0, 1L, 1, 1L))) {
            // the members read all sixteen messages, twelve produced and four put (a rebalance may make one
            // read some again)
            JsonNode rates = awaitRates(stream.getId(), r -> sum(r.get("produce")) == 12 && sum(r.get("fetch")) >= 16);
            assertThat(sum(rates.get("put"))).isEqualTo(4);
            assertThat(sum(rates.get("get"))).isZero();
            JsonNode requests = rates.get("requests");
            assertThat(sum(requests.get("produce")))
                    .as("two producers, each at least one request")
                    .isBetween(2L, 12L);
            assertThat(sum(requests.get("put"))).isEqualTo(1);
            assertThat(sum(requests.get("get"))).isZero();
            long fetches = sum(requests.get("fetch"));
            assertThat(fetches).isPositive();
            assertThat(rates.get("produce")).hasSize(300);
            assertThat(rates.get("requests").get("fetch")).hasSize(300);
            awaitRates(stream.getId(), r -> sum(r.get("requests").get("fetch")) > fetches + 2);
            assertThat(find(getJson("/streams"), stream.getId())
                            .get("fetchPerSecond")
                            .asDouble())
                    .isPositive();
        }
    }

    @Test
    void anEmptyGetMessagesCountsAsARequestWithoutMessages() {
        Stream stream = SERVER.createStream("empty-get", 1);
        StreamClient client = SERVER.streamClient();
        String cursor = client.createGroupCursor(CreateGroupCursorRequest.builder()
                        .streamId(stream.getId())
                        .createGroupCursorDetails(CreateGroupCursorDetails.builder()
                                .groupName("idle")
                                .type(CreateGroupCursorDetails.Type.TrimHorizon)
                                .build())
                        .build())
                .getCursor()
                .getValue();
        assertThat(client.getMessages(GetMessagesRequest.builder()
                                .streamId(stream.getId())
                                .cursor(cursor)
                                .build())
                        .getItems())
                .isEmpty();
        JsonNode rates = awaitRates(stream.getId(), r -> sum(r.get("requests").get("get")) == 1);
        assertThat(sum(rates.get("get"))).isZero();
    }

    @Test
    void withoutTheKafkaFaceThereAreNoKafkaGroupsAndNoBootstrap() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(tmp)
                .compartmentId(SdkClients.COMPARTMENT)
                .kafka(KafkaSettings.defaults().withEnabled(false))
                .build();
        try (LocalStreamingServer server = LocalStreamingServer.start(config);
                StreamAdminClient admin = SdkClients.adminClient(server.url())) {
            String id = admin.createStream(CreateStreamRequest.builder()
                            .createStreamDetails(CreateStreamDetails.builder()
                                    .name("rest-only")
                                    .partitions(1)
                                    .compartmentId(SdkClients.COMPARTMENT)
                                    .build())
                            .build())
                    .getStream()
                    .getId();
            JsonNode serverView = Http.json(Http.get(server.url() + "/console/api/server"));
            assertThat(serverView.has("kafkaBootstrapServers")).isFalse();
            HttpResponse<String> view = Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> Http.get(server.url() + "/console/api/streams/" + id), r -> r.statusCode() == 200);
            assertThat(Http.json(view).get("kafkaGroups")).isEmpty();
        }
        assertThat(Http.json(Http.get(SERVER.url() + "/console/api/server"))
                        .get("kafkaBootstrapServers")
                        .asText())
                .isEqualTo(SERVER.server().kafkaBootstrapServers());
    }

    /** Commits one offset for a group as a consumer that assigns its partitions itself (no member, generation -1). */
    private static void commitAlone(String bootstrap, String group, TopicPartition tp, long offset) {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap, group, Map.of())) {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        }
    }

    private static String ownerOf(TwoMemberKafkaGroup group, Map<String, String> memberOfClient, int partition) {
        for (var e : group.assignments().entrySet()) {
            if (e.getValue().contains(new TopicPartition("kafka-orders", partition))) {
                return memberOfClient.get(e.getKey());
            }
        }
        throw new AssertionError("no member holds partition " + partition);
    }

    private static JsonNode kafkaGroup(String streamId, String groupId, Predicate<JsonNode> until) {
        return Awaitility.await("Kafka group " + groupId)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            for (JsonNode g : getJson("/streams/" + streamId).get("kafkaGroups")) {
                                if (g.get("groupId").asText().equals(groupId)) {
                                    return g;
                                }
                            }
                            return null;
                        },
                        g -> g != null && until.test(g));
    }

    private static List<String> kafkaGroupIds(String streamId) {
        List<String> ids = new ArrayList<>();
        getJson("/streams/" + streamId)
                .get("kafkaGroups")
                .forEach(g -> ids.add(g.get("groupId").asText()));
        return ids;
    }

    /** The current second is still filling: counts show once it is over. */
    private static JsonNode awaitRates(String streamId, Predicate<JsonNode> until) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> getJson("/streams/" + streamId + "/rates"), until::test);
    }

    private static JsonNode getJson(String path) {
        HttpResponse<String> r = Http.get(SERVER.url() + "/console/api" + path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.json(r);
    }

    private static JsonNode find(JsonNode list, String id) {
        return StreamSupport.stream(list.spliterator(), false)
                .filter(n -> n.get("id").asText().equals(id))
                .findFirst()
                .orElse(null);
    }

    private static long sum(JsonNode array) {
        long s = 0;
        for (JsonNode n : array) {
            s += n.asLong();
        }
        return s;
    }

    private static void put(StreamClient client, String streamId, int count) {
        List<PutMessagesDetailsEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(PutMessagesDetailsEntry.builder()
                    .value(("m" + i).getBytes(UTF_8))
                    .build());
        }
        client.putMessages(PutMessagesRequest.builder()
                .streamId(streamId)
                .putMessagesDetails(
                        PutMessagesDetails.builder().messages(entries).build())
                .build());
    }
}
