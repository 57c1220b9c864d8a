package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.admin.PoolKafkaSettings;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata: one broker (this server, node 0) leads every partition; the cluster id is the stream
 * pool's OCID; the topics are the pool's streams. An unknown topic is created when the client
 * allows it and the pool's Kafka settings do, with the partitions and retention they give.
 */
final class MetadataHandler {

    static final int NODE_ID = 0;
    private static final Logger LOG = LoggerFactory.getLogger(MetadataHandler.class);

    private final TopicDirectory topics;
    private final Advertised advertised;

    /** Where clients are told to connect (the bound address, or the host name when bound to all). */
    record Advertised(String host, int port) {}

    MetadataHandler(TopicDirectory topics, Advertised advertised) {
        this.topics = topics;
        this.advertised = advertised;
    }

    MetadataResponseData handle(Session session, MetadataRequestData request) {
        String poolId = session.poolId();
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(poolId)
                .setControllerId(NODE_ID)
                .setClusterAuthorizedOperations(Integer.MIN_VALUE);
        response.brokers()
                .add(new MetadataResponseData.MetadataResponseBroker()
                        .setNodeId(NODE_ID)
                        .setHost(advertised.host())
                        .setPort(advertised.port()));
        List<StreamInfo> wanted = new ArrayList<>();
        if (request.topics() == null) {
            wanted.addAll(topics.topics(poolId));
        } else {
            for (MetadataRequestData.MetadataRequestTopic t : request.topics()) {
                String name = t.name();
                StreamInfo s = name == null ? null : topics.find(poolId, name);
                if (s == null && name != null && request.allowAutoTopicCreation()) {
                    s = autoCreate(session, name, response);
                }
                if (s == null) {
                    if (response.topics().find(name) == null) {
                        response.topics()
                                .add(new MetadataResponseData.MetadataResponseTopic()
                                        .setName(name)
                                        .setTopicId(t.topicId())
                                        .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
                    }
                } else {
                    wanted.add(s);
                }
            }
        }
        for (StreamInfo s : wanted) {
            response.topics().add(describe(s));
        }
        return response;
    }

    /**
     * Creates the topic as the pool's Kafka settings say, or answers why not: UNKNOWN_TOPIC_OR_PARTITION when the pool
     * does not auto-create topics (as a broker with {@code auto.create.topics.enable=false}).
     */
    private StreamInfo autoCreate(Session session, String name, MetadataResponseData response) {
        PoolKafkaSettings pool = topics.settings(session.poolId());
        if (pool == null) {
            // the connection's pool was deleted (or set aside) while it was open: nothing can be created in it
            return null;
        }
        if (!pool.autoCreateTopicsEnable()) {
            if (session.firstReportOfUnknownTopic(name)) {
                LOG.info(
                        "Kafka topic {} asked for by {} does not exist in stream pool {}, which does not auto-create"
                                + " topics (kafkaSettings.autoCreateTopicsEnable=false): create the stream first",
                        name,
                        session.describe(),
                        session.poolId());
            }
            return null;
        }
        if (!TopicDirectory.validName(name)) {
            refuse(response, name, Errors.INVALID_TOPIC_EXCEPTION);
            return null;
        }
        try {
            StreamInfo s = topics.create(session.poolId(), name, pool.numPartitions(), pool.logRetentionHours());
            LOG.info(
                    "Kafka topic auto-created: stream {} ({} partition(s), retention {} h) in pool {} for {}",
                    name,
                    s.partitions(),
                    s.retentionInHours(),
                    session.poolId(),
                    session.describe());
            return s;
        } catch (ApiException e) {
            // created meanwhile by another connection (the client retries its metadata), or refused
            StreamInfo s = topics.find(session.poolId(), name);
            if (s == null) {
                LOG.info(
                        "Kafka topic {} could not be auto-created in pool {} for {}: {}",
                        name,
                        session.poolId(),
                        session.describe(),
                        e.getMessage());
                refuse(response, name, Errors.INVALID_PARTITIONS);
            }
            return s;
        }
    }

    private static void refuse(MetadataResponseData response, String name, Errors error) {
        response.topics()
                .add(new MetadataResponseData.MetadataResponseTopic()
                        .setName(name)
                        .setErrorCode(error.code()));
    }

    private MetadataResponseData.MetadataResponseTopic describe(StreamInfo s) {
        MetadataResponseData.MetadataResponseTopic t = new MetadataResponseData.MetadataResponseTopic()
                .setName(s.name())
                .setTopicId(TopicDirectory.topicId(s))
                .setIsInternal(false)
                .setTopicAuthorizedOperations(Integer.MIN_VALUE);
        if (!topics.active(s)) {
            return t.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
        }
        for (int p = 0; p < s.partitions(); p++) {
            t.partitions()
                    .add(new MetadataResponseData.MetadataResponsePartition()
                            .setPartitionIndex(p)
                            .setLeaderId(NODE_ID)
                            .setLeaderEpoch(0)
                            .setReplicaNodes(List.of(NODE_ID))
                            .setIsrNodes(List.of(NODE_ID)));
        }
        return t;
    }
}
