package dev.ocistreaming.local.log;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The body of a batch frame ({@link Frames}): the records of one append as a Kafka record batch (format v2, as
 * Kafka's documentation "Record Batch" lays it out), uncompressed, with the append time as every record's
 * timestamp (LogAppendTime) and the headers a Kafka producer set. Storing what a Kafka fetch sends lets the Kafka face answer with the stored bytes
 * instead of encoding each record again on every read; REST reads decode it. The batch starts with its base
 * offset, as every frame body starts with its first offset.
 */
final class BatchFrame {

    static final int MIN_BODY = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
    /** Kafka's log overhead: the base offset and the length field, which the batch's length does not count. */
    private static final int LOG_OVERHEAD = 12;

    private static final int LENGTH = 8;
    private static final int MAGIC = 16;
    private static final int ATTRIBUTES = 21;
    private static final int LAST_OFFSET_DELTA = 23;
    private static final int MAX_TIMESTAMP = 35;
    private static final int RECORDS_COUNT = 57;
    /** The attributes the encoder writes: no compression, LogAppendTime, neither transactional nor control. */
    private static final short ATTRIBUTES_WRITTEN = 0x08;

    private BatchFrame() {}

    /**
     * The whole frame (prefix and batch) for records given offsets {@code firstOffset...}, all stamped
     * {@code timestamp}, ready to be written.
     */
    static ByteBuffer encode(long firstOffset, long timestamp, List<KeyValue> records) {
        int estimate = Frames.PREFIX + DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        for (KeyValue kv : records) {
            estimate += kv.payloadBytes() + DefaultRecord.MAX_RECORD_OVERHEAD + kv.headers().length * 16;
        }
        ByteBuffer room = ByteBuffer.allocate(estimate);
        room.position(Frames.PREFIX);
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                room,
                RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE,
                TimestampType.LOG_APPEND_TIME,
                firstOffset,
                timestamp);
        long offset = firstOffset;
        for (KeyValue kv : records) {
            builder.appendWithOffset(offset++, timestamp, kv.key(), kv.value(), kv.headers());
        }
        builder.close();
        ByteBuffer frame = builder.buffer(); // a larger one if the estimate fell short; the prefix is kept
        frame.flip();
        if (frame.limit() - Frames.PREFIX > Frames.MAX_BODY) {
            // not reachable through either face (their request limits are far below): a frame this size would be
            // read back as damage, so it is never written
            throw new IllegalArgumentException("an append of " + frame.limit() + " bytes is over what a frame holds");
        }
        Frames.seal(frame, Frames.batchWord(frame.limit() - Frames.PREFIX));
        return frame;
    }

    static long lastOffset(ByteBuffer buf) {
        int body = buf.position() + Frames.PREFIX;
        return buf.getLong(body) + buf.getInt(body + LAST_OFFSET_DELTA);
    }

    static long timestamp(ByteBuffer buf) {
        return buf.getLong(buf.position() + Frames.PREFIX + MAX_TIMESTAMP);
    }

    /**
     * The batch is one the encoder wrote (the CRC has been checked): format v2, its own length field agreeing
     * with the frame's, and as many records as offsets, so offsets stay dense.
     */
    static boolean valid(ByteBuffer buf, int bodyLength) {
        int body = buf.position() + Frames.PREFIX;
        int lastOffsetDelta = buf.getInt(body + LAST_OFFSET_DELTA);
        return buf.get(body + MAGIC) == RecordBatch.MAGIC_VALUE_V2
                && buf.getInt(body + LENGTH) == bodyLength - LOG_OVERHEAD
                && buf.getShort(body + ATTRIBUTES) == ATTRIBUTES_WRITTEN
                && lastOffsetDelta >= 0
                && buf.getInt(body + RECORDS_COUNT) == lastOffsetDelta + 1;
    }

    /** The batch itself (the frame without its prefix), sharing the buffer's bytes. */
    static ByteBuffer batch(ByteBuffer buf, int bodyLength) {
        return buf.slice(buf.position() + Frames.PREFIX, bodyLength);
    }

    /**
     * Offers the records from {@code fromOffset} on to {@code sink}. The ones before it are stepped over by their
     * length alone, so a small read from the middle of a large append costs little.
     */
    static boolean decode(ByteBuffer buf, int bodyLength, long fromOffset, RecordSink sink) {
        int body = buf.position() + Frames.PREFIX;
        long baseOffset = buf.getLong(body);
        long timestamp = buf.getLong(body + MAX_TIMESTAMP);
        int count = buf.getInt(body + RECORDS_COUNT);
        ByteBuffer records = buf.slice(body + MIN_BODY, bodyLength - MIN_BODY);
        for (int i = 0; i < count; i++) {
            if (baseOffset + i < fromOffset) {
                int size = ByteUtils.readVarint(records);
                records.position(records.position() + size);
                continue;
            }
            Record r = DefaultRecord.readFrom(records, baseOffset, timestamp, RecordBatch.NO_SEQUENCE, timestamp);
            if (!sink.offer(r.offset(), r.timestamp(), r.hasKey() ? r.key() : null, r.value())) {
                return false;
            }
        }
        return true;
    }
}
