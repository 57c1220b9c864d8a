package dev.ocistreaming.app.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One Kafka server under test as the benchmark's clients see it: the same unmodified kafka-clients producer and
 * consumer, with the same settings ({@link KafkaClientSettings}), whichever server is behind the bootstrap address,
 * and the server process's CPU clock.
 */
final class KafkaSide implements AutoCloseable {

    /** A drain that sees no record for this long has lost its server: an error, never a hang. */
    private static final Duration STALL = Duration.ofSeconds(30);

    private final String bootstrap;
    private final LongSupplier serverCpuNanos;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;

    KafkaSide(String bootstrap, LongSupplier serverCpuNanos) {
        this.bootstrap = bootstrap;
        this.serverCpuNanos = serverCpuNanos;
        this.producer = new KafkaProducer<>(
                properties(KafkaClientSettings.producer()), new ByteArraySerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(
                properties(KafkaClientSettings.consumer()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    long serverCpuNanos() {
        return serverCpuNanos.getAsLong();
    }

    /**
     * Creates the topics with {@code partitions} partitions each, as a user's Admin client would, and waits until
     * every partition has a leader (a new topic's first produce would otherwise be retried on the broker).
     */
    void createTopics(int partitions, String... topics) throws Exception {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> created = new ArrayList<>();
            for (String topic : topics) {
                created.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
            }
            admin.createTopics(created).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + STALL.toNanos();
            while (!allLed(admin, List.of(topics))) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the partitions of " + List.of(topics) + " on " + bootstrap
                            + " have no leader after " + STALL.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean allLed(Admin admin, List<String> topics) throws Exception {
        for (TopicDescription t : admin.describeTopics(topics)
                .allTopicNames()
                .get(60, TimeUnit.SECONDS)
                .values()) {
            if (t.partitions().stream()
                    .anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends {@code value} for {@code boxNanos}, then waits for every answer: @return the records sent, over the time
     * until the last was acknowledged, with the CPU both processes spent in it. Counting only what was acknowledged
     * within the box would count nothing on a slow machine when the box is shorter than one flush.
     */
    Rate produceFor(String topic, byte[] value, long boxNanos) throws IOException {
        Acks acks = new Acks();
        long server0 = serverCpuNanos();
        long client0 = Cpu.processNanos();
        long start = System.nanoTime();
        long deadline = start + boxNanos;
        long sent = 0;
        do {
            producer.send(new ProducerRecord<>(topic, value), acks);
            sent++;
        } while (System.nanoTime() < deadline && acks.failure.get() == null);
        // flush() returns once every record sent so far has its answer and its callback has run
        producer.flush();
        Rate rate = new Rate(sent, System.nanoTime() - start, serverCpuNanos() - server0, Cpu.processNanos() - client0);
        acks.check(sent);
        return rate;
    }

    /** Sends {@code count} records of {@code value} and waits for every answer. */
    void produce(String topic, byte[] value, long count) throws IOException {
        Acks acks = new Acks();
        for (long i = 0; i < count && acks.failure.get() == null; i++) {
            producer.send(new ProducerRecord<>(topic, value), acks);
        }
        producer.flush();
        acks.check(count);
    }

    /**
     * Reads the whole topic from the beginning of each partition: exactly {@code expected} records of
     * {@code valueBytes} each, or an error saying what came instead.
     */
    long drain(String topic, long expected, int valueBytes) throws IOException {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long records = 0;
        long bytes = 0;
        long lastRecord = System.nanoTime();
        while (records < expected) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
            if (batch.isEmpty()) {
                if (System.nanoTime() - lastRecord > STALL.toNanos()) {
                    throw new IOException("read " + records + " of " + expected + " records of " + topic + " from "
                            + bootstrap + ", then none for " + STALL.toSeconds() + " s");
                }
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                records++;
                bytes += r.value() == null ? 0 : r.value().length;
            }
            lastRecord = System.nanoTime();
        }
        if (records != expected || bytes != expected * valueBytes) {
            throw new IOException("read " + records + " records (" + bytes + " value bytes) of " + topic + " from "
                    + bootstrap + ", expected " + expected + " of " + valueBytes + " B");
        }
        return records;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        consumer.close(Duration.ofSeconds(30));
    }

    private Properties properties(Map<String, Object> settings) {
        Properties p = new Properties();
        p.putAll(settings);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    /** Counts the producer's answers; the first failure stops the sending and is reported. */
    private static final class Acks implements Callback {
        private final AtomicLong acked = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e == null) {
                acked.incrementAndGet();
            } else {
                failure.compareAndSet(null, e);
            }
        }

        /** Fails unless each of the {@code sent} records has been acknowledged. */
        void check(long sent) throws IOException {
            if (failure.get() != null) {
                throw new IOException("a produce failed: " + failure.get(), failure.get());
            }
            if (acked.get() != sent) {
                throw new IOException(acked.get() + " of " + sent + " records acknowledged");
            }
        }
    }
}
