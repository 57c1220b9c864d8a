package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.data.StreamTraffic;
import dev.ocistreaming.local.log.OffsetTrimmedException;
import dev.ocistreaming.local.log.PartitionLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Fetch with the long poll Kafka consumers rely on: answered at once when {@code min.bytes} are
 * there (or an error), else re-read every few milliseconds until they are or {@code max.wait.ms}
 * has passed. Fetch sessions are declined (session id 0), so every fetch names its partitions.
 */
final class FetchHandler {

    /** How often a waiting fetch looks again; REST writes reach it within this delay. */
    private static final long RECHECK_MS = 5;

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
                PartitionLog.Batches batches;
                try {
                    batches = log.readBatches(p.fetchOffset(), Math.max(1, limit));
                } catch (OffsetTrimmedException e) {
                    pd.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code()).setLogStartOffset(log.trimHorizon());
                    out.error = true;
                    continue;
                }
                if (batches.records() == 0) {
                    continue;
                }
                out.records.merge(stream.id(), batches.records(), Integer::sum);
                pd.setRecords(MemoryRecords.readableRecords(batches.bytes()));
                out.bytes += batches.bytes().remaining();
                budget -= batches.bytes().remaining();
            }
        }
        return out;
    }
}
