package dev.ocistreaming.local.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * On-disk framing of one record. Layout, big-endian:
 *
 * <pre>
 * int  bodyLength   bytes after this 8-byte prefix
 * int  crc32c       of the body
 * long offset       -- body starts here
 * long timestamp    epoch ms, non-decreasing within a partition
 * int  keyLength    -1 for a null key
 * byte key[keyLength]
 * byte value[...]   the rest of the body
 * </pre>
 *
 * The length lets recovery find the next record; the CRC lets it tell a torn or corrupt tail from a
 * whole record.
 */
final class RecordFormat {

    static final int PREFIX = 8;
    static final int BODY_FIXED = 20;
    /** The smallest frame: a record with an empty value and no key. */
    static final int MIN_FRAME = PREFIX + BODY_FIXED;
    /** Larger than any valid record (1 MiB value + 256 B key); a bigger length is corruption. */
    static final int MAX_BODY = 2 * 1024 * 1024;

    private RecordFormat() {}

    static int frameSize(byte[] key, byte[] value) {
        return PREFIX + BODY_FIXED + (key == null ? 0 : key.length) + value.length;
    }

    static void write(ByteBuffer out, long offset, long timestamp, byte[] key, byte[] value) {
        int start = out.position();
        int bodyLength = BODY_FIXED + (key == null ? 0 : key.length) + value.length;
        out.putInt(bodyLength);
        out.putInt(0);
        out.putLong(offset);
        out.putLong(timestamp);
        out.putInt(key == null ? -1 : key.length);
        if (key != null) {
            out.put(key);
        }
        out.put(value);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), out.arrayOffset() + start + PREFIX, bodyLength);
        out.putInt(start + 4, (int) crc.getValue());
    }

    /**
     * Body length of the frame starting at {@code buf.position()}, or -1 if the prefix is not
     * plausible (zeroes from a preallocated or torn tail, or garbage).
     */
    static int bodyLength(ByteBuffer buf) {
        int length = buf.getInt(buf.position());
        return length < BODY_FIXED || length > MAX_BODY ? -1 : length;
    }

    /**
     * True if the whole frame at {@code buf.position()} (which must be in the buffer) checks out.
     * {@code crc} is the caller's, reused from frame to frame.
     */
    static boolean valid(ByteBuffer buf, int bodyLength, CRC32C crc) {
        int p = buf.position();
        crc.reset();
        crc.update(buf.array(), buf.arrayOffset() + p + PREFIX, bodyLength);
        if ((int) crc.getValue() != buf.getInt(p + 4)) {
            return false;
        }
        int keyLength = buf.getInt(p + PREFIX + 16);
        return keyLength >= -1 && keyLength <= bodyLength - BODY_FIXED;
    }

    static long offset(ByteBuffer buf) {
        return buf.getLong(buf.position() + PREFIX);
    }

    static long timestamp(ByteBuffer buf) {
        return buf.getLong(buf.position() + PREFIX + 8);
    }

    /** Decodes the frame at {@code buf.position()} (already validated) and advances past it. */
    static LogRecord read(ByteBuffer buf, int bodyLength) {
        int p = buf.position();
        long offset = buf.getLong(p + PREFIX);
        long timestamp = buf.getLong(p + PREFIX + 8);
        int keyLength = buf.getInt(p + PREFIX + 16);
        byte[] key = null;
        int cursor = p + PREFIX + BODY_FIXED;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            buf.get(cursor, key);
            cursor += keyLength;
        }
        byte[] value = new byte[bodyLength - BODY_FIXED - Math.max(keyLength, 0)];
        buf.get(cursor, value);
        buf.position(p + PREFIX + bodyLength);
        return new LogRecord(offset, timestamp, key, value);
    }
}
