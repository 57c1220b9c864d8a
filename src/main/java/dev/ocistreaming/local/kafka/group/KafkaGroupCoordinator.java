package dev.ocistreaming.local.kafka.group;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;

/**
 * The Kafka face's group coordinator: classic groups per stream pool (a pool is a Kafka cluster)
 * and their committed offsets. Kafka groups are a namespace of their own: a Kafka group and a REST
 * group cursor of the same name are different groups (they track progress differently: Kafka
 * members assign partitions among themselves, REST instances get reservations from the server).
 */
public final class KafkaGroupCoordinator implements AutoCloseable {

    /** How often silent members and overdue rebalances are looked at. */
    private static final long TICK_MS = 100;

    private final Map<String, ClassicGroup> groups = new ConcurrentHashMap<>();
    private final CommittedOffsets offsets;
    private final ScheduledFuture<?> ticker;

    /** One view of a group for DescribeGroups, ListGroups and the console. */
    public record GroupView(
            String groupId, String state, String protocolType, String protocol, int generation, List<Member> members) {

        public record Member(String memberId, String clientId, String clientHost, byte[] metadata, byte[] assignment) {}
    }

    public KafkaGroupCoordinator(Path dir, boolean durable, ScheduledExecutorService timer) throws IOException {
        this.offsets = new CommittedOffsets(dir, durable);
        this.ticker = timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private ClassicGroup group(String poolId, String groupId) {
        return groups.computeIfAbsent(CommittedOffsets.key(poolId, groupId), k -> new ClassicGroup(poolId, groupId));
    }

    private ClassicGroup existing(String poolId, String groupId) {
        return groups.get(CommittedOffsets.key(poolId, groupId));
    }

    public CompletableFuture<JoinResult> join(
            String poolId,
            String groupId,
            String memberId,
            String clientId,
            String clientHost,
            int sessionTimeoutMs,
            int rebalanceTimeoutMs,
            String protocolType,
            Map<String, byte[]> protocols,
            boolean requireKnownMemberId) {
        return group(poolId, groupId)
                .join(
                        memberId,
                        clientId,
                        clientHost,
                        sessionTimeoutMs,
                        rebalanceTimeoutMs,
                        protocolType,
                        protocols,
                        requireKnownMemberId,
                        now());
    }

    public CompletableFuture<SyncResult> sync(
            String poolId, String groupId, String memberId, int generation, Map<String, byte[]> assignments) {
        ClassicGroup g = existing(poolId, groupId);
        if (g == null) {
            return CompletableFuture.completedFuture(new SyncResult(Errors.UNKNOWN_MEMBER_ID, null, null, new byte[0]));
        }
        return g.sync(memberId, generation, assignments, now());
    }

    public Errors heartbeat(String poolId, String groupId, String memberId, int generation) {
        ClassicGroup g = existing(poolId, groupId);
        return g == null ? Errors.UNKNOWN_MEMBER_ID : g.heartbeat(memberId, generation, now());
    }

    public Errors leave(String poolId, String groupId, String memberId) {
        ClassicGroup g = existing(poolId, groupId);
        return g == null ? Errors.UNKNOWN_MEMBER_ID : g.leave(memberId, now());
    }

    /** Checks the committer, then stores; the error is the whole commit's. */
    public Errors commit(
            String poolId,
            String groupId,
            String memberId,
            int generation,
            String topic,
            Map<Integer, CommittedOffset> partitions)
            throws IOException {
        Errors allowed = group(poolId, groupId).mayCommit(memberId, generation, now());
        if (allowed != Errors.NONE) {
            return allowed;
        }
        Map<Integer, CommittedOffsets.Committed> c = new java.util.TreeMap<>();
        partitions.forEach((p, o) -> c.put(p, new CommittedOffsets.Committed(o.offset(), o.metadata())));
        offsets.commit(poolId, groupId, topic, c);
        return Errors.NONE;
    }

    /** A committed offset as the API carries it. */
    public record CommittedOffset(long offset, String metadata) {}

    /** The group's committed offsets by topic and partition. */
    public Map<String, Map<Integer, CommittedOffset>> committed(String poolId, String groupId) {
        Map<String, Map<Integer, CommittedOffset>> out = new java.util.TreeMap<>();
        offsets.get(poolId, groupId).forEach((t, parts) -> {
            Map<Integer, CommittedOffset> m = new java.util.TreeMap<>();
            parts.forEach((p, c) -> m.put(p, new CommittedOffset(c.offset(), c.metadata())));
            out.put(t, m);
        });
        return out;
    }

    /** Groups of the pool: those with members or a state, and those that only have committed offsets. */
    public List<GroupView> groups(String poolId) {
        List<GroupView> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ClassicGroup g : groups.values()) {
            if (g.poolId.equals(poolId)) {
                out.add(view(g));
                seen.add(g.groupId);
            }
        }
        for (String id : offsets.groupIds(poolId)) {
            if (seen.add(id)) {
                out.add(new GroupView(id, ClassicGroup.State.EMPTY.kafkaName, "consumer", "", 0, List.of()));
            }
        }
        return out;
    }

    /** The group, or null if the pool has no such group. */
    public GroupView describe(String poolId, String groupId) {
        ClassicGroup g = existing(poolId, groupId);
        if (g != null) {
            return view(g);
        }
        return offsets.groupIds(poolId).contains(groupId)
                ? new GroupView(groupId, ClassicGroup.State.EMPTY.kafkaName, "consumer", "", 0, List.of())
                : null;
    }

    private static GroupView view(ClassicGroup g) {
        List<GroupView.Member> members = g.members().stream()
                .map(m ->
                        new GroupView.Member(m.memberId(), m.clientId(), m.clientHost(), m.metadata(), m.assignment()))
                .toList();
        String type = g.protocolType();
        return new GroupView(
                g.groupId,
                g.state().kafkaName,
                type == null ? "" : type,
                g.protocolName() == null ? "" : g.protocolName(),
                g.generation(),
                members);
    }

    private void tick() {
        long now = now();
        for (ClassicGroup g : groups.values()) {
            g.tick(now);
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @Override
    public void close() {
        ticker.cancel(false);
    }
}
