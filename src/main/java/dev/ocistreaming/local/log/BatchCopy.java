package dev.ocistreaming.local.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored batches copied out for a Kafka fetch, one after the other, as the fetch answer carries them: from the batch
 * holding {@code fromOffset} (a Kafka consumer skips the records before its position, as it does with a broker's
 * batches) until about {@code maxBytes}, always at least one batch. Record frames of older segments are encoded as
 * batches of one record.
 */
final class BatchCopy {

    private final long fromOffset;
    private final long endOffset;
    private final long maxBytes;
    private ByteBuffer out;
    private int records;

    /** {@code expectedBytes}: as much as the read can find, so the buffer is rarely grown (or zeroed) in vain. */
    BatchCopy(long fromOffset, long endOffset, long maxBytes, long expectedBytes) {
        this.fromOffset = fromOffset;
        this.endOffset = endOffset;
        this.maxBytes = maxBytes;
        this.out = ByteBuffer.allocate((int) Math.max(0, Math.min(Math.min(maxBytes, expectedBytes), Frames.MAX_BODY)));
    }

    long fromOffset() {
        return fromOffset;
    }

    /** Takes the valid frame at {@code frame.position()} of {@code length} bytes; false once no more are wanted. */
    boolean take(ByteBuffer frame, int length) {
        long first = Frames.firstOffset(frame);
        long last = Frames.lastOffset(frame);
        if (last < fromOffset) {
            return true;
        }
        if (last >= endOffset) {
            return false; // not all of it visible yet: readers see whole appends only
        }
        ByteBuffer batch = Frames.isBatch(frame) ? BatchFrame.batch(frame, length - Frames.PREFIX) : asBatch(frame);
        if (out.position() > 0 && out.position() + batch.remaining() > maxBytes) {
            return false;
        }
        if (out.remaining() < batch.remaining()) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + batch.remaining()));
            out.flip();
            out = larger.put(out);
        }
        out.put(batch);
        records += (int) (last - Math.max(first, fromOffset) + 1);
        return wantsMore();
    }

    boolean wantsMore() {
        return out.position() < maxBytes;
    }

    private static ByteBuffer asBatch(ByteBuffer frame) {
        List<LogRecord> one = new ArrayList<>(1);
        RecordFrame.decode(frame, new RecordCollector(Long.MIN_VALUE, Long.MAX_VALUE, 1, Long.MAX_VALUE, one));
        LogRecord r = one.get(0);
        return BatchFrame.encode(r.offset(), r.timestamp(), List.of(new KeyValue(r.key(), r.value())))
                .position(Frames.PREFIX);
    }

    PartitionLog.Batches result() {
        return new PartitionLog.Batches(out.flip(), records);
    }
}
