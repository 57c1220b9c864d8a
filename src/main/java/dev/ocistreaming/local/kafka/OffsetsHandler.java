package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.log.LogRecord;
import dev.ocistreaming.local.log.OffsetTrimmedException;
import dev.ocistreaming.local.log.PartitionLog;
import java.util.List;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets (earliest, latest, by timestamp, the newest record) and OffsetForLeaderEpoch (one
 * leader, epoch 0, forever: a partition's log is never truncated under a consumer).
 */
final class OffsetsHandler {

    private final TopicDirectory topics;

    OffsetsHandler(TopicDirectory topics) {
        this.topics = topics;
    }

    ListOffsetsResponseData listOffsets(Session session, ListOffsetsRequestData request, short version) {
        // the leader epoch is part of the answer from version 4 on; older answers must not carry one
        int epoch = version >= 4 ? 0 : -1;
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic topic : request.topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse tr =
                    new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name());
            response.topics().add(tr);
            StreamInfo stream = topics.find(session.poolId(), topic.name());
            for (ListOffsetsRequestData.ListOffsetsPartition p : topic.partitions()) {
                ListOffsetsResponseData.ListOffsetsPartitionResponse pr =
                        new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                                .setPartitionIndex(p.partitionIndex())
                                .setTimestamp(-1)
                                .setOffset(-1)
                                .setLeaderEpoch(epoch);
                tr.partitions().add(pr);
                if (stream == null || p.partitionIndex() < 0 || p.partitionIndex() >= stream.partitions()) {
                    pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                locate(topics.logs(stream)[p.partitionIndex()], p.timestamp(), pr);
            }
        }
        return response;
    }

    private static void locate(
            PartitionLog log, long timestamp, ListOffsetsResponseData.ListOffsetsPartitionResponse pr) {
        long next = log.nextOffset();
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            pr.setOffset(next);
        } else if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            pr.setOffset(log.trimHorizon());
        } else if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            // timestamps never decrease in our log: the newest record has the greatest one
            if (next > log.trimHorizon()) {
                withTimestamp(log, next - 1, pr);
            }
        } else if (timestamp >= 0) {
            long found = log.offsetForTime(timestamp);
            if (found < next) {
                withTimestamp(log, found, pr);
            }
        } else {
            pr.setErrorCode(Errors.INVALID_REQUEST.code());
        }
    }

    private static void withTimestamp(
            PartitionLog log, long offset, ListOffsetsResponseData.ListOffsetsPartitionResponse pr) {
        try {
            List<LogRecord> one = log.read(offset, 1, 1);
            if (!one.isEmpty()) {
                pr.setOffset(one.get(0).offset()).setTimestamp(one.get(0).timestamp());
            }
        } catch (OffsetTrimmedException e) {
            pr.setOffset(log.trimHorizon());
        }
    }

    OffsetForLeaderEpochResponseData leaderEpochs(Session session, OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic : request.topics()) {
            OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult tr =
                    new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(topic.topic());
            response.topics().add(tr);
            StreamInfo stream = topics.find(session.poolId(), topic.topic());
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : topic.partitions()) {
                OffsetForLeaderEpochResponseData.EpochEndOffset e =
                        new OffsetForLeaderEpochResponseData.EpochEndOffset().setPartition(p.partition());
                tr.partitions().add(e);
                if (stream == null || p.partition() < 0 || p.partition() >= stream.partitions()) {
                    e.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                            .setLeaderEpoch(-1)
                            .setEndOffset(-1);
                } else {
                    e.setLeaderEpoch(0).setEndOffset(topics.logs(stream)[p.partition()].nextOffset());
                }
            }
        }
        return response;
    }
}
