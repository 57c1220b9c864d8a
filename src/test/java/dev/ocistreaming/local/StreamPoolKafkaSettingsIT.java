package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.model.CreateStreamPoolDetails;
import com.oracle.bmc.streaming.model.KafkaSettings;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.model.StreamPool;
import com.oracle.bmc.streaming.model.StreamSummary;
import com.oracle.bmc.streaming.model.UpdateStreamPoolDetails;
import com.oracle.bmc.streaming.requests.CreateStreamPoolRequest;
import com.oracle.bmc.streaming.requests.GetStreamPoolRequest;
import com.oracle.bmc.streaming.requests.GetStreamRequest;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import com.oracle.bmc.streaming.requests.UpdateStreamPoolRequest;
import dev.ocistreaming.testsupport.KafkaClients;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream pool's Kafka settings: set and read back through the unmodified SDK, kept across restarts, checked, and
 * followed by the Kafka face when a client names a topic that does not exist.
 */
class StreamPoolKafkaSettingsIT {

    private static final int MAX_PARTITIONS = 10;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(
            b -> b.compartmentId(SdkClients.COMPARTMENT).maxPartitions(MAX_PARTITIONS));

    @Test
    void theSdkCreatesUpdatesAndReadsBackAPoolsKafkaSettings() throws Exception {
        StreamPool created = createPool("tuned", settings(true, 3, 48));
        assertSettings(created, true, 3, 48);
        assertThat(created.getKafkaSettings().getBootstrapServers())
                .isEqualTo(server.server().kafkaBootstrapServers());
        assertSettings(get(created.getId()), true, 3, 48);

        // an update changes what it names and keeps the rest
        StreamPool updated =
                update(created.getId(), KafkaSettings.builder().numPartitions(5).build());
        assertSettings(updated, true, 5, 48);
        updated = update(
                created.getId(),
                KafkaSettings.builder()
                        .autoCreateTopicsEnable(false)
                        .logRetentionHours(168)
                        .build());
        assertSettings(updated, false, 5, 168);

        // without settings: what the service answers for a new pool; a compartment's default pool auto-creates
        assertSettings(createPool("plain", null), false, 1, 24);
        assertSettings(get(defaultPoolId()), true, 1, 24);

        server.restart();
        assertSettings(get(created.getId()), false, 5, 168);
    }

    @Test
    void valuesOutsideWhatTheServerAllowsAreA400AndChangeNothing() {
        String poolId = createPool("checked", settings(true, 2, 24)).getId();
        List<KafkaSettings> bad = List.of(
                KafkaSettings.builder().numPartitions(0).build(),
                KafkaSettings.builder().numPartitions(MAX_PARTITIONS + 1).build(),
                KafkaSettings.builder().logRetentionHours(23).build(),
                KafkaSettings.builder().logRetentionHours(169).build());
        for (KafkaSettings k : bad) {
            assertThatThrownBy(() -> createPool("refused", k))
                    .as("create with %s", k)
                    .isInstanceOfSatisfying(BmcException.class, e -> assertInvalid(e, k));
            assertThatThrownBy(() -> update(poolId, k))
                    .as("update with %s", k)
                    .isInstanceOfSatisfying(BmcException.class, e -> assertInvalid(e, k));
        }
        assertSettings(get(poolId), true, 2, 24);
        assertThat(names(poolId)).isEmpty();
    }

