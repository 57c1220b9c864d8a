package dev.ocistreaming.local.kafka.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka consumer group under the classic protocol (KIP-62, KIP-394): members join, the
 * coordinator waits until every known member has rejoined (or its rebalance timeout passes), names
 * a leader who computes the assignment with the client-side assignor (eager or cooperative: the
 * coordinator does not care), and hands each member its part at SyncGroup. Members that stop
 * heartbeating for their session timeout are removed and the group rebalances. All state is
 * guarded by this object's lock; waiting requests hold futures, never threads.
 */
final class ClassicGroup {

    private static final Logger LOG = LoggerFactory.getLogger(ClassicGroup.class);

    enum State {
        EMPTY("Empty"),
        PREPARING_REBALANCE("PreparingRebalance"),
        COMPLETING_REBALANCE("CompletingRebalance"),
        STABLE("Stable");

        final String kafkaName;

        State(String kafkaName) {
            this.kafkaName = kafkaName;
        }
    }

    /** A member as DescribeGroups and the console show it. */
    record MemberView(String memberId, String clientId, String clientHost, byte[] metadata, byte[] assignment) {}

    final String poolId;
    final String groupId;
    private State state = State.EMPTY;
    private int generation;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Member ids handed out with MEMBER_ID_REQUIRED, with when: they must join within a session timeout. */
    private final Map<String, Long> pendingIds = new LinkedHashMap<>();

    private long rebalanceDeadlineMs;

    ClassicGroup(String poolId, String groupId) {
        this.poolId = poolId;
        this.groupId = groupId;
    }

    synchronized CompletableFuture<JoinResult> join(
            String memberId,
            String clientId,
            String clientHost,
            int sessionTimeoutMs,
            int rebalanceTimeoutMs,
            String type,
            Map<String, byte[]> protocols,
            boolean requireKnownMemberId,
            long now) {
        if (protocols.isEmpty() || (protocolType != null && !members.isEmpty() && !protocolType.equals(type))) {
            return fail(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId);
        }
        if (!members.isEmpty() && commonProtocol(protocols) == null) {
            return fail(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId);
        }
        Member m;
        if (memberId.isEmpty()) {
            String id = clientId + "-" + UUID.randomUUID();
            if (requireKnownMemberId) {
                // KIP-394: the member id is handed out first, so a retried join cannot leave a ghost member
                pendingIds.put(id, now);
                return fail(Errors.MEMBER_ID_REQUIRED, id);
            }
            m = new Member(id, clientId, clientHost);
            members.put(id, m);
        } else if (pendingIds.remove(memberId) != null) {
            m = new Member(memberId, clientId, clientHost);
            members.put(memberId, m);
        } else {
            m = members.get(memberId);
            if (m == null) {
                return fail(Errors.UNKNOWN_MEMBER_ID, memberId);
            }
        }
        m.sessionTimeoutMs = sessionTimeoutMs;
        m.rebalanceTimeoutMs = rebalanceTimeoutMs;
        m.protocols = protocols;
        m.lastSeenMs = now;
        if (m.joinWaiter != null) {
            m.joinWaiter.complete(error(Errors.REBALANCE_IN_PROGRESS, m.id));
        }
        protocolType = type;
        CompletableFuture<JoinResult> waiter = new CompletableFuture<>();
        m.joinWaiter = waiter;
        if (state != State.PREPARING_REBALANCE) {
            prepareRebalance(now, "member " + m.id + " joined");
        }
        tryCompleteJoin(now, false);
        return waiter;
    }

