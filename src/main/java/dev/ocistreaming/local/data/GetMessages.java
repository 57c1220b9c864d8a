package dev.ocistreaming.local.data;

import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.group.ConsumerGroup;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Json;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;
import dev.ocistreaming.local.log.LogRecord;
import dev.ocistreaming.local.log.OffsetTrimmedException;
import dev.ocistreaming.local.log.PartitionLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GetMessages for both kinds of cursor. Always answers a JSON array (possibly {@code []}) and an
 * {@code opc-next-cursor}. A response holds at most {@code limit} (default and maximum 10 000)
 * messages and about {@code get-max-bytes} of keys and values, at least one message if any is
 * available. A group instance's budget is shared fairly among its reserved partitions.
 */
final class GetMessages {

    static final int MAX_LIMIT = 10_000;
    static final String OUTSIDE_RETENTION = "The cursor is outside the retention period and is now invalid";

    /** Key and value are written in base64 by Jackson itself (its default variant is the JDK's basic encoder). */
    record MessageOut(String stream, String partition, byte[] key, byte[] value, long offset, String timestamp) {}

    private final DataPlaneServices services;
    /** Rotates which reserved partition is read first, so none is starved by a small limit. */
    private final AtomicInteger rotation = new AtomicInteger();

    GetMessages(DataPlaneServices services) {
        this.services = services;
    }

    Response handle(Request r) {
        StreamInfo stream = services.activeStream(r.path("streamId"));
        String cursorText = r.requiredQuery("cursor");
        Integer limitParam = r.intQuery("limit", 1, MAX_LIMIT);
        int limit = limitParam == null ? MAX_LIMIT : limitParam;
        Cursor cursor = services.decodeCursor(cursorText, stream.id());
        PartitionLog[] logs = services.partitions(stream);
        if (cursor instanceof Cursor.Partition pc) {
            return partitionRead(stream, logs, pc, limit);
        }
        return groupRead(stream, logs, (Cursor.Group) cursor, limit);
    }

    private Response partitionRead(StreamInfo stream, PartitionLog[] logs, Cursor.Partition c, int limit) {
        if (c.partition() >= logs.length) {
            throw ApiException.invalid("Invalid cursor");
        }
        throttle(stream.id() + "//" + c.partition());
        PartitionLog log = logs[c.partition()];
        long from = c.offset() < 0 ? log.trimHorizon() : c.offset();
        List<LogRecord> records = read(log, from, limit, services.getMaxBytes());
        long next =
                records.isEmpty() ? c.offset() : records.get(records.size() - 1).offset() + 1;
        List<MessageOut> out = new ArrayList<>(records.size());
        render(stream, c.partition(), records, out);
        String nextCursor =
                services.encodeCursor(new Cursor.Partition(stream.id(), c.partition(), next, services.cursorExpiry()));
        services.countGet(stream.id(), out.size());
        return Response.ok(out).header("opc-next-cursor", nextCursor);
    }

    private Response groupRead(StreamInfo stream, PartitionLog[] logs, Cursor.Group c, int limit) {
        ConsumerGroup group = services.group(stream.id(), c.group());
        ConsumerGroup.Assignment assignment = group.touch(c.instance(), c.timeoutMs(), services.now());
        List<ConsumerGroup.Reserved> reserved = assignment.partitions();
        for (ConsumerGroup.Reserved res : reserved) {
            // before the commit: a throttled request has no effect but the reservation refresh
            throttle(stream.id() + "/" + c.group() + "/" + res.partition());
        }
        if (c.commitOnGet()) {
            group.commitLenient(c.instance(), c.generation(), c.positions());
        }
        boolean sameGeneration = c.generation() == assignment.generation();
        Map<Integer, ConsumerGroup.Delivered> positions = new TreeMap<>();
        long[] starts = new long[reserved.size()];
        for (int i = 0; i < reserved.size(); i++) {
            ConsumerGroup.Reserved res = reserved.get(i);
            ConsumerGroup.Delivered d = sameGeneration ? c.positions().get(res.partition()) : null;
            if (d != null && d.epoch() == res.epoch()) {
                positions.put(res.partition(), d);
                starts[i] = d.offset() + 1;
            } else {
                starts[i] = group.startOffset(res.partition(), logs[res.partition()]);
            }
        }
        List<MessageOut> out = new ArrayList<>();
        readFairly(stream, logs, reserved, starts, limit, positions, out);
        String next = services.encodeCursor(new Cursor.Group(
                stream.id(),
                c.group(),
                c.instance(),
                c.commitOnGet(),
                c.timeoutMs(),
                assignment.generation(),
                positions,
                services.cursorExpiry()));
        services.countGet(stream.id(), out.size());
        return Response.ok(out).header("opc-next-cursor", next);
    }

