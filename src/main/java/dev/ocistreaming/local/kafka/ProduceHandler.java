package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.data.StreamTraffic;
import dev.ocistreaming.local.log.KeyValue;
import dev.ocistreaming.local.log.PartitionLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce: each partition's records are appended as one batch to the stream's partition log,
 * exactly as a PutMessages appends them, and acknowledged once durable under the server's fsync
 * policy. The log stores key, value, record headers and its own append timestamp: a producer-set
 * timestamp is replaced by the append time (the topic's timestamp type is LogAppendTime), so REST
 * and Kafka readers see the same message at the same offset and time. Headers reach Kafka readers
 * only: the REST API has none.
 */
final class ProduceHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);

    private final TopicDirectory topics;
    private final StreamTraffic traffic;

    ProduceHandler(TopicDirectory topics, StreamTraffic traffic) {
        this.topics = topics;
        this.traffic = traffic;
    }

    /** The records of one partition, decoded and checked, or the error that refuses them. */
    private record Decoded(List<KeyValue> keyValues, long payloadBytes, Errors error, String message) {

        static Decoded refused(Errors error, String message) {
            return new Decoded(List.of(), 0, error, message);
        }
    }

    private record Accepted(
            StreamInfo stream, ProduceResponseData.PartitionProduceResponse response, List<KeyValue> keyValues) {}

    ProduceResponseData handle(Session session, ProduceRequestData request) {
        ProduceResponseData response = new ProduceResponseData();
        if (request.transactionalId() != null) {
            LOG.info(
                    "Refused a transactional produce from {}: OCI Streaming does not support Kafka transactions",
                    session.describe());
        }
        long requestBytes = 0;
        List<Accepted> accepted = new ArrayList<>();
        // records appended per stream the request names, counted once the request is answered
        Map<String, Integer> appended = new LinkedHashMap<>();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            ProduceResponseData.TopicProduceResponse topicResponse =
                    new ProduceResponseData.TopicProduceResponse().setName(topic.name());
            response.responses().add(topicResponse);
            StreamInfo stream = topics.find(session.poolId(), topic.name());
            if (stream != null) {
                appended.putIfAbsent(stream.id(), 0);
            }
            for (ProduceRequestData.PartitionProduceData p : topic.partitionData()) {
                ProduceResponseData.PartitionProduceResponse pr =
                        new ProduceResponseData.PartitionProduceResponse().setIndex(p.index());
                topicResponse.partitionResponses().add(pr);
                if (stream == null || p.index() < 0 || p.index() >= stream.partitions()) {
                    fail(pr, Errors.UNKNOWN_TOPIC_OR_PARTITION, null);
                    continue;
                }
                if (!topics.active(stream)) {
                    fail(pr, Errors.LEADER_NOT_AVAILABLE, null);
                    continue;
                }
                Decoded d = request.transactionalId() != null
                        ? Decoded.refused(
                                Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                                "OCI Streaming does not support Kafka transactions")
                        : decode((MemoryRecords) p.records());
                if (d.error() != null) {
                    fail(pr, d.error(), d.message());
                    continue;
                }
                requestBytes += d.payloadBytes();
                accepted.add(new Accepted(stream, pr, d.keyValues()));
            }
        }
        if (requestBytes > KafkaLimits.MAX_PRODUCE_BYTES) {
            for (Accepted a : accepted) {
                fail(
                        a.response(),
                        Errors.RECORD_LIST_TOO_LARGE,
                        "A produce request is limited to 1 MiB of keys and values; this one has " + requestBytes
                                + " bytes");
            }
            count(appended);
            return response;
        }
        for (Accepted a : accepted) {
            if (a.keyValues().isEmpty()) {
                a.response().setBaseOffset(-1);
            } else if (append(a.stream(), a.response(), a.keyValues())) {
                appended.merge(a.stream().id(), a.keyValues().size(), Integer::sum);
            }
        }
        count(appended);
        return response;
    }

    private void count(Map<String, Integer> appended) {
        appended.forEach((streamId, records) -> traffic.count(streamId, StreamTraffic.Flow.PRODUCE, records));
    }

    private static void fail(ProduceResponseData.PartitionProduceResponse pr, Errors error, String message) {
        pr.setErrorCode(error.code()).setErrorMessage(message).setBaseOffset(-1);
    }

    /** The only write of the Kafka face into a partition log; false when it failed (the response says why). */
    private boolean append(StreamInfo stream, ProduceResponseData.PartitionProduceResponse pr, List<KeyValue> records) {
        PartitionLog log = topics.logs(stream)[pr.index()];
        try {
            // under fsync=always the log answers once the records are on disk, as for a PutMessages
            PartitionLog.Appended appended = log.append(records);
            pr.setBaseOffset(appended.firstOffset())
                    .setLogAppendTimeMs(appended.timestamp())
                    .setLogStartOffset(log.trimHorizon());
            LOG.debug(
                    "Kafka produce: {} record(s) to {} partition {} at offset {}",
                    records.size(),
                    stream.name(),
                    pr.index(),
                    appended.firstOffset());
            return true;
        } catch (IOException e) {
            LOG.error("Kafka produce to {} partition {} failed", stream.name(), pr.index(), e);
            fail(pr, Errors.KAFKA_STORAGE_ERROR, "Could not write the records: " + e.getMessage());
            return false;
        }
    }

    /** Checks every batch (CRC, format, features the service lacks) and collects key and value of each record. */
    private static Decoded decode(MemoryRecords records) {
        List<KeyValue> out = new ArrayList<>();
        long bytes = 0;
        try {
            for (MutableRecordBatch batch : records.batches()) {
                batch.ensureValid();
                if (batch.magic() < RecordBatch.MAGIC_VALUE_V2) {
                    return Decoded.refused(
                            Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT, "Only record batches of format v2 are accepted");
                }
                if (batch.isTransactional() || batch.isControlBatch()) {
                    return Decoded.refused(
                            Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                            "OCI Streaming does not support Kafka transactions");
                }
                if (batch.hasProducerId()) {
                    return Decoded.refused(
                            Errors.CLUSTER_AUTHORIZATION_FAILED,
                            "OCI Streaming does not support idempotent producers: set enable.idempotence=false");
                }
                try (var it = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
                    while (it.hasNext()) {
                        Record r = it.next();
                        if (!r.hasValue()) {
                            return Decoded.refused(
                                    Errors.INVALID_RECORD,
                                    "A record needs a value: OCI Streaming has no compacted topics, so no tombstones");
                        }
                        byte[] key = r.hasKey() ? Utils.toArray(r.key()) : null;
                        byte[] value = Utils.toArray(r.value());
                        long size = value.length + (key == null ? 0 : key.length);
                        if (size > KafkaLimits.MAX_RECORD_BYTES) {
                            return Decoded.refused(
                                    Errors.MESSAGE_TOO_LARGE,
                                    "A message is limited to 1 MiB of key and value; this one has " + size + " bytes");
                        }
                        bytes += size;
                        out.add(new KeyValue(key, value, r.headers()));
                    }
                }
            }
        } catch (InvalidRecordException | org.apache.kafka.common.errors.CorruptRecordException e) {
            return Decoded.refused(Errors.CORRUPT_MESSAGE, e.getMessage());
        } catch (RuntimeException e) {
            // a compression codec's failure, a truncated batch: the client sent bytes we cannot read
            return Decoded.refused(Errors.CORRUPT_MESSAGE, "Unreadable record batch: " + e);
        }
        return new Decoded(out, bytes, null, null);
    }
}