    @Test
    void aProducerToANewTopicCreatesItWithThePoolsPartitionsAndRetention() throws Exception {
        String poolId = createPool("auto", settings(true, 4, 72)).getId();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), sasl(poolId))) {
            producer.send(new ProducerRecord<>("fresh", "k", "v")).get(30, TimeUnit.SECONDS);
        }
        Stream fresh = stream(poolId, "fresh");
        assertThat(fresh.getPartitions()).isEqualTo(4);
        assertThat(fresh.getRetentionInHours()).isEqualTo(72);

        // an explicit CreateTopics that leaves partitions and retention to the server gets the pool's
        update(poolId, KafkaSettings.builder().numPartitions(6).build());
        try (Admin admin = KafkaClients.admin(bootstrap(), sasl(poolId))) {
            admin.createTopics(List.of(new NewTopic("by-admin", Optional.empty(), Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        Stream byAdmin = stream(poolId, "by-admin");
        assertThat(byAdmin.getPartitions()).isEqualTo(6);
        assertThat(byAdmin.getRetentionInHours()).isEqualTo(72);
    }

    @Test
    void withAutoCreateOffAProducerGetsAnErrorAndNoStreamAppearsButCreateTopicsStillWorks() throws Exception {
        String poolId = createPool("manual", settings(false, 2, 24)).getId();
        try (Admin admin = KafkaClients.admin(bootstrap(), sasl(poolId))) {
            admin.createTopics(List.of(new NewTopic("explicit", Optional.empty(), Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(stream(poolId, "explicit").getPartitions()).isEqualTo(2);

        Map<String, Object> config = new HashMap<>(sasl(poolId));
        // how long a send waits for its topic to appear in the metadata; ample once connected, even on a busy machine
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), config)) {
            // connected and authenticated first, so the refusal below is the server's answer, not a slow start
            producer.send(new ProducerRecord<>("explicit", "v")).get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() ->
                            producer.send(new ProducerRecord<>("absent", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("not present in metadata");
        }
        assertThat(names(poolId)).containsExactly("explicit");
    }

    @Test
    void poolFilesOfTheEarlierVersionLoadWithTheDefaultsAndBadSettingsInAFileAreSetAside() throws Exception {
        String created = createPool("old", settings(true, 7, 100)).getId();
        String damaged = createPool("damaged", null).getId();
        String defaultPool = defaultPoolId();
        // the server reads pool files only at start, and writes one only when its pool changes
        Path pools = server.dataDir().resolve("meta/pools");
        ObjectMapper json = new ObjectMapper();
        for (String id : List.of(created, defaultPool)) {
            Path file = pools.resolve(id + ".json");
            ObjectNode pool = (ObjectNode) json.readTree(file.toFile());
            assertThat(pool.has("kafkaSettings")).isTrue();
            pool.remove("kafkaSettings");
            Files.write(file, json.writeValueAsBytes(pool));
        }
        Path damagedFile = pools.resolve(damaged + ".json");
        ObjectNode pool = (ObjectNode) json.readTree(damagedFile.toFile());
        ((ObjectNode) pool.get("kafkaSettings")).put("numPartitions", 0);
        Files.write(damagedFile, json.writeValueAsBytes(pool));

        server.restart();
        assertSettings(get(created), false, 1, 24);
        assertSettings(get(defaultPool), true, 1, 24);
        assertThatThrownBy(() -> get(damaged))
                .isInstanceOfSatisfying(
                        BmcException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
        assertThat(server.dataDir().resolve("damaged/meta/pools/" + damaged + ".json"))
                .exists();
        assertThat(Files.readString(server.dataDir().resolve("damaged/meta/pools/" + damaged + ".json.why.json")))
                .contains("kafkaSettings.numPartitions is 0");
    }

    private static KafkaSettings settings(boolean autoCreate, int partitions, int retentionHours) {
        return KafkaSettings.builder()
                .autoCreateTopicsEnable(autoCreate)
                .numPartitions(partitions)
                .logRetentionHours(retentionHours)
                .build();
    }

    private static void assertSettings(StreamPool p, boolean autoCreate, int partitions, int retentionHours) {
        KafkaSettings k = p.getKafkaSettings();
        assertThat(k.getAutoCreateTopicsEnable()).as("autoCreateTopicsEnable").isEqualTo(autoCreate);
        assertThat(k.getNumPartitions()).as("numPartitions").isEqualTo(partitions);
        assertThat(k.getLogRetentionHours()).as("logRetentionHours").isEqualTo(retentionHours);
    }

    private static void assertInvalid(BmcException e, KafkaSettings k) {
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getServiceCode()).isEqualTo("InvalidParameter");
        assertThat(e.getMessage())
                .contains(
                        k.getNumPartitions() != null
                                ? "kafkaSettings.numPartitions"
                                : "kafkaSettings.logRetentionHours");
    }

    private StreamAdminClient admin() {
        return server.adminClient();
    }

    private StreamPool createPool(String name, KafkaSettings kafka) {
        return admin().createStreamPool(CreateStreamPoolRequest.builder()
                        .createStreamPoolDetails(CreateStreamPoolDetails.builder()
                                .name(name)
                                .compartmentId(SdkClients.COMPARTMENT)
                                .kafkaSettings(kafka)
                                .build())
                        .build())
                .getStreamPool();
    }

    private StreamPool update(String poolId, KafkaSettings kafka) {
        return admin().updateStreamPool(UpdateStreamPoolRequest.builder()
                        .streamPoolId(poolId)
                        .updateStreamPoolDetails(UpdateStreamPoolDetails.builder()
                                .kafkaSettings(kafka)
                                .build())
                        .build())
                .getStreamPool();
    }

    private StreamPool get(String poolId) {
        return admin().getStreamPool(
                        GetStreamPoolRequest.builder().streamPoolId(poolId).build())
                .getStreamPool();
    }

    /** The compartment's default pool, made by creating a stream in the compartment. */
    private String defaultPoolId() {
        return server.createStream("in-default", 1).getStreamPoolId();
    }

    private List<String> names(String poolId) {
        return admin()
                .listStreams(ListStreamsRequest.builder()
                        .streamPoolId(poolId)
                        .lifecycleState(Stream.LifecycleState.Active)
                        .build())
                .getItems()
                .stream()
                .map(StreamSummary::getName)
                .toList();
    }

    private Stream stream(String poolId, String name) {
        List<StreamSummary> found = admin().listStreams(ListStreamsRequest.builder()
                        .streamPoolId(poolId)
                        .name(name)
                        .build())
                .getItems();
        assertThat(found).as("streams named %s in the pool", name).hasSize(1);
        return admin().getStream(GetStreamRequest.builder()
                        .streamId(found.get(0).getId())
                        .build())
                .getStream();
    }

    private String bootstrap() {
        return server.server().kafkaBootstrapServers();
    }

    /** SASL PLAIN whose username selects the pool, as on the service. */
    private static Map<String, Object> sasl(String poolId) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"tenancy/user/" + poolId
                        + "\" password=\"token\";");
    }
}