    /**
     * First pass: each partition may take an equal share of the count and byte budgets. Second
     * pass: partitions that filled their share may use what the others left.
     */
    private void readFairly(
            StreamInfo stream,
            PartitionLog[] logs,
            List<ConsumerGroup.Reserved> reserved,
            long[] starts,
            int limit,
            Map<Integer, ConsumerGroup.Delivered> positions,
            List<MessageOut> out) {
        int n = reserved.size();
        if (n == 0) {
            return;
        }
        int first = Math.floorMod(rotation.getAndIncrement(), n);
        int countLeft = limit;
        long bytesLeft = services.getMaxBytes();
        int countShare = Math.max(1, limit / n);
        long byteShare = Math.max(1, bytesLeft / n);
        boolean[] full = new boolean[n];
        for (int pass = 0; pass < 2 && countLeft > 0 && bytesLeft > 0; pass++) {
            for (int k = 0; k < n && countLeft > 0 && bytesLeft > 0; k++) {
                int i = (first + k) % n;
                if (pass == 1 && !full[i]) {
                    continue;
                }
                int count = pass == 0 ? Math.min(countShare, countLeft) : countLeft;
                long bytes = pass == 0 ? Math.min(byteShare, bytesLeft) : bytesLeft;
                ConsumerGroup.Reserved res = reserved.get(i);
                List<LogRecord> records = read(logs[res.partition()], starts[i], count, bytes);
                if (records.isEmpty()) {
                    continue;
                }
                long bytesRead = 0;
                for (LogRecord rec : records) {
                    bytesRead += rec.payloadBytes();
                }
                full[i] = true; // may have more: worth a look in the second pass
                countLeft -= records.size();
                bytesLeft -= bytesRead;
                long last = records.get(records.size() - 1).offset();
                starts[i] = last + 1;
                positions.put(res.partition(), new ConsumerGroup.Delivered(last, res.epoch()));
                render(stream, res.partition(), records, out);
            }
        }
    }

    private static List<LogRecord> read(PartitionLog log, long from, int count, long bytes) {
        try {
            return log.read(from, count, bytes);
        } catch (OffsetTrimmedException e) {
            throw ApiException.invalid(OUTSIDE_RETENTION);
        }
    }

    private void throttle(String key) {
        if (services.readThrottled(key)) {
            throw new ApiException(
                    429,
                    "TooManyRequests",
                    "Too many GetMessages requests for a partition of this" + " consumer group; the limit is "
                            + services.getsPerSecond() + " per second");
        }
    }

    private static void render(StreamInfo stream, int partition, List<LogRecord> records, List<MessageOut> out) {
        String p = Integer.toString(partition);
        long lastTimestamp = Long.MIN_VALUE;
        String time = null;
        for (LogRecord rec : records) {
            if (rec.timestamp() != lastTimestamp) { // the messages of one PutMessages share their time
                lastTimestamp = rec.timestamp();
                time = Json.formatTime(lastTimestamp);
            }
            out.add(new MessageOut(stream.name(), p, rec.key(), rec.value(), rec.offset(), time));
        }
    }
}