    synchronized CompletableFuture<SyncResult> sync(
            String memberId, int gen, Map<String, byte[]> assignments, long now) {
        Member m = members.get(memberId);
        if (m == null) {
            return CompletableFuture.completedFuture(new SyncResult(Errors.UNKNOWN_MEMBER_ID, null, null, new byte[0]));
        }
        if (gen != generation) {
            return CompletableFuture.completedFuture(
                    new SyncResult(Errors.ILLEGAL_GENERATION, null, null, new byte[0]));
        }
        m.lastSeenMs = now;
        switch (state) {
            case PREPARING_REBALANCE, EMPTY -> {
                return CompletableFuture.completedFuture(
                        new SyncResult(Errors.REBALANCE_IN_PROGRESS, null, null, new byte[0]));
            }
            case STABLE -> {
                return CompletableFuture.completedFuture(
                        new SyncResult(Errors.NONE, protocolType, protocolName, m.assignment));
            }
            default -> {
                CompletableFuture<SyncResult> waiter = new CompletableFuture<>();
                m.syncWaiter = waiter;
                if (memberId.equals(leaderId)) {
                    for (Member each : members.values()) {
                        each.assignment = assignments.getOrDefault(each.id, new byte[0]);
                    }
                    state = State.STABLE;
                    LOG.info(
                            "Kafka group {} stable at generation {} with {} member(s) (protocol {})",
                            groupId,
                            generation,
                            members.size(),
                            protocolName);
                    for (Member each : members.values()) {
                        if (each.syncWaiter != null) {
                            each.syncWaiter.complete(
                                    new SyncResult(Errors.NONE, protocolType, protocolName, each.assignment));
                            each.syncWaiter = null;
                        }
                    }
                }
                return waiter;
            }
        }
    }

