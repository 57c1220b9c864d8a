package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.CreateStreamPoolDetails;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.requests.CreateStreamPoolRequest;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.GetStreamRequest;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import dev.ocistreaming.local.kafka.KafkaSettings;
import dev.ocistreaming.testsupport.KafkaClients;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.PublicKeys;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The admin client against the Kafka face, the refusals of what the service lacks, and SASL PLAIN. */
class KafkaAdminAndSecurityIT {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT));

    @TempDir
    Path tmp;

    private String bootstrap() {
        return server.server().kafkaBootstrapServers();
    }

    @Test
    void createdTopicsAreStreamsAndDescribeConfigsTellsTheirRetention() throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap(), Map.of())) {
            admin.createTopics(List.of(new NewTopic("made-by-kafka", 3, (short) 3)
                            .configs(Map.of("retention.ms", Long.toString(48 * 3_600_000L)))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            Stream s = restStream("made-by-kafka");
            assertThat(s.getPartitions()).isEqualTo(3);
            assertThat(s.getRetentionInHours()).isEqualTo(48);
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "made-by-kafka");
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(48 * 3_600_000L));
            assertThat(admin.listTopics().names().get()).contains("made-by-kafka");
            assertThat(admin.describeTopics(List.of("made-by-kafka"))
                            .allTopicNames()
                            .get()
                            .get("made-by-kafka")
                            .partitions())
                    .hasSize(3);

            admin.deleteTopics(List.of("made-by-kafka")).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get()).doesNotContain("made-by-kafka");
            assertThat(server.adminClient()
                            .getStream(GetStreamRequest.builder()
                                    .streamId(s.getId())
                                    .build())
                            .getStream()
                            .getLifecycleState())
                    .isIn(Stream.LifecycleState.Deleting, Stream.LifecycleState.Deleted);
        }
    }

    @Test
    void whatTheServiceLacksIsRefusedInWordsTheClientShows() throws Exception {
        server.createStream("fixed", 2);
        try (Admin admin = KafkaClients.admin(bootstrap(), Map.of())) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("compacted", 1, (short) 3)
                                    .configs(Map.of("cleanup.policy", "compact"))))
                            .all()
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("compacted topics");
            assertThatThrownBy(() -> admin.createPartitions(Map.of("fixed", NewPartitions.increaseTo(4)))
                            .all()
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("cannot add partitions");
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("fixed", 1, (short) 3)))
                            .all()
                            .get(30, TimeUnit.SECONDS))
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("too-wide", 201, (short) 3)))
                            .all()
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InvalidPartitionsException.class)
                    .hasMessageContaining("allowed partitions (200 per stream");
        }
        try (KafkaProducer<String, String> tx = KafkaClients.producer(
                bootstrap(),
                Map.of(
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "tx-1",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true))) {
            assertThatThrownBy(tx::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        assertThat(restStream("fixed").getPartitions()).isEqualTo(2);
    }

    @Test
    void theSaslUsernameSelectsTheStreamPool() throws Exception {
        String poolId = server.adminClient()
                .createStreamPool(CreateStreamPoolRequest.builder()
                        .createStreamPoolDetails(CreateStreamPoolDetails.builder()
                                .compartmentId(SdkClients.COMPARTMENT)
                                .name("kafka-pool")
                                .build())
                        .build())
                .getStreamPool()
                .getId();
        server.adminClient()
                .createStream(CreateStreamRequest.builder()
                        .createStreamDetails(CreateStreamDetails.builder()
                                .name("in-pool")
                                .partitions(1)
                                .streamPoolId(poolId)
                                .build())
                        .build());
        server.createStream("in-default", 1);
        try (Admin inPool = KafkaClients.admin(bootstrap(), sasl("tenancy/jdoe/" + poolId, "any"));
                Admin withDomain = KafkaClients.admin(bootstrap(), sasl("tenancy/Default/jdoe/" + poolId, "any"));
                Admin noSasl = KafkaClients.admin(bootstrap(), Map.of());
                Admin unknownPool =
                        KafkaClients.admin(bootstrap(), sasl("tenancy/jdoe/ocid1.streampool.oc1.local.nosuch", "x"))) {
            awaitTopics(inPool, Set.of("in-pool"));
            awaitTopics(withDomain, Set.of("in-pool"));
            awaitTopics(noSasl, Set.of("in-default"));
            awaitTopics(unknownPool, Set.of("in-default"));
            assertThat(inPool.describeCluster().clusterId().get()).isEqualTo(poolId);
        }
    }

    @Test
    void withSignaturesVerifiedSaslIsRequiredAndThePasswordMustBeAnAuthToken() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        PublicKeys.newPemFile(keys.resolve("key.pem"));
        try (LocalStreamingServer secured = LocalStreamingServer.start(
                ServerConfig.builder().port(0).dataDir(tmp.resolve("data")).verifySignatures(true).apiKey(keys).stream(
                                "secret", 1, 24)
                        .kafka(KafkaSettings.defaults().withPort(0).withAuthTokens(List.of("token-1", "token-2")))
                        .build())) {
            String bootstrap = secured.kafkaBootstrapServers();
            try (Admin good = KafkaClients.admin(bootstrap, sasl("tenancy/jdoe/ocid1.streampool.oc1..x", "token-2"))) {
                awaitTopics(good, Set.of("secret"));
            }
            Map<String, Object> quick = Map.of("default.api.timeout.ms", 3000, "request.timeout.ms", 2000);
            Map<String, Object> wrong = new java.util.HashMap<>(sasl("tenancy/jdoe/x", "guess"));
            wrong.putAll(quick);
            try (Admin bad = KafkaClients.admin(bootstrap, wrong)) {
                assertThatThrownBy(() -> bad.listTopics().names().get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class)
                        .hasMessageContaining("auth token");
            }
            try (Admin none = KafkaClients.admin(bootstrap, quick)) {
                assertThatThrownBy(() -> none.listTopics().names().get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TimeoutException.class);
            }
        }
    }

    private static void awaitTopics(Admin admin, Set<String> expected) throws Exception {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).isEqualTo(expected);
    }

    private static Map<String, Object> sasl(String username, String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + username
                        + "\" password=\"" + password + "\";");
    }

    private Stream restStream(String name) {
        String id = server.adminClient()
                .listStreams(ListStreamsRequest.builder()
                        .compartmentId(SdkClients.COMPARTMENT)
                        .name(name)
                        .build())
                .getItems()
                .get(0)
                .getId();
        return server.adminClient()
                .getStream(GetStreamRequest.builder().streamId(id).build())
                .getStream();
    }
}
