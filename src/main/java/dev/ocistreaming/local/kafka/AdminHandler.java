package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.admin.PoolKafkaSettings;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin APIs the service offers a Kafka client: create and delete topics (streams of the
 * pool), describe a topic's configuration (retention above all). Adding partitions and compacted
 * topics are refused with a policy violation naming the reason, as the service does not have them.
 */
final class AdminHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final long HOUR_MS = 3_600_000L;
    /** The retention a stream may have, in hours (as the REST API's CreateStream allows). */
    private static final int MIN_RETENTION_HOURS = PoolKafkaSettings.MIN_RETENTION_HOURS;

    private static final int MAX_RETENTION_HOURS = PoolKafkaSettings.MAX_RETENTION_HOURS;

    private final TopicDirectory topics;

    AdminHandler(TopicDirectory topics) {
        this.topics = topics;
    }

    CreateTopicsResponseData createTopics(Session session, CreateTopicsRequestData request) {
        CreateTopicsResponseData r = new CreateTopicsResponseData();
        for (CreateTopicsRequestData.CreatableTopic t : request.topics()) {
            CreateTopicsResponseData.CreatableTopicResult result =
                    new CreateTopicsResponseData.CreatableTopicResult().setName(t.name());
            r.topics().add(result);
            // what the creator leaves out (-1 partitions, no retention.ms) comes from the pool, as a broker's defaults
            PoolKafkaSettings pool = topics.settings(session.poolId());
            int partitions = t.numPartitions() < 0 && pool != null ? pool.numPartitions() : t.numPartitions();
            int retentionHours = pool == null ? MIN_RETENTION_HOURS : pool.logRetentionHours();
            String refusal = null;
            Errors error = Errors.NONE;
            if (pool == null) {
                error = Errors.INVALID_REQUEST;
                refusal = "The stream pool " + session.poolId() + " of this connection no longer exists";
            } else if (!TopicDirectory.validName(t.name())) {
                error = Errors.INVALID_TOPIC_EXCEPTION;
                refusal = "A topic name is a stream name: letters, digits, '.', '_' and '-', at most 249 characters";
            } else if (!t.assignments().isEmpty()) {
                error = Errors.INVALID_REQUEST;
                refusal = "OCI Streaming places partitions itself; replica assignments are not accepted";
            } else if (partitions == 0) {
                error = Errors.INVALID_PARTITIONS;
                refusal = "A stream needs at least one partition";
            }
            for (CreateTopicsRequestData.CreatableTopicConfig c : t.configs()) {
                if (error != Errors.NONE) {
                    break;
                }
                if ("cleanup.policy".equals(c.name())
                        && c.value() != null
                        && c.value().contains("compact")) {
                    error = Errors.POLICY_VIOLATION;
                    refusal = "OCI Streaming does not support compacted topics (cleanup.policy=compact)";
                } else if ("retention.ms".equals(c.name())) {
                    long ms = parse(c.value());
                    long hours = ms < 0 ? -1 : (ms + HOUR_MS - 1) / HOUR_MS;
                    if (hours < MIN_RETENTION_HOURS || hours > MAX_RETENTION_HOURS) {
                        error = Errors.INVALID_CONFIG;
                        refusal = "retention.ms must be between 24 and 168 hours on OCI Streaming, was " + c.value();
                    } else {
                        retentionHours = (int) hours;
                    }
                }
            }
            if (error == Errors.NONE && topics.find(session.poolId(), t.name()) != null) {
                error = Errors.TOPIC_ALREADY_EXISTS;
                refusal = "Topic '" + t.name() + "' already exists.";
            }
            if (error != Errors.NONE) {
                LOG.info("Kafka CreateTopics of '{}' refused for {}: {}", t.name(), session.describe(), refusal);
                result.setErrorCode(error.code()).setErrorMessage(refusal);
                continue;
            }
            if (request.validateOnly()) {
                result.setNumPartitions(partitions).setReplicationFactor((short) 3);
                continue;
            }
            try {
                StreamInfo s = topics.create(session.poolId(), t.name(), partitions, retentionHours);
                result.setTopicId(TopicDirectory.topicId(s))
                        .setNumPartitions(s.partitions())
                        .setReplicationFactor((short) 3);
                LOG.info(
                        "Kafka topic created: stream {} ({} partition(s), retention {} h) for {}",
                        t.name(),
                        partitions,
                        retentionHours,
                        session.describe());
            } catch (ApiException e) {
                LOG.info("Kafka CreateTopics of '{}' refused for {}: {}", t.name(), session.describe(), e.getMessage());
                result.setErrorCode(createError(e).code()).setErrorMessage(e.getMessage());
            }
        }
        return r;
    }

    /** The stream registry's refusal as the error an admin client turns into the matching exception. */
    private static Errors createError(ApiException e) {
        return switch (e.code()) {
            case "LimitExceeded" -> Errors.INVALID_PARTITIONS; // the only limit on creating a stream
            case "Conflict" -> Errors.TOPIC_ALREADY_EXISTS; // created by another client since the check above
            default -> e.status() >= 500 ? Errors.KAFKA_STORAGE_ERROR : Errors.INVALID_REQUEST;
        };
    }

    private static long parse(String v) {
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    DeleteTopicsResponseData deleteTopics(Session session, DeleteTopicsRequestData request, short version) {
        List<String> names = new ArrayList<>();
        if (version >= 6) {
            request.topics().forEach(t -> names.add(t.name()));
        } else {
            names.addAll(request.topicNames());
        }
        DeleteTopicsResponseData r = new DeleteTopicsResponseData();
        for (String name : names) {
            DeleteTopicsResponseData.DeletableTopicResult result =
                    new DeleteTopicsResponseData.DeletableTopicResult().setName(name);
            r.responses().add(result);
            StreamInfo s = name == null ? null : topics.find(session.poolId(), name);
            if (s == null) {
                result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                continue;
            }
            result.setTopicId(TopicDirectory.topicId(s));
            topics.delete(s);
            LOG.info("Kafka topic deleted: stream {} for {}", name, session.describe());
        }
        return r;
    }

    CreatePartitionsResponseData refusePartitions(Session session, CreatePartitionsRequestData request) {
        CreatePartitionsResponseData r = new CreatePartitionsResponseData();
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : request.topics()) {
            LOG.info(
                    "Refused adding partitions to '{}' for {}: OCI Streaming cannot add partitions to a stream",
                    t.name(),
                    session.describe());
            r.results()
                    .add(new CreatePartitionsResponseData.CreatePartitionsTopicResult()
                            .setName(t.name())
                            .setErrorCode(Errors.POLICY_VIOLATION.code())
                            .setErrorMessage("OCI Streaming cannot add partitions to a stream"));
        }
        return r;
    }

    DescribeConfigsResponseData describeConfigs(Session session, DescribeConfigsRequestData request) {
        DescribeConfigsResponseData r = new DescribeConfigsResponseData();
        for (DescribeConfigsRequestData.DescribeConfigsResource res : request.resources()) {
            DescribeConfigsResponseData.DescribeConfigsResult result =
                    new DescribeConfigsResponseData.DescribeConfigsResult()
                            .setResourceType(res.resourceType())
                            .setResourceName(res.resourceName());
            r.results().add(result);
            if (res.resourceType() != ConfigResource.Type.TOPIC.id()) {
                // a broker's settings are the service's own; nothing of them is exposed
                continue;
            }
            StreamInfo s = topics.find(session.poolId(), res.resourceName());
            if (s == null) {
                result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage("Topic " + res.resourceName() + " not found");
                continue;
            }
            List<String> wanted = res.configurationKeys();
            add(result, wanted, "retention.ms", Long.toString(s.retentionInHours() * HOUR_MS), true);
            add(result, wanted, "cleanup.policy", "delete", false);
            add(result, wanted, "message.timestamp.type", "LogAppendTime", false);
            add(result, wanted, "max.message.bytes", Integer.toString(KafkaLimits.MAX_RECORD_BYTES), false);
        }
        return r;
    }

    private static void add(
            DescribeConfigsResponseData.DescribeConfigsResult result,
            List<String> wanted,
            String name,
            String value,
            boolean setOnTopic) {
        if (wanted != null && !wanted.isEmpty() && !wanted.contains(name)) {
            return;
        }
        result.configs()
                .add(new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                        .setName(name)
                        .setValue(value)
                        .setReadOnly(true)
                        .setConfigSource(
                                setOnTopic
                                        ? DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG.id()
                                        : DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG.id())
                        .setIsSensitive(false));
    }
}
