package dev.ocistreaming.local.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.junit.OciStreamingLocalServer.Scope;
import dev.ocistreaming.testsupport.KafkaClients;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension as a user's test class meets it: each scenario is a test class run through the JUnit Platform
 * launcher, whose route reaches the server only through the system properties the extension set (camel-main reads
 * them, as Spring Boot does).
 */
class OciStreamingLocalServerExtensionIT {

    private static final String SENTINEL = "http://127.0.0.1:1/not-the-local-server";
    /** What the scenario tests saw: one entry per test, in order. */
    static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void markEndpoint() {
        seen.clear();
        System.setProperty(OciStreamingLocalServerExtension.ENDPOINT_PROPERTY, SENTINEL);
    }

    @AfterEach
    void clearEndpoint() {
        System.clearProperty(OciStreamingLocalServerExtension.ENDPOINT_PROPERTY);
        System.clearProperty(OciStreamingLocalServerExtension.COMPARTMENT_PROPERTY);
    }

    @Test
    void oneServerPerClassKeepsWhatEarlierTestsSentAndPutsThePropertyBack() {
        TestExecutionSummary summary = run(PerClass.class);

        assertThat(summary.getFailures()).as(() -> failures(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        // the first test read its own message, the second read both: the same server and data throughout
        assertThat(seen).containsExactly("url=" + seen.get(0).substring(4), "read=first", "read=first,second");
        assertThat(System.getProperty(OciStreamingLocalServerExtension.ENDPOINT_PROPERTY))
                .isEqualTo(SENTINEL);
        assertThat(System.getProperty(OciStreamingLocalServerExtension.COMPARTMENT_PROPERTY))
                .isNull();
    }

    @Test
    void aServerPerTestStartsEmpty() {
        TestExecutionSummary summary = run(PerTestFresh.class);

        assertThat(summary.getFailures()).as(() -> failures(summary)).isEmpty();
        assertThat(seen).containsExactly("read=first", "read=second");
    }

    @Test
    void aServerPerTestWithKeptDataSeesWhatThePreviousServerStored() {
        TestExecutionSummary summary = run(PerTestKept.class);

        assertThat(summary.getFailures()).as(() -> failures(summary)).isEmpty();
        assertThat(seen).containsExactly("read=first", "read=first,second");
    }

    @Test
    void aBadStreamDeclarationFailsTheClassNamingIt() {
        TestExecutionSummary summary = run(BadStream.class);

        assertThat(summary.getTestsSucceededCount()).isZero();
        assertThat(summary.getFailures())
                .singleElement()
                .satisfies(failure -> assertThat(failure.getException())
                        .hasMessageContaining("'orders:none' is not NAME or NAME:PARTITIONS"));
        assertThat(System.getProperty(OciStreamingLocalServerExtension.ENDPOINT_PROPERTY))
                .isEqualTo(SENTINEL);
    }

    @Test
    void withKafkaTheSameStreamsAreTopicsAndWithKafkaTlsTheTruststoreIsTheServers() {
        TestExecutionSummary plain = run(WithKafka.class);
        TestExecutionSummary tls = run(WithKafkaTls.class);

        assertThat(plain.getFailures()).as(() -> failures(plain)).isEmpty();
        assertThat(tls.getFailures()).as(() -> failures(tls)).isEmpty();
        assertThat(seen).containsExactly("read=by-kafka", "read=by-kafka-over-tls");
    }

    /** The scenario's failures with their stack traces, so a failing scenario says why. */
    private static String failures(TestExecutionSummary summary) {
        java.io.StringWriter out = new java.io.StringWriter();
        summary.printFailuresTo(new java.io.PrintWriter(out), 30);
        return out.toString();
    }

    private static TestExecutionSummary run(Class<?> scenario) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(scenario))
                                .build(),
                        listener);
        return listener.getSummary();
    }

    /**
     * Sends {@code body} to the declared stream "orders" through a camel-main application configured by nothing but
     * the system properties, then reads the whole stream back from its start; records what it read.
     */
    static void sendAndReadAll(String body, int expected) throws Exception {
        sendAndReadAll(body, expected, true);
    }

    /** Reads the whole stream "orders" back from its start through a route; records what it read. */
    static void readAll(int expected) throws Exception {
        sendAndReadAll(null, expected, false);
    }

    private static void sendAndReadAll(String body, int expected, boolean send) throws Exception {
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:orders");
                from("oci-streaming:orders?groupName=reader-" + System.nanoTime()
                                + "&initialPosition=TRIM_HORIZON&commitMode=ON_GET")
                        .to("seda:read");
            }
        });
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            if (send) {
                context.createFluentProducerTemplate()
                        .to("direct:in")
                        .withBody(body)
                        .send();
            }
            ConsumerTemplate reader = context.createConsumerTemplate();
            // sorted: messages in different partitions have no order between them
            java.util.List<String> read = new java.util.ArrayList<>();
            for (int i = 0; i < expected; i++) {
                read.add(reader.receiveBody("seda:read", 30_000, String.class));
            }
            read.sort(null);
            seen.add("read=" + String.join(",", read));
        } finally {
            main.stop();
        }
    }

    @OciStreamingLocalServer(streams = "orders:2")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClass {
        @Test
        @Order(1)
        void first(LocalStreamingServer server) throws Exception {
            assertThat(System.getProperty(OciStreamingLocalServerExtension.ENDPOINT_PROPERTY))
                    .isEqualTo(server.url());
            seen.add("url=" + server.url());
            sendAndReadAll("first", 1);
        }

        @Test
        @Order(2)
        void second() throws Exception {
            sendAndReadAll("second", 2);
        }
    }

    @OciStreamingLocalServer(streams = "orders", scope = Scope.TEST)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerTestFresh {
        @Test
        @Order(1)
        void first() throws Exception {
            sendAndReadAll("first", 1);
        }

        @Test
        @Order(2)
        void second() throws Exception {
            sendAndReadAll("second", 1);
        }
    }

    @OciStreamingLocalServer(streams = "orders", scope = Scope.TEST, keepData = true)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerTestKept {
        @Test
        @Order(1)
        void first() throws Exception {
            sendAndReadAll("first", 1);
        }

        @Test
        @Order(2)
        void second() throws Exception {
            sendAndReadAll("second", 2);
        }
    }

    @OciStreamingLocalServer(streams = "orders", kafka = true)
    static class WithKafka {
        @Test
        void aKafkaProducerWritesWhatTheRouteReads(LocalStreamingServer server) throws Exception {
            assertThat(server.kafkaTrustStore()).isNull();
            try (KafkaProducer<String, String> producer =
                    KafkaClients.producer(server.kafkaBootstrapServers(), Map.of())) {
                producer.send(new ProducerRecord<>("orders", "by-kafka")).get(30, TimeUnit.SECONDS);
            }
            readAll(1);
        }
    }

    @OciStreamingLocalServer(streams = "orders", kafkaTls = true)
    static class WithKafkaTls {
        @Test
        void aProductionClientConfigurationNeedsOnlyTheTruststore(LocalStreamingServer server) throws Exception {
            Map<String, Object> production = Map.of(
                    "security.protocol", "SASL_SSL",
                    "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config",
                            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"tenancy/user/"
                                    + "ocid1.streampool.oc1..none\" password=\"token\";",
                    "ssl.truststore.location", server.kafkaTrustStore().toString(),
                    "ssl.truststore.password", "local-server");
            try (KafkaProducer<String, String> producer =
                    KafkaClients.producer(server.kafkaBootstrapServers(), production)) {
                producer.send(new ProducerRecord<>("orders", "by-kafka-over-tls"))
                        .get(30, TimeUnit.SECONDS);
            }
            readAll(1);
        }
    }

    @OciStreamingLocalServer(streams = "orders:none")
    static class BadStream {
        @Test
        void neverRuns() {}
    }
}
