package dev.ocistreaming.local.log;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * What one read of records takes: offsets from {@code fromOffset} below {@code endOffset}, at most {@code maxCount}
 * records and about {@code maxBytes} of key and value bytes (always at least one record).
 */
final class RecordCollector implements RecordSink {

    private static final byte[] EMPTY = new byte[0];

    private final long fromOffset;
    private final long endOffset;
    private final int maxCount;
    private final long maxBytes;
    private final List<LogRecord> out;
    private long bytes;

    RecordCollector(long fromOffset, long endOffset, int maxCount, long maxBytes, List<LogRecord> out) {
        this.fromOffset = fromOffset;
        this.endOffset = endOffset;
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.out = out;
    }

    long fromOffset() {
        return fromOffset;
    }

    long endOffset() {
        return endOffset;
    }

    boolean full() {
        return out.size() >= maxCount || (!out.isEmpty() && bytes >= maxBytes);
    }

    @Override
    public boolean offer(long offset, long timestamp, ByteBuffer key, ByteBuffer value) {
        if (offset < fromOffset) {
            return true;
        }
        if (offset >= endOffset || out.size() >= maxCount) {
            return false;
        }
        int payload = (key == null ? 0 : key.remaining()) + (value == null ? 0 : value.remaining());
        if (!out.isEmpty() && bytes + payload > maxBytes) {
            return false;
        }
        out.add(new LogRecord(
                offset,
                timestamp,
                key == null ? null : Utils.toArray(key),
                value == null ? EMPTY : Utils.toArray(value)));
        bytes += payload;
        return true;
    }
}
