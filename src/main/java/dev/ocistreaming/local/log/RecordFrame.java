package dev.ocistreaming.local.log;

import java.nio.ByteBuffer;

/**
 * The body of a record frame ({@link Frames}): one record, as segments stored them before each append became one
 * {@link BatchFrame}. Nothing writes it any more; it is read so that data directories written before keep working
 * (their segments age out by retention). Layout, big-endian:
 *
 * <pre>
 * long offset
 * long timestamp    epoch ms
 * int  keyLength    -1 for a null key
 * byte key[keyLength]
 * byte value[...]   the rest of the body
 * </pre>
 */
final class RecordFrame {

    static final int BODY_FIXED = 20;

    private RecordFrame() {}

    static long timestamp(ByteBuffer buf) {
        return buf.getLong(buf.position() + Frames.PREFIX + 8);
    }

    /** The key length fits the body (the CRC has been checked). */
    static boolean valid(ByteBuffer buf, int bodyLength) {
        int keyLength = buf.getInt(buf.position() + Frames.PREFIX + 16);
        return keyLength >= -1 && keyLength <= bodyLength - BODY_FIXED;
    }

    static boolean decode(ByteBuffer buf, RecordSink sink) {
        int p = buf.position();
        int bodyLength = buf.getInt(p); // a record frame's first word is its length: no kind bit
        int keyLength = buf.getInt(p + Frames.PREFIX + 16);
        int keyStart = p + Frames.PREFIX + BODY_FIXED;
        int valueStart = keyStart + Math.max(keyLength, 0);
        int valueEnd = p + Frames.PREFIX + bodyLength;
        ByteBuffer key = keyLength < 0 ? null : buf.slice(keyStart, keyLength);
        return sink.offer(Frames.firstOffset(buf), timestamp(buf), key, buf.slice(valueStart, valueEnd - valueStart));
    }
}
