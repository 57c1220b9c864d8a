package dev.ocistreaming.app.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The kafka-clients settings both servers get in the Kafka rows. Throughput settings are written out even where they
 * are kafka-clients 4's defaults, so the table states them and a change of default cannot move the figures unseen.
 */
final class KafkaClientSettings {

    private KafkaClientSettings() {}

    /** Settings that decide throughput and durability; printed in the header. */
    static Map<String, Object> producer() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // the local server refuses idempotent producers, as the service does
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 16_384);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // a queue, not a throughput setting: a request carries one 16 KiB batch per partition and 5 are in flight
        // (240 KiB here), so 2 MiB keeps the pipe full while the default 32 MiB would only take seconds to drain
        // after each time box
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2_097_152L);
        p.putAll(producerTimeouts());
        return p;
    }

    /** Settings that decide throughput; printed in the header. */
    static Map<String, Object> consumer() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 52_428_800);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1_048_576);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        c.put(ConsumerConfig.CHECK_CRCS_CONFIG, true);
        // no group: the consumer assigns itself every partition, so no group coordination is timed on either side
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return c;
    }

    /** Bounded waits: a server that stops answering fails the run in seconds instead of the defaults' minutes. */
    private static Map<String, Object> producerTimeouts() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        t.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        t.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return t;
    }

    /** @return the throughput settings of both clients, for the table's header */
    static String describe() {
        Map<String, Object> producer = new LinkedHashMap<>(producer());
        producerTimeouts().keySet().forEach(producer::remove);
        Map<String, Object> consumer = new LinkedHashMap<>(consumer());
        consumer.remove(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        consumer.remove(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        return "producer " + join(producer) + "; consumer " + join(consumer);
    }

    private static String join(Map<String, Object> settings) {
        return settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
