package dev.ocistreaming.local.console;

import static org.awaitility.Awaitility.await;

import dev.ocistreaming.testsupport.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A real Kafka consumer group for the console's tests: two unmodified kafka-clients consumers
 * ({@code member-a}, {@code member-b}, range assignor) in one group over a topic, each polling on
 * its own thread (a consumer is not thread-safe). Each member reads everything it is given but
 * commits only the offset chosen for its partition, so the rest stays uncommitted and lags.
 */
final class TwoMemberKafkaGroup implements AutoCloseable {

    static final List<String> CLIENT_IDS = List.of("member-a", "member-b");

    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** What each member holds now, by client id. */
    private final Map<String, Set<TopicPartition>> assignments = new ConcurrentHashMap<>();
    /** Partitions whose chosen offset has been committed. */
    private final Set<Integer> committed = ConcurrentHashMap.newKeySet();

    private TwoMemberKafkaGroup() {}

    /** Appends {@code count} records to one partition and waits until they are acknowledged. */
    static void produce(String bootstrap, String topic, int partition, int count) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap, Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    /**
     * Starts both members and returns once the group is stable with one partition each and every
     * chosen offset committed.
     *
     * @param commitAt partition → the offset its holder commits (Kafka's: the next record to read)
     */
    static TwoMemberKafkaGroup start(String bootstrap, String topic, String group, Map<Integer, Long> commitAt) {
        TwoMemberKafkaGroup g = new TwoMemberKafkaGroup();
        for (String clientId : CLIENT_IDS) {
            Thread t = new Thread(() -> g.member(bootstrap, topic, group, clientId, commitAt), "kafka-" + clientId);
            g.threads.add(t);
            t.start();
        }
        await("two members holding one partition each, the chosen offsets committed")
                .atMost(Duration.ofSeconds(60))
                .until(() -> {
                    if (!g.failures.isEmpty()) {
                        throw new AssertionError("a member failed", g.failures.get(0));
                    }
                    return g.committed.containsAll(commitAt.keySet())
                            && g.assignments.size() == CLIENT_IDS.size()
                            && g.assignments.values().stream().allMatch(a -> a.size() == 1);
                });
        return g;
    }

    private void member(String bootstrap, String topic, String group, String clientId, Map<Integer, Long> commitAt) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientId,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                RangeAssignor.class.getName());
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap, group, settings)) {
            consumer.subscribe(List.of(topic));
            while (!stop.get()) {
                consumer.poll(Duration.ofMillis(100));
                Set<TopicPartition> mine = Set.copyOf(consumer.assignment());
                assignments.put(clientId, mine);
                for (TopicPartition tp : mine) {
                    Long offset = commitAt.get(tp.partition());
                    if (offset != null && !committed.contains(tp.partition())) {
                        try {
                            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
                            committed.add(tp.partition());
                        } catch (KafkaException rebalancing) {
                            // a rebalance between poll and commit: the partition's next holder commits it
                        }
                    }
                }
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    /** The partitions each member holds, by client id. */
    Map<String, Set<TopicPartition>> assignments() {
        return Map.copyOf(assignments);
    }

    /** Stops both members; they leave the group, which becomes Empty and keeps its commits. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a member failed", failures.get(0));
        }
    }
}
