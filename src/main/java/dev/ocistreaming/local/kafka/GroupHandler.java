package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.kafka.group.JoinResult;
import dev.ocistreaming.local.kafka.group.KafkaGroupCoordinator;
import dev.ocistreaming.local.kafka.group.SyncResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The classic consumer-group APIs, translated between the wire messages and the coordinator. */
final class GroupHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GroupHandler.class);

    private final KafkaGroupCoordinator groups;
    private final TopicDirectory topics;
    private final MetadataHandler.Advertised advertised;

    GroupHandler(KafkaGroupCoordinator groups, TopicDirectory topics, MetadataHandler.Advertised advertised) {
        this.groups = groups;
        this.topics = topics;
        this.advertised = advertised;
    }

    FindCoordinatorResponseData findCoordinator(FindCoordinatorRequestData request, short version) {
        FindCoordinatorResponseData r = new FindCoordinatorResponseData();
        boolean transactional = request.keyType() == FindCoordinatorRequest.CoordinatorType.TRANSACTION.id();
        Errors error = transactional ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED : Errors.NONE;
        String message = transactional ? "OCI Streaming does not support Kafka transactions" : null;
        if (version >= 4) {
            for (String key : request.coordinatorKeys()) {
                r.coordinators()
                        .add(new FindCoordinatorResponseData.Coordinator()
                                .setKey(key)
                                .setNodeId(transactional ? -1 : MetadataHandler.NODE_ID)
                                .setHost(transactional ? "" : advertised.host())
                                .setPort(transactional ? -1 : advertised.port())
                                .setErrorCode(error.code())
                                .setErrorMessage(message));
            }
            return r;
        }
        return r.setErrorCode(error.code())
                .setErrorMessage(message)
                .setNodeId(transactional ? -1 : MetadataHandler.NODE_ID)
                .setHost(transactional ? "" : advertised.host())
                .setPort(transactional ? -1 : advertised.port());
    }

    CompletableFuture<JoinGroupResponseData> join(Session session, JoinGroupRequestData request, short version) {
        if (request.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(
                    new JoinGroupResponseData().setErrorCode(Errors.INVALID_GROUP_ID.code()));
        }
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        request.protocols().forEach(p -> protocols.put(p.name(), p.metadata()));
        String host = session.remote() == null ? "" : session.remote().toString();
        return groups.join(
                        session.poolId(),
                        request.groupId(),
                        request.memberId(),
                        session.clientId(),
                        host,
                        request.sessionTimeoutMs(),
                        version == 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs(),
                        request.protocolType(),
                        protocols,
                        version >= 4)
                // kafka-clients' JoinGroupResponse fits the protocol name to the version: "" before v7, where it
                // cannot be null (an error answer has none; kafkajs joins with v5), null for "" from v7 on
                .thenApply(j -> new JoinGroupResponse(joinResponse(j), version).data());
    }

    private static JoinGroupResponseData joinResponse(JoinResult j) {
        JoinGroupResponseData r = new JoinGroupResponseData()
                .setErrorCode(j.error().code())
                .setGenerationId(j.generation())
                .setProtocolType(j.protocolType())
                .setProtocolName(j.protocolName())
                .setLeader(j.leaderId() == null ? "" : j.leaderId())
                .setMemberId(j.memberId());
        List<JoinGroupResponseData.JoinGroupResponseMember> members = new ArrayList<>();
        j.members()
                .forEach((id, meta) -> members.add(new JoinGroupResponseData.JoinGroupResponseMember()
                        .setMemberId(id)
                        .setMetadata(meta)));
        return r.setMembers(members);
    }

    CompletableFuture<SyncGroupResponseData> sync(Session session, SyncGroupRequestData request) {
        Map<String, byte[]> assignments = new HashMap<>();
        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        return groups.sync(session.poolId(), request.groupId(), request.memberId(), request.generationId(), assignments)
                .thenApply(GroupHandler::syncResponse);
    }

    private static SyncGroupResponseData syncResponse(SyncResult s) {
        return new SyncGroupResponseData()
                .setErrorCode(s.error().code())
                .setProtocolType(s.protocolType())
                .setProtocolName(s.protocolName())
                .setAssignment(s.assignment());
    }

    HeartbeatResponseData heartbeat(Session session, HeartbeatRequestData request) {
        return new HeartbeatResponseData()
                .setErrorCode(groups.heartbeat(
                                session.poolId(), request.groupId(), request.memberId(), request.generationId())
                        .code());
    }

    LeaveGroupResponseData leave(Session session, LeaveGroupRequestData request, short version) {
        LeaveGroupResponseData r = new LeaveGroupResponseData();
        if (version < 3) {
            return r.setErrorCode(groups.leave(session.poolId(), request.groupId(), request.memberId())
                    .code());
        }
        for (LeaveGroupRequestData.MemberIdentity m : request.members()) {
            Errors e = groups.leave(session.poolId(), request.groupId(), m.memberId());
            r.members()
                    .add(new LeaveGroupResponseData.MemberResponse()
                            .setMemberId(m.memberId())
                            .setGroupInstanceId(m.groupInstanceId())
                            .setErrorCode(e.code()));
        }
        return r;
    }

    OffsetCommitResponseData commit(Session session, OffsetCommitRequestData request) {
        OffsetCommitResponseData r = new OffsetCommitResponseData();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : request.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic tr =
                    new OffsetCommitResponseData.OffsetCommitResponseTopic().setName(t.name());
            r.topics().add(tr);
            StreamInfo stream = topics.find(session.poolId(), t.name());
            Errors error = Errors.NONE;
            Map<Integer, KafkaGroupCoordinator.CommittedOffset> offsets = new LinkedHashMap<>();
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                if (stream == null || p.partitionIndex() < 0 || p.partitionIndex() >= stream.partitions()) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                }
                offsets.put(
                        p.partitionIndex(),
                        new KafkaGroupCoordinator.CommittedOffset(p.committedOffset(), p.committedMetadata()));
            }
            if (error == Errors.NONE) {
                try {
                    error = groups.commit(
                            session.poolId(),
                            request.groupId(),
                            request.memberId(),
                            request.generationIdOrMemberEpoch(),
                            t.name(),
                            offsets);
                } catch (IOException e) {
                    LOG.error("Storing the offsets of Kafka group {} failed", request.groupId(), e);
                    error = Errors.COORDINATOR_NOT_AVAILABLE;
                }
            }
            for (int p : offsets.keySet()) {
                tr.partitions()
                        .add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                                .setPartitionIndex(p)
                                .setErrorCode(error.code()));
            }
        }
        return r;
    }

    OffsetFetchResponseData fetchOffsets(Session session, OffsetFetchRequestData request, short version) {
        OffsetFetchResponseData r = new OffsetFetchResponseData();
        if (version >= 8) {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup g : request.groups()) {
                OffsetFetchResponseData.OffsetFetchResponseGroup gr =
                        new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(g.groupId());
                r.groups().add(gr);
                Map<String, List<Integer>> wanted = null;
                if (g.topics() != null) {
                    wanted = new LinkedHashMap<>();
                    for (OffsetFetchRequestData.OffsetFetchRequestTopics t : g.topics()) {
                        wanted.put(t.name(), t.partitionIndexes());
                    }
                }
                for (Map.Entry<String, List<OffsetFetchResponseData.OffsetFetchResponsePartitions>> e :
                        lookup(session, g.groupId(), wanted).entrySet()) {
                    gr.topics()
                            .add(new OffsetFetchResponseData.OffsetFetchResponseTopics()
                                    .setName(e.getKey())
                                    .setPartitions(e.getValue()));
                }
            }
            return r;
        }
        Map<String, List<Integer>> wanted = null;
        if (request.topics() != null) {
            wanted = new LinkedHashMap<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic t : request.topics()) {
                wanted.put(t.name(), t.partitionIndexes());
            }
        }
        for (Map.Entry<String, List<OffsetFetchResponseData.OffsetFetchResponsePartitions>> e :
                lookup(session, request.groupId(), wanted).entrySet()) {
            List<OffsetFetchResponseData.OffsetFetchResponsePartition> parts = new ArrayList<>();
            for (OffsetFetchResponseData.OffsetFetchResponsePartitions p : e.getValue()) {
                parts.add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(-1)
                        .setMetadata(p.metadata()));
            }
            r.topics()
                    .add(new OffsetFetchResponseData.OffsetFetchResponseTopic()
                            .setName(e.getKey())
                            .setPartitions(parts));
        }
        return r;
    }

    /** Committed offsets (or -1) of the wanted topic partitions, or of everything committed when null. */
    private Map<String, List<OffsetFetchResponseData.OffsetFetchResponsePartitions>> lookup(
            Session session, String groupId, Map<String, List<Integer>> wanted) {
        Map<String, Map<Integer, KafkaGroupCoordinator.CommittedOffset>> committed =
                groups.committed(session.poolId(), groupId);
        Map<String, List<OffsetFetchResponseData.OffsetFetchResponsePartitions>> out = new LinkedHashMap<>();
        if (wanted == null) {
            wanted = new LinkedHashMap<>();
            for (Map.Entry<String, Map<Integer, KafkaGroupCoordinator.CommittedOffset>> e : committed.entrySet()) {
                wanted.put(e.getKey(), new ArrayList<>(e.getValue().keySet()));
            }
        }
        for (Map.Entry<String, List<Integer>> e : wanted.entrySet()) {
            Map<Integer, KafkaGroupCoordinator.CommittedOffset> c = committed.getOrDefault(e.getKey(), Map.of());
            List<OffsetFetchResponseData.OffsetFetchResponsePartitions> parts = new ArrayList<>();
            for (int p : e.getValue()) {
                KafkaGroupCoordinator.CommittedOffset o = c.get(p);
                parts.add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                        .setPartitionIndex(p)
                        .setCommittedOffset(o == null ? -1 : o.offset())
                        .setCommittedLeaderEpoch(-1)
                        .setMetadata(o == null ? "" : o.metadata()));
            }
            out.put(e.getKey(), parts);
        }
        return out;
    }

    ListGroupsResponseData list(Session session, ListGroupsRequestData request) {
        ListGroupsResponseData r = new ListGroupsResponseData();
        for (KafkaGroupCoordinator.GroupView g : groups.groups(session.poolId())) {
            if (request.statesFilter() != null
                    && !request.statesFilter().isEmpty()
                    && request.statesFilter().stream().noneMatch(s -> s.equalsIgnoreCase(g.state()))) {
                continue;
            }
            if (request.typesFilter() != null
                    && !request.typesFilter().isEmpty()
                    && request.typesFilter().stream().noneMatch("classic"::equalsIgnoreCase)) {
                continue;
            }
            r.groups()
                    .add(new ListGroupsResponseData.ListedGroup()
                            .setGroupId(g.groupId())
                            .setProtocolType(g.protocolType())
                            .setGroupState(g.state())
                            .setGroupType("classic"));
        }
        return r;
    }

    DescribeGroupsResponseData describe(Session session, DescribeGroupsRequestData request, short version) {
        DescribeGroupsResponseData r = new DescribeGroupsResponseData();
        for (String id : request.groups()) {
            KafkaGroupCoordinator.GroupView g = groups.describe(session.poolId(), id);
            DescribeGroupsResponseData.DescribedGroup dg =
                    new DescribeGroupsResponseData.DescribedGroup().setGroupId(id);
            r.groups().add(dg);
            if (g == null) {
                dg.setGroupState("Dead").setProtocolType("").setProtocolData("");
                if (version >= 6) {
                    dg.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + id + " not found.");
                }
                continue;
            }
            dg.setGroupState(g.state()).setProtocolType(g.protocolType()).setProtocolData(g.protocol());
            for (KafkaGroupCoordinator.GroupView.Member m : g.members()) {
                dg.members()
                        .add(new DescribeGroupsResponseData.DescribedGroupMember()
                                .setMemberId(m.memberId())
                                .setClientId(m.clientId())
                                .setClientHost(m.clientHost())
                                .setMemberMetadata(m.metadata())
                                .setMemberAssignment(m.assignment()));
            }
        }
        return r;
    }
}
