package dev.ocistreaming.local;

import dev.ocistreaming.testsupport.KafkaClients;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;

/**
 * A Kafka group member in its own JVM, for tests that kill it: {@code <bootstrap> <topic> <group>
 * <assignor class>}. Prints {@code ASSIGNED <partitions>} and {@code RECORD <partition> <offset>
 * <value>} per record, processes slowly and commits synchronously after each poll.
 */
public final class KafkaGroupMemberMain {

    private KafkaGroupMemberMain() {}

    public static void main(String[] args) throws Exception {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(args[0], args[2], settings(args[3]))) {
            consumer.subscribe(List.of(args[1]), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    System.out.println("ASSIGNED " + consumer.assignment());
                    System.out.flush();
                }
            });
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    System.out.println("RECORD " + r.partition() + " " + r.offset() + " " + r.value());
                    Thread.sleep(100); // slow, so it still owns unprocessed records when killed
                }
                System.out.flush();
                try {
                    consumer.commitSync();
                } catch (RebalanceInProgressException | CommitFailedException e) {
                    // normal during a rebalance: the records come again (at least once)
                }
            }
        }
    }

    static Map<String, Object> settings(String assignor) {
        return Map.of(
                "session.timeout.ms", 6000,
                "heartbeat.interval.ms", 500,
                "max.poll.records", 5,
                "fetch.max.wait.ms", 100,
                "partition.assignment.strategy", assignor);
    }
}
