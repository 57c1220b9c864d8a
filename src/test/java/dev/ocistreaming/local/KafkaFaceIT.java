package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PutMessagesResultEntry;
import dev.ocistreaming.testsupport.KafkaClients;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka face with the unmodified Java producer and consumer: produce, fetch, offsets, and the
 * one store it shares with the REST API (the OCI SDK reads what Kafka wrote and the reverse).
 */
class KafkaFaceIT {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT));

    private String bootstrap() {
        return server.server().kafkaBootstrapServers();
    }

    @Test
    void producedRecordsAreFetchedInOrderWithTheOffsetsTheProducerWasGiven() throws Exception {
        server.createStream("orders", 3);
        Map<Integer, List<Long>> acked = new HashMap<>();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), Map.of())) {
            for (int i = 0; i < 60; i++) {
                RecordMetadata m = producer.send(new ProducerRecord<>("orders", "k" + (i % 7), "v" + i))
                        .get(30, TimeUnit.SECONDS);
                acked.computeIfAbsent(m.partition(), p -> new ArrayList<>()).add(m.offset());
            }
        }
        List<ConsumerRecord<String, String>> got = readAll("orders", 3, 60);
        assertThat(got).hasSize(60);
        Map<Integer, List<Long>> seen = new HashMap<>();
        for (ConsumerRecord<String, String> r : got) {
            seen.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.offset());
            assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        }
        assertThat(seen).isEqualTo(acked);
        // per key, the values come back in the order they were sent
        Map<String, List<Integer>> perKey = new HashMap<>();
        for (ConsumerRecord<String, String> r : got) {
            perKey.computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add(Integer.parseInt(r.value().substring(1)));
        }
        perKey.values().forEach(values -> assertThat(values).isSorted());
    }

    @Test
    void theRestApiReadsWhatKafkaWroteWithTheSameOffsetsKeysValuesAndTimestampsAndKafkaReadersGetTheHeaders()
            throws Exception {
        String id = server.createStream("shared", 1).getId();
        List<RecordMetadata> acked = new ArrayList<>();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), Map.of())) {
            ProducerRecord<String, String> withHeader = new ProducerRecord<>("shared", 0, 42L, "key-0", "value-0");
            withHeader.headers().add(new RecordHeader("h", new byte[] {1}));
            acked.add(producer.send(withHeader).get(30, TimeUnit.SECONDS));
            acked.add(producer.send(new ProducerRecord<>("shared", 0, null, "value-1"))
                    .get(30, TimeUnit.SECONDS));
        }
        List<Message> messages = Sdk.readAll(server.streamClient(), id, 0);
        assertThat(messages).hasSize(2);
        assertThat(Sdk.key(messages.get(0))).isEqualTo("key-0");
        assertThat(Sdk.text(messages.get(0))).isEqualTo("value-0");
        assertThat(messages.get(1).getKey()).isNull();
        assertThat(Sdk.text(messages.get(1))).isEqualTo("value-1");
        for (int i = 0; i < 2; i++) {
            assertThat(messages.get(i).getOffset()).isEqualTo(acked.get(i).offset());
            // the producer's timestamp (42) is replaced by the append time, which the producer is told
            assertThat(messages.get(i).getTimestamp().getTime())
                    .isEqualTo(acked.get(i).timestamp());
        }
        assertThat(acked.get(0).timestamp()).isNotEqualTo(42L);

        // the record's headers are kept for Kafka readers (the REST API has no headers to show them in)
        List<ConsumerRecord<String, String>> read = readAll("shared", 1, 2);
        assertThat(read.get(0).headers().toArray())
                .extracting(h -> h.key() + "=" + java.util.Arrays.toString(h.value()))
                .containsExactly("h=[1]");
        assertThat(read.get(1).headers().toArray()).isEmpty();
    }

    @Test
    void kafkaConsumersReadWhatTheRestApiWrote() {
        String id = server.createStream("from-rest", 2).getId();
        StreamClient c = server.streamClient();
        List<PutMessagesResultEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.addAll(
                    Sdk.put(c, id, List.of(Sdk.entry("key-" + i, "rest-" + i))).getEntries());
        }
        List<ConsumerRecord<String, String>> got = readAll("from-rest", 2, 10);
        assertThat(got).hasSize(10);
        for (PutMessagesResultEntry e : entries) {
            ConsumerRecord<String, String> r = got.stream()
                    .filter(x -> x.partition() == Integer.parseInt(e.getPartition()) && x.offset() == e.getOffset())
                    .findFirst()
                    .orElseThrow();
            assertThat(r.timestamp()).isEqualTo(e.getTimestamp().getTime());
            assertThat(r.value()).startsWith("rest-");
            assertThat(r.key()).isEqualTo("key-" + r.value().substring(5));
        }
    }

    @Test
    void listOffsetsAnswersEarliestLatestAndByTimestamp() throws Exception {
        server.createStream("offsets", 1);
        TopicPartition tp = new TopicPartition("offsets", 0);
        long before;
        long middle;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), Map.of())) {
            before = producer.send(new ProducerRecord<>("offsets", 0, null, "a"))
                    .get()
                    .timestamp();
            producer.send(new ProducerRecord<>("offsets", 0, null, "b")).get();
            Thread.sleep(20);
            middle = producer.send(new ProducerRecord<>("offsets", 0, null, "c"))
                    .get()
                    .timestamp();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap(), null, Map.of())) {
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 0L);
            assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 3L);
            assertThat(consumer.offsetsForTimes(Map.of(tp, before)).get(tp).offset())
                    .isEqualTo(0L);
            assertThat(consumer.offsetsForTimes(Map.of(tp, middle)).get(tp).offset())
                    .isEqualTo(2L);
            assertThat(consumer.offsetsForTimes(Map.of(tp, middle + 60_000)).get(tp))
                    .isNull();
        }
    }

    @Test
    void aFetchWaitsForDataAndAnswersAsSoonAsItArrives() throws Exception {
        server.createStream("long-poll", 1);
        TopicPartition tp = new TopicPartition("long-poll", 0);
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(
                        bootstrap(), null, Map.of("fetch.max.wait.ms", 10_000, "fetch.min.bytes", 1));
                KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThat(consumer.poll(Duration.ofMillis(300))).isEmpty();
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    producer.send(new ProducerRecord<>("long-poll", "late")).get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            long t0 = System.nanoTime();
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            while (got.isEmpty() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
                consumer.poll(Duration.ofSeconds(20)).forEach(got::add);
            }
            writer.join();
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("late");
            // answered when the record came, not at fetch.max.wait.ms (10 s)
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void acksZeroAndAcksOneWriteToo() throws Exception {
        server.createStream("acks", 1);
        for (String acks : List.of("0", "1")) {
            try (KafkaProducer<String, String> producer =
                    KafkaClients.producer(bootstrap(), Map.of(ProducerConfig.ACKS_CONFIG, acks))) {
                producer.send(new ProducerRecord<>("acks", "acks-" + acks)).get(30, TimeUnit.SECONDS);
                producer.flush();
            }
        }
        assertThat(readAll("acks", 1, 2)).extracting(ConsumerRecord::value).containsExactly("acks-0", "acks-1");
    }

    @Test
    void aDefaultProducerIsToldTheServiceHasNoIdempotentProducers() {
        server.createStream("idempotent", 1);
        Map<String, Object> defaults = Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), defaults)) {
            // the refusal reaches the send's future, or send() itself once the producer has already failed
            // its InitProducerId (then a KafkaException caused by it): which one depends on timing
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("idempotent", "x"))
                            .get(30, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(ClusterAuthorizationException.class);
        }
        assertThat(readAll("idempotent", 1, 0)).isEmpty();
    }

    @Test
    void aRecordOverOneMebibyteIsRefusedAndNothingIsWritten() throws Exception {
        server.createStream("big", 1);
        String big = "x".repeat(1024 * 1024 + 1);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(
                bootstrap(), Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024 + 64 * 1024))) {
            assertThatThrownBy(() ->
                            producer.send(new ProducerRecord<>("big", big)).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            producer.send(new ProducerRecord<>("big", "small")).get(30, TimeUnit.SECONDS);
        }
        assertThat(readAll("big", 1, 1)).extracting(ConsumerRecord::value).containsExactly("small");
    }

    @Test
    void anUnknownTopicIsCreatedAsAStreamInTheDefaultPool() throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap(), Map.of())) {
            producer.send(new ProducerRecord<>("auto-created", "first")).get(30, TimeUnit.SECONDS);
        }
        var streams = server.adminClient()
                .listStreams(com.oracle.bmc.streaming.requests.ListStreamsRequest.builder()
                        .compartmentId(SdkClients.COMPARTMENT)
                        .name("auto-created")
                        .build())
                .getItems();
        assertThat(streams).hasSize(1);
        assertThat(Sdk.readAll(server.streamClient(), streams.get(0).getId(), 0))
                .extracting(Sdk::text)
                .containsExactly("first");
    }

    @Test
    void theKafkaKeysAreReadAndCheckedAndTheListenerCanBeTurnedOff(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        ServerConfig c = ServerConfig.fromProperties(Map.of(
                "local-server.kafka.port", "19092",
                "local-server.kafka.compartment-id", "ocid1.compartment.oc1..kafka",
                "local-server.kafka.auth-tokens", " tok-alpha , tok-beta ,"));
        assertThat(c.kafka().port()).isEqualTo(19092);
        assertThat(c.kafka().compartmentId()).isEqualTo("ocid1.compartment.oc1..kafka");
        assertThat(c.kafka().authTokens()).containsExactly("tok-alpha", "tok-beta");
        assertThat(c.kafka().toString()).doesNotContain("tok-").contains("2 token(s)");
        assertThat(ServerConfig.fromProperties(Map.of()).kafka().port()).isEqualTo(9092);
        assertThat(ServerConfig.fromProperties(Map.of("local-server.port", "0"))
                        .kafka()
                        .port())
                .isZero();
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.kafka.port", "70000")))
                .hasMessageContaining("local-server.kafka.port");
        assertThat(ServerConfig.fromProperties(Map.of("local-server.kafka.tls", "true"))
                        .kafka()
                        .tls()
                        .enabled())
                .isTrue();
        try (LocalStreamingServer off = LocalStreamingServer.start(ServerConfig.fromProperties(Map.of(
                "local-server.port", "0",
                "local-server.data-dir", dir.toString(),
                "local-server.kafka.enabled", "false")))) {
            assertThat(off.kafkaBootstrapServers()).isNull();
            assertThat(off.kafkaPort()).isEqualTo(-1);
        }
    }

    /** Every record of the topic from the beginning, waiting up to 30 s for {@code expected} of them. */
    private List<ConsumerRecord<String, String>> readAll(String topic, int partitions, int expected) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                KafkaClients.consumer(bootstrap(), null, Map.of("fetch.max.wait.ms", 100))) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(expected == 0 ? 1 : 30);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            if (expected == 0) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }
}
