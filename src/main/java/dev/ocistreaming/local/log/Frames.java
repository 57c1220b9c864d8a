package dev.ocistreaming.local.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The framing every entry of a segment file shares. Layout, big-endian:
 *
 * <pre>
 * int  kindAndLength  bit 30 set: the body is one append's records as a batch ({@link BatchFrame});
 *                     clear: one record ({@link RecordFrame}, the format before batches, still read).
 *                     Bits 0-29: the body's length in bytes
 * int  crc32c         of the body
 * byte body[length]   starts with the entry's (first) offset, a long
 * </pre>
 *
 * The length lets recovery find the next frame; the CRC lets it tell a torn or corrupt tail from a whole
 * frame. Accessors read the frame at {@code buf.position()}.
 */
final class Frames {

    static final int PREFIX = 8;
    private static final int BATCH = 1 << 30;
    /** Larger than any valid frame (1 MiB of values plus their framing); a bigger length is corruption. */
    static final int MAX_BODY = 2 * 1024 * 1024;
    /** The smallest frame of either kind. */
    static final int MIN_FRAME = PREFIX + Math.min(RecordFrame.BODY_FIXED, BatchFrame.MIN_BODY);
    /**
     * The fewest bytes one stored record takes (a record with no key and an empty value inside a batch):
     * bounds how many records a number of bytes can have held.
     */
    static final int MIN_RECORD_BYTES = 7;

    private Frames() {}

    /** The first word of a batch frame whose body is {@code bodyLength} bytes. */
    static int batchWord(int bodyLength) {
        return BATCH | bodyLength;
    }

    /** The body length the first word {@code word} announces, or -1 if it is not plausible for its kind. */
    static int bodyLength(int word) {
        int length = word & ~BATCH;
        int min = (word & BATCH) != 0 ? BatchFrame.MIN_BODY : RecordFrame.BODY_FIXED;
        return length < min || length > MAX_BODY ? -1 : length;
    }

    static boolean isBatch(ByteBuffer buf) {
        return (buf.getInt(buf.position()) & BATCH) != 0;
    }

    static long firstOffset(ByteBuffer buf) {
        return buf.getLong(buf.position() + PREFIX);
    }

    static long lastOffset(ByteBuffer buf) {
        return isBatch(buf) ? BatchFrame.lastOffset(buf) : firstOffset(buf);
    }

    /** The append time (epoch ms) of the frame's records: one per frame. */
    static long timestamp(ByteBuffer buf) {
        return isBatch(buf) ? BatchFrame.timestamp(buf) : RecordFrame.timestamp(buf);
    }

    /**
     * True if the whole frame at {@code buf.position()} (which must be in the buffer) checks out: its CRC, then
     * what its kind requires of its body. {@code crc} is the caller's, reused from frame to frame.
     */
    static boolean valid(ByteBuffer buf, int bodyLength, CRC32C crc) {
        int p = buf.position();
        crc.reset();
        crc.update(buf.array(), buf.arrayOffset() + p + PREFIX, bodyLength);
        if ((int) crc.getValue() != buf.getInt(p + 4)) {
            return false;
        }
        return isBatch(buf) ? BatchFrame.valid(buf, bodyLength) : RecordFrame.valid(buf, bodyLength);
    }

    /** Writes the prefix of the frame whose body fills {@code frame} after its first {@link #PREFIX} bytes. */
    static void seal(ByteBuffer frame, int word) {
        int bodyLength = frame.limit() - PREFIX;
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), frame.arrayOffset() + PREFIX, bodyLength);
        frame.putInt(0, word);
        frame.putInt(4, (int) crc.getValue());
    }

    /**
     * Offers the frame's records from {@code fromOffset} on, in offset order, to {@code sink}; false once the sink
     * wants no more.
     */
    static boolean decode(ByteBuffer buf, int frame, long fromOffset, RecordSink sink) {
        return isBatch(buf) ? BatchFrame.decode(buf, frame - PREFIX, fromOffset, sink) : RecordFrame.decode(buf, sink);
    }
}
