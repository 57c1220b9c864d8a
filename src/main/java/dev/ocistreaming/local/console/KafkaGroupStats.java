package dev.ocistreaming.local.console;

import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.kafka.group.KafkaGroupCoordinator;
import dev.ocistreaming.local.log.PartitionLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;

/**
 * What the console shows of the Kafka consumer groups that use a stream: the groups of the
 * stream's pool (the Kafka cluster) that committed offsets for its topic or whose members subscribe
 * to it or hold its partitions. Kafka groups and REST group cursors are separate namespaces, so a
 * Kafka group and a REST group of the same name are two groups. Members' subscriptions and
 * assignments are decoded with kafka-clients' own consumer protocol, as the Kafka admin client does;
 * this class is reached only while the Kafka face runs, so a server without kafka-clients never loads it.
 */
final class KafkaGroupStats {

    /** Marks the group's face in the JSON (REST groups say {@code rest}). */
    static final String FACE = "kafka";

    record AssignedPartition(String topic, int partition) {}

    /** A member; {@code assignment} is null when it cannot be read (a group of another protocol type than consumer). */
    record MemberView(String memberId, String clientId, String clientHost, List<AssignedPartition> assignment) {}

    /**
     * One partition of the stream. {@code committedOffset} is Kafka's: the offset of the next record
     * the group will read. {@code lag} = {@code endOffset} (the next offset to be written) − the
     * committed offset, never below 0; both are absent while the group has committed nothing for the
     * partition (where it starts then is the consumer's {@code auto.offset.reset}, which the server
     * does not know). {@code memberId} is absent while no member holds the partition.
     */
    record PartitionView(int partition, Long committedOffset, long endOffset, Long lag, String memberId) {}

    record GroupView(
            String face,
            String groupId,
            String state,
            String protocolType,
            String protocol,
            int generation,
            List<MemberView> members,
            List<PartitionView> partitions) {}

    private KafkaGroupStats() {}

    static List<GroupView> forStream(KafkaGroupCoordinator coordinator, StreamInfo stream, PartitionLog[] logs) {
        String topic = stream.name();
        List<GroupView> out = new ArrayList<>();
        for (KafkaGroupCoordinator.GroupView g : coordinator.groups(stream.streamPoolId())) {
            Map<Integer, KafkaGroupCoordinator.CommittedOffset> committed =
                    coordinator.committed(stream.streamPoolId(), g.groupId()).getOrDefault(topic, Map.of());
            List<MemberView> members = new ArrayList<>();
            Map<Integer, String> owners = new HashMap<>();
            boolean uses = !committed.isEmpty();
            for (KafkaGroupCoordinator.GroupView.Member m : g.members()) {
                List<AssignedPartition> assignment = assignment(g.protocolType(), m.assignment());
                if (assignment != null) {
                    for (AssignedPartition a : assignment) {
                        if (a.topic().equals(topic)) {
                            owners.put(a.partition(), m.memberId());
                            uses = true;
                        }
                    }
                }
                uses |= subscribes(g.protocolType(), m.metadata(), topic);
                members.add(new MemberView(m.memberId(), m.clientId(), m.clientHost(), assignment));
            }
            if (!uses) {
                continue;
            }
            members.sort(Comparator.comparing(MemberView::clientId).thenComparing(MemberView::memberId));
            out.add(new GroupView(
                    FACE,
                    g.groupId(),
                    g.state(),
                    g.protocolType(),
                    g.protocol(),
                    g.generation(),
                    members,
                    partitions(logs, committed, owners)));
        }
        out.sort(Comparator.comparing(GroupView::groupId));
        return out;
    }

    private static List<PartitionView> partitions(
            PartitionLog[] logs,
            Map<Integer, KafkaGroupCoordinator.CommittedOffset> committed,
            Map<Integer, String> owners) {
        List<PartitionView> out = new ArrayList<>(logs.length);
        for (int p = 0; p < logs.length; p++) {
            long end = logs[p].nextOffset();
            KafkaGroupCoordinator.CommittedOffset c = committed.get(p);
            Long offset = c == null ? null : c.offset();
            Long lag = offset == null ? null : Math.max(0, end - offset);
            out.add(new PartitionView(p, offset, end, lag, owners.get(p)));
        }
        return out;
    }

    /** The member's partitions, empty before its first assignment, null when unreadable. */
    private static List<AssignedPartition> assignment(String protocolType, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        if (!ConsumerProtocol.PROTOCOL_TYPE.equals(protocolType)) {
            return null;
        }
        try {
            List<AssignedPartition> out = new ArrayList<>();
            for (TopicPartition tp : ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(bytes))
                    .partitions()) {
                out.add(new AssignedPartition(tp.topic(), tp.partition()));
            }
            out.sort(Comparator.comparing(AssignedPartition::topic).thenComparingInt(AssignedPartition::partition));
            return out;
        } catch (RuntimeException e) {
            // the bytes are the client's: a broken one must not break the page
            return null;
        }
    }

    private static boolean subscribes(String protocolType, byte[] metadata, String topic) {
        if (metadata == null || metadata.length == 0 || !ConsumerProtocol.PROTOCOL_TYPE.equals(protocolType)) {
            return false;
        }
        try {
            return ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata))
                    .topics()
                    .contains(topic);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
