package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PutMessagesResultEntry;
import dev.ocistreaming.local.kafka.KafkaSettings;
import dev.ocistreaming.testsupport.KafkaClients;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kafkajs, a Kafka client for Node.js written without Apache Kafka's or librdkafka's code, against the Kafka face: it
 * produces with acks -1 what the REST API reads, consumes with a consumer group what the REST API wrote, and commits;
 * once in plain text, once with TLS and SASL PLAIN as a client of OCI Streaming connects. The Node project is
 * {@code src/test/node/kafkajs} (kafkajs pinned by its package-lock.json); it is installed with {@code npm ci} under
 * {@code target/}. Skipped when node or npm is not installed (Debian packages {@code nodejs} and {@code npm}).
 */
class KafkajsIT {

    private static final Path PROJECT = Path.of("src", "test", "node", "kafkajs");
    private static final Path WORK = Path.of("target", "node", "kafkajs");
    private static final int KAFKAJS_MESSAGES = 3;

    @RegisterExtension
    static final LocalServerExtension PLAIN = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT));

    @RegisterExtension
    static final LocalServerExtension TLS = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT)
            .kafka(KafkaSettings.defaults().withTls(true)));

    private static String node;

    @BeforeAll
    static void installKafkajs() throws IOException, InterruptedException {
        node = KcatIT.onPath("node");
        String npm = KcatIT.onPath("npm");
        assumeTrue(node != null && npm != null, "node or npm is not installed (Debian packages nodejs and npm)");
        install(npm);
    }

    @Test
    void kafkajsProducesConsumesAndCommitsOnTheSameStreamsAsTheRestApi() throws Exception {
        roundTrip(PLAIN, "kafkajs", Map.of());
    }

    @Test
    void kafkajsDoesTheSameOverTlsWithSaslPlain() throws Exception {
        Path certificate = TLS.server().kafkaTrustStore().resolveSibling("certificate.pem");
        roundTrip(
                TLS,
                "kafkajs-tls",
                Map.of(
                        "CA_FILE", certificate.toAbsolutePath().toString(),
                        "SASL_USERNAME", "tenancy/jdoe@example.com/ocid1.streampool.oc1..none",
                        "SASL_PASSWORD", "auth-token"));
    }

    /**
     * A REST message and kafkajs' own on a new 2-partition stream; kafkajs reads both kinds with group
     * {@code <topic>-group} and commits, the REST API reads kafkajs' messages, and both clients read the commit back.
     */
    private static void roundTrip(LocalServerExtension server, String topic, Map<String, String> connection)
            throws Exception {
        String group = topic + "-group";
        String streamId = server.createStream(topic, 2).getId();
        PutMessagesResultEntry rest = Sdk.put(
                        server.streamClient(), streamId, List.of(Sdk.entry("rest-key", "from-rest")))
                .getEntries()
                .get(0);

        Map<String, String> env = new HashMap<>(connection);
        env.put("BOOTSTRAP", server.server().kafkaBootstrapServers());
        env.put("TOPIC", topic);
        env.put("GROUP", group);
        JsonNode result = runRoundTrip(topic, env);

        // kafkajs read the REST message as the REST API stored it
        JsonNode fromRest = find(result.get("consumed"), "value", "from-rest");
        assertThat(fromRest.get("key").asText()).isEqualTo("rest-key");
        assertThat(fromRest.get("partition").asInt()).isEqualTo(Integer.parseInt(rest.getPartition()));
        assertThat(fromRest.get("offset").asLong()).isEqualTo(rest.getOffset());
        assertThat(fromRest.get("timestamp").asLong())
                .isEqualTo(rest.getTimestamp().getTime());

        // the REST API reads what kafkajs produced, where kafkajs was told it went
        Map<String, Message> restRead = new HashMap<>();
        for (int p = 0; p < 2; p++) {
            for (Message m : Sdk.readAll(server.streamClient(), streamId, p)) {
                restRead.put(Sdk.text(m), m);
            }
        }
        assertThat(restRead).hasSize(1 + KAFKAJS_MESSAGES);
        for (JsonNode sent : result.get("sent")) {
            String key = sent.get("key").asText();
            Message m = restRead.get("kafkajs-" + key.substring("kafkajs-key-".length()));
            assertThat(m).as("REST read of %s", key).isNotNull();
            assertThat(Sdk.key(m)).isEqualTo(key);
            assertThat(m.getPartition()).isEqualTo(sent.get("partition").asText());
            assertThat(m.getOffset()).isEqualTo(sent.get("offset").asLong());
        }
        assertThat(result.get("consumed")).hasSize(1 + KAFKAJS_MESSAGES);

        // the group's commit is the server's: kafkajs reads it back, and so does the Java admin client
        Map<Integer, Long> next = new HashMap<>();
        for (JsonNode c : result.get("consumed")) {
            next.merge(c.get("partition").asInt(), c.get("offset").asLong() + 1, Math::max);
        }
        Map<Integer, Long> committedSeenByKafkajs = new HashMap<>();
        for (JsonNode c : result.get("committed")) {
            if (c.get("offset").asLong() >= 0) {
                committedSeenByKafkajs.put(
                        c.get("partition").asInt(), c.get("offset").asLong());
            }
        }
        assertThat(committedSeenByKafkajs).isEqualTo(next);
        assertThat(javaAdminCommits(server, group)).isEqualTo(next);
    }

    /** The group's committed offsets as kafka-clients' admin client reads them (over TLS where the server has it). */
    private static Map<Integer, Long> javaAdminCommits(LocalServerExtension server, String group) throws Exception {
        Map<String, Object> config = new HashMap<>();
        Path trustStore = server.server().kafkaTrustStore();
        if (trustStore != null) {
            config.put("security.protocol", "SSL");
            config.put("ssl.truststore.type", "PEM");
            config.put(
                    "ssl.truststore.location",
                    trustStore.resolveSibling("certificate.pem").toString());
        }
        try (Admin admin = KafkaClients.admin(server.server().kafkaBootstrapServers(), config)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<Integer, Long> byPartition = new HashMap<>();
            committed.forEach((tp, o) -> byPartition.put(tp.partition(), o.offset()));
            return byPartition;
        }
    }

    /** A fresh copy of the Node project under target/, its dependencies installed exactly as the lock file says. */
    private static void install(String npm) throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "roundtrip.js")) {
            Files.copy(PROJECT.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = WORK.resolve("npm-ci.log");
        Process p = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund")
                .directory(WORK.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("npm ci did not finish within 5 minutes: " + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            fail("npm ci failed (exit " + p.exitValue() + "): " + Files.readString(log));
        }
    }

    /** Runs roundtrip.js with these settings and returns its RESULT; fails with its output otherwise. */
    private static JsonNode runRoundTrip(String name, Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = WORK.resolve(name + ".out");
        Path err = WORK.resolve(name + ".err");
        ProcessBuilder b = new ProcessBuilder(node, "roundtrip.js")
                .directory(WORK.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        b.environment().putAll(env);
        b.environment().put("MESSAGES", Integer.toString(KAFKAJS_MESSAGES));
        b.environment().put("EXPECT", Integer.toString(1 + KAFKAJS_MESSAGES));
        b.environment().put("TIMEOUT_MS", "90000");
        Process p = b.start();
        boolean finished = p.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        List<String> results = new ArrayList<>();
        stdout.lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> results.add(l.substring(7)));
        if (!finished || p.exitValue() != 0 || results.size() != 1) {
            fail("kafkajs round trip failed (" + (finished ? "exit " + p.exitValue() : "killed after 2 minutes")
                    + ")\nstdout:\n"
                    + stdout + "\nstderr:\n" + stderr);
        }
        return new ObjectMapper().readTree(results.get(0));
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        return fail("no record with " + field + " " + value + " in " + array);
    }
}
