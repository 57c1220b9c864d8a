package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.data.StreamTraffic;
import dev.ocistreaming.local.log.LogRecord;
import dev.ocistreaming.local.log.OffsetTrimmedException;
import dev.ocistreaming.local.log.PartitionLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * Fetch with the long poll Kafka consumers rely on: answered at once when {@code min.bytes} are
 * there (or an error), else re-read every few milliseconds until they are or {@code max.wait.ms}
 * has passed. Fetch sessions are declined (session id 0), so every fetch names its partitions.
 */
final class FetchHandler {

    /** How often a waiting fetch looks again; REST writes reach it within this delay. */
    private static final long RECHECK_MS = 5;
    /** Upper bound on records read per partition per fetch (the REST face's GetMessages maximum). */
    private static final int MAX_RECORDS = 10_000;

    private final TopicDirectory topics;
    private final ScheduledExecutorService timer;
    private final Executor worker;
    private final StreamTraffic traffic;

    FetchHandler(TopicDirectory topics, ScheduledExecutorService timer, Executor worker, StreamTraffic traffic) {
        this.topics = topics;
        this.timer = timer;
        this.worker = worker;
        this.traffic = traffic;
    }

    CompletableFuture<FetchResponseData> handle(Session session, FetchRequestData request) {
        CompletableFuture<FetchResponseData> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, request.maxWaitMs()));
        attempt(session, request, deadline, result);
        return result;
    }

    private void attempt(
            Session session, FetchRequestData request, long deadline, CompletableFuture<FetchResponseData> result) {
        try {
            Read read = read(session, request);
            // as a Kafka broker: no wait when the fetch asks for no partition (a consumer closing its
            // fetch session sends one) or when an error is to be reported
            if (read.bytes >= Math.max(1, request.minBytes())
                    || read.error
                    || read.partitions == 0
                    || System.nanoTime() >= deadline) {
                // only the read that answers counts: the long poll's earlier reads were never sent
                read.records.forEach((streamId, n) -> traffic.count(streamId, StreamTraffic.Flow.FETCH, n));
                result.complete(read.response);
                return;
            }
            long delay = Math.min(RECHECK_MS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
            timer.schedule(
                    () -> worker.execute(() -> attempt(session, request, deadline, result)),
                    delay,
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private static final class Read {
        final FetchResponseData response = new FetchResponseData().setSessionId(0);
        long bytes;
        int partitions;
        boolean error;
        /** Records read per stream the fetch names. */
        final Map<String, Integer> records = new LinkedHashMap<>();
    }

    private Read read(Session session, FetchRequestData request) {
        Read out = new Read();
        long budget = request.maxBytes() <= 0 ? Integer.MAX_VALUE : request.maxBytes();
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            FetchResponseData.FetchableTopicResponse tr = new FetchResponseData.FetchableTopicResponse()
                    .setTopic(topic.topic())
                    .setTopicId(topic.topicId());
            out.response.responses().add(tr);
            StreamInfo stream = topics.find(session.poolId(), topic.topic());
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData()
                        .setPartitionIndex(p.partition())
                        .setRecords(MemoryRecords.EMPTY);
                tr.partitions().add(pd);
                out.partitions++;
                if (stream == null || p.partition() < 0 || p.partition() >= stream.partitions()) {
                    pd.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    out.error = true;
                    continue;
                }
                out.records.putIfAbsent(stream.id(), 0);
                PartitionLog log = topics.logs(stream)[p.partition()];
                long next = log.nextOffset();
                long start = log.trimHorizon();
                pd.setHighWatermark(next).setLastStableOffset(next).setLogStartOffset(start);
                if (p.fetchOffset() < start || p.fetchOffset() > next) {
                    pd.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                    out.error = true;
                    continue;
                }
                // the first partition with data may exceed the budget by one record, as Kafka allows
                long limit = Math.min(p.partitionMaxBytes(), budget);
                if (limit <= 0 && out.bytes > 0) {
                    continue;
                }
                List<LogRecord> records;
                try {
                    records = log.read(p.fetchOffset(), MAX_RECORDS, Math.max(1, limit));
                } catch (OffsetTrimmedException e) {
                    pd.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code()).setLogStartOffset(log.trimHorizon());
                    out.error = true;
                    continue;
                }
                if (records.isEmpty()) {
                    continue;
                }
                out.records.merge(stream.id(), records.size(), Integer::sum);
                MemoryRecords encoded = encode(records);
                pd.setRecords(encoded);
                out.bytes += encoded.sizeInBytes();
                budget -= encoded.sizeInBytes();
            }
        }
        return out;
    }

    /**
     * One LogAppendTime batch per run of records that share an append timestamp (one produce or
     * PutMessages call), so each record keeps its own timestamp.
     */
    static MemoryRecords encode(List<LogRecord> records) {
        List<ByteBuffer> batches = new ArrayList<>();
        int total = 0;
        int i = 0;
        while (i < records.size()) {
            long ts = records.get(i).timestamp();
            int j = i;
            int estimate = org.apache.kafka.common.record.DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
            while (j < records.size() && records.get(j).timestamp() == ts) {
                estimate += records.get(j).payloadBytes() + 32;
                j++;
            }
            MemoryRecordsBuilder builder = MemoryRecords.builder(
                    ByteBuffer.allocate(estimate),
                    RecordBatch.MAGIC_VALUE_V2,
                    Compression.NONE,
                    TimestampType.LOG_APPEND_TIME,
                    records.get(i).offset(),
                    ts);
            for (int k = i; k < j; k++) {
                LogRecord r = records.get(k);
                builder.appendWithOffset(r.offset(), ts, r.key(), r.value());
            }
            ByteBuffer b = builder.build().buffer();
            batches.add(b);
            total += b.remaining();
            i = j;
        }
        if (batches.size() == 1) {
            return MemoryRecords.readableRecords(batches.get(0));
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer b : batches) {
            all.put(b);
        }
        all.flip();
        return MemoryRecords.readableRecords(all);
    }
}
