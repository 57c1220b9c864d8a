package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import dev.ocistreaming.testsupport.KafkaClients;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A YAML route with camel-kafka and oci-streaming against one embedded server: what a Kafka
 * producer wrote is put on a stream by the component, and what the component reads from a stream
 * is produced to a Kafka topic by camel-kafka.
 */
class CamelKafkaBridgeIT extends ComponentTestSupport {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT));

    @Test
    void recordsCrossBetweenKafkaAndTheOciStreamingComponentBothWays() throws Exception {
        String bootstrap = server.server().kafkaBootstrapServers();
        server.createStream("kafka-in", 1);
        server.createStream("oci-out", 1);
        String ociIn = server.createStream("oci-in", 1).getId();
        server.createStream("kafka-out", 1);

        CamelContext context = newContext(server.url());
        Properties p = new Properties();
        p.put("bridge.brokers", bootstrap);
        p.put("bridge.kafka-in", "kafka-in");
        p.put("bridge.oci-out", "oci-out");
        p.put("bridge.oci-in", "oci-in");
        p.put("bridge.kafka-out", "kafka-out");
        context.getPropertiesComponent().setInitialProperties(p);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(
                        ResourceHelper.resolveMandatoryResource(context, "classpath:kafka/kafka-bridge.camel.yaml"));
        context.start();

        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap, Map.of())) {
            producer.send(new ProducerRecord<>("kafka-in", "k", "from kafka")).get(30, TimeUnit.SECONDS);
        }
        server.streamClient()
                .putMessages(PutMessagesRequest.builder()
                        .streamId(ociIn)
                        .putMessagesDetails(PutMessagesDetails.builder()
                                .messages(List.of(PutMessagesDetailsEntry.builder()
                                        .value("from oci".getBytes(StandardCharsets.UTF_8))
                                        .build()))
                                .build())
                        .build());

        // Kafka -> component -> stream "oci-out", read back over Kafka (same store)
        assertThat(readTopic(bootstrap, "oci-out")).containsExactly("from kafka");
        // stream "oci-in" -> component consumer -> camel-kafka producer -> topic "kafka-out"
        assertThat(readTopic(bootstrap, "kafka-out")).containsExactly("from oci");
    }

    private static List<String> readTopic(String bootstrap, String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = KafkaClients.consumer(bootstrap, "reader-" + topic, Map.of())) {
            c.subscribe(List.of(topic));
            await("a record on " + topic).atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return !values.isEmpty();
            });
        }
        return values;
    }
}
