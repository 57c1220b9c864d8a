package dev.ocistreaming.local.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Fields;
import dev.ocistreaming.local.http.Json;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;
import dev.ocistreaming.local.log.KeyValue;
import dev.ocistreaming.local.log.PartitionLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PutMessages: validates the whole request first (nothing is written if any entry is bad), then
 * appends each partition's entries as one batch, waits for durability per the fsync policy, and
 * answers per entry in request order. Throttled entries fail alone, inside an HTTP 200; from a partition's first
 * throttled entry on, all its later entries in the request are throttled too, so what is stored keeps their order.
 */
final class PutMessages {

    private static final Logger LOG = LoggerFactory.getLogger(PutMessages.class);
    // The service's limits, kept here rather than shared with the component's ServiceLimits: the server must not
    // depend on the component (and must enforce them for any client, not only ours).
    static final int MAX_KEY = 256;
    static final int MAX_REQUEST = 1024 * 1024;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String partition, Long offset, String timestamp, String error, String errorMessage) {}

    record Result(int failures, List<Entry> entries) {}

    private final DataPlaneServices services;

    PutMessages(DataPlaneServices services) {
        this.services = services;
    }

    Response handle(Request r) {
        StreamInfo stream = services.activeStream(r.path("streamId"));
        PartitionLog[] logs = services.partitions(stream);
        JsonNode body = r.jsonObject();
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw ApiException.missing("messages");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalid("messages must be a non-empty array");
        }
        int n = messages.size();
        byte[][] keys = new byte[n][];
        byte[][] values = new byte[n][];
        long total = 0;
        for (int i = 0; i < n; i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject()) {
                throw ApiException.invalid("Unable to parse JSON body: messages[" + i + "] must be an object");
            }
            keys[i] = Fields.optionalBase64(m, "key");
            values[i] = Fields.optionalBase64(m, "value");
            if (values[i] == null) {
                throw ApiException.missing("messages[" + i + "].value");
            }
            if (keys[i] != null && keys[i].length > MAX_KEY) {
                throw ApiException.invalid(
                        "messages[" + i + "].key is " + keys[i].length + " bytes; the limit is " + MAX_KEY + " bytes");
            }
            if (values[i].length > MAX_REQUEST) {
                throw ApiException.invalid(
                        "messages[" + i + "].value is " + values[i].length + " bytes; a message is limited to 1 MiB");
            }
            total += values[i].length + (keys[i] == null ? 0 : keys[i].length);
        }
        if (total > MAX_REQUEST) {
            throw ApiException.invalid("Request size is limited to 1 MiB");
        }
        return Response.ok(append(stream, logs, keys, values));
    }

    private Result append(StreamInfo stream, PartitionLog[] logs, byte[][] keys, byte[][] values) {
        int n = keys.length;
        Entry[] entries = new Entry[n];
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        // Per partition, the wait told to its first throttled entry. Every later entry of that partition is throttled
        // too, though the byte budget may have room for it by then: stored now, it would come before the earlier
        // entry's retry, and a client retrying in order would see its messages reordered.
        Map<Integer, Long> throttled = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int p = Partitioner.partition(keys[i], logs.length);
            Long refused = throttled.get(p);
            long waitMs = refused != null
                    ? refused
                    : services.writeWaitMs(
                            stream.id() + "/" + p, values[i].length + (keys[i] == null ? 0 : keys[i].length));
            if (waitMs > 0) {
                throttled.putIfAbsent(p, waitMs);
                entries[i] = new Entry(
                        null,
                        null,
                        null,
                        "429",
                        "Request was throttled because bytes limit exhausted, next request can be made in " + waitMs
                                + " ms");
            } else {
                byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Integer, List<Integer>> e : byPartition.entrySet()) {
            appendPartition(logs[e.getKey()], e.getKey(), e.getValue(), keys, values, entries);
        }
        int failures = 0;
        for (Entry entry : entries) {
            if (entry.error() != null) {
                failures++;
            }
        }
        services.countPut(stream.id(), n - failures);
        return new Result(failures, List.of(entries));
    }

    private void appendPartition(
            PartitionLog log, int partition, List<Integer> indexes, byte[][] keys, byte[][] values, Entry[] entries) {
        List<KeyValue> batch = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            batch.add(new KeyValue(keys[i], values[i]));
        }
        try {
            PartitionLog.Appended appended = log.append(batch);
            String ts = Json.formatTime(appended.timestamp());
            for (int k = 0; k < indexes.size(); k++) {
                entries[indexes.get(k)] =
                        new Entry(Integer.toString(partition), appended.firstOffset() + k, ts, null, null);
            }
        } catch (IOException e) {
            // the log has undone the write: these entries fail alone and the next write takes their offsets
            LOG.error("Append of {} message(s) to {} failed: {}", indexes.size(), log.directory(), e.toString());
            for (int i : indexes) {
                entries[i] = new Entry(
                        null, null, null, "InternalServerError", "Could not write the message: " + e.getMessage());
            }
        }
    }
}