    synchronized Errors heartbeat(String memberId, int gen, long now) {
        Member m = members.get(memberId);
        if (m == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (gen != generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        m.lastSeenMs = now;
        return state == State.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    synchronized Errors leave(String memberId, long now) {
        Member m = members.remove(memberId);
        if (m == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        LOG.info("Kafka group {}: member {} left", groupId, memberId);
        cancelWaiters(m);
        memberGone(now, "member " + memberId + " left");
        return Errors.NONE;
    }

    /**
     * Whether an offset commit from this member at this generation is allowed: a member of the
     * current generation, or (generation -1, no member id) a consumer that manages its own
     * partitions, which Kafka allows only while the group has no members.
     */
    synchronized Errors mayCommit(String memberId, int gen, long now) {
        if (gen < 0 && (memberId == null || memberId.isEmpty())) {
            return members.isEmpty() ? Errors.NONE : Errors.ILLEGAL_GENERATION;
        }
        Member m = members.get(memberId);
        if (m == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (gen != generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        if (state == State.PREPARING_REBALANCE) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        m.lastSeenMs = now;
        return Errors.NONE;
    }

    /** Expires silent members and pending ids, and finishes a rebalance whose timeout has passed. */
    synchronized void tick(long now) {
        pendingIds.values().removeIf(at -> now - at > 60_000);
        List<Member> expired = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.joinWaiter == null && now - m.lastSeenMs > m.sessionTimeoutMs) {
                expired.add(m);
            }
        }
        for (Member m : expired) {
            members.remove(m.id);
            cancelWaiters(m);
            LOG.info("Kafka group {}: member {} expired (no heartbeat for {} ms)", groupId, m.id, m.sessionTimeoutMs);
        }
        if (!expired.isEmpty()) {
            memberGone(now, expired.size() + " member(s) expired");
        }
        if (state == State.PREPARING_REBALANCE) {
            tryCompleteJoin(now, now >= rebalanceDeadlineMs);
        }
    }

    private void memberGone(long now, String reason) {
        if (state == State.STABLE || state == State.COMPLETING_REBALANCE) {
            prepareRebalance(now, reason);
        }
        if (state == State.PREPARING_REBALANCE) {
            tryCompleteJoin(now, false);
        }
    }

    private void prepareRebalance(long now, String reason) {
        state = State.PREPARING_REBALANCE;
        int timeout = 0;
        for (Member m : members.values()) {
            timeout = Math.max(timeout, m.rebalanceTimeoutMs);
            if (m.syncWaiter != null) {
                m.syncWaiter.complete(new SyncResult(Errors.REBALANCE_IN_PROGRESS, null, null, new byte[0]));
                m.syncWaiter = null;
            }
        }
        rebalanceDeadlineMs = now + timeout;
        LOG.info("Kafka group {} rebalancing: {}", groupId, reason);
    }

    /** Completes the join phase once every member has rejoined, or at the deadline without the stragglers. */
    private void tryCompleteJoin(long now, boolean deadlinePassed) {
        boolean allJoined = members.values().stream().allMatch(m -> m.joinWaiter != null);
        if (!allJoined && !deadlinePassed) {
            return;
        }
        if (!allJoined) {
            List<Member> late =
                    members.values().stream().filter(m -> m.joinWaiter == null).toList();
            for (Member m : late) {
                members.remove(m.id);
                cancelWaiters(m);
                LOG.info("Kafka group {}: member {} removed, it did not rejoin in time", groupId, m.id);
            }
        }
        generation++;
        if (members.isEmpty()) {
            state = State.EMPTY;
            leaderId = null;
            protocolName = null;
            LOG.info("Kafka group {} is empty at generation {}", groupId, generation);
            return;
        }
        if (leaderId == null || !members.containsKey(leaderId)) {
            leaderId = members.keySet().iterator().next();
        }
        protocolName = commonProtocol(null);
        state = State.COMPLETING_REBALANCE;
        Map<String, byte[]> subscriptions = new LinkedHashMap<>();
        for (Member m : members.values()) {
            subscriptions.put(m.id, m.protocols.get(protocolName));
        }
        for (Member m : members.values()) {
            m.lastSeenMs = now;
            m.assignment = new byte[0];
            CompletableFuture<JoinResult> w = m.joinWaiter;
            m.joinWaiter = null;
            w.complete(new JoinResult(
                    Errors.NONE,
                    generation,
                    protocolType,
                    protocolName,
                    leaderId,
                    m.id,
                    m.id.equals(leaderId) ? subscriptions : Map.of()));
        }
    }

    /** The leader's most preferred protocol that every member (and the candidate, if given) supports. */
    private String commonProtocol(Map<String, byte[]> candidate) {
        Set<String> common = null;
        for (Member m : members.values()) {
            if (common == null) {
                common = new LinkedHashSet<>(m.protocols.keySet());
            } else {
                common.retainAll(m.protocols.keySet());
            }
        }
        if (candidate != null) {
            if (common == null) {
                return candidate.keySet().iterator().next();
            }
            common.retainAll(candidate.keySet());
        }
        if (common == null || common.isEmpty()) {
            return null;
        }
        Member leader = leaderId == null ? null : members.get(leaderId);
        if (leader != null) {
            for (String p : leader.protocols.keySet()) {
                if (common.contains(p)) {
                    return p;
                }
            }
        }
        return common.iterator().next();
    }

    private void cancelWaiters(Member m) {
        if (m.joinWaiter != null) {
            m.joinWaiter.complete(error(Errors.UNKNOWN_MEMBER_ID, m.id));
            m.joinWaiter = null;
        }
        if (m.syncWaiter != null) {
            m.syncWaiter.complete(new SyncResult(Errors.UNKNOWN_MEMBER_ID, null, null, new byte[0]));
            m.syncWaiter = null;
        }
    }

    private static JoinResult error(Errors e, String memberId) {
        return new JoinResult(e, -1, null, null, "", memberId, Map.of());
    }

    private static CompletableFuture<JoinResult> fail(Errors e, String memberId) {
        return CompletableFuture.completedFuture(error(e, memberId));
    }

    synchronized State state() {
        return state;
    }

    synchronized int generation() {
        return generation;
    }

    synchronized String protocolType() {
        return protocolType;
    }

    synchronized String protocolName() {
        return protocolName;
    }

    synchronized List<MemberView> members() {
        List<MemberView> out = new ArrayList<>();
        for (Member m : members.values()) {
            byte[] meta = protocolName == null ? new byte[0] : m.protocols.getOrDefault(protocolName, new byte[0]);
            out.add(new MemberView(m.id, m.clientId, m.clientHost, meta, m.assignment));
        }
        return out;
    }
}
