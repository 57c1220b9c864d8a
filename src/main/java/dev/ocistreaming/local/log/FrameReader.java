package dev.ocistreaming.local.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads and checks the frames of one segment file below a byte limit, through a window that slides
 * over the file. Nothing read from the file is believed before it is checked: a frame counts only
 * if its length is in bounds and inside the limit, its CRC matches, its body is what its kind requires and
 * its offsets lie in the range the caller expects. The buffer grows only to a length already
 * checked against {@link Frames#MAX_BODY}.
 */
final class FrameReader {

    private static final int CHUNK = 64 * 1024;

    private final FileChannel channel;
    private final long limit;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    private long windowStart;
    private int windowLength;

    FrameReader(FileChannel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    /**
     * Length of the valid frame at {@code position} whose offsets are in {@code (after, atMost]}, or -1 if there
     * is none there (damaged, torn, out of order, or past the limit).
     */
    int frameAt(long position, long after, long atMost) throws IOException {
        int p = window(position, Frames.MIN_FRAME);
        if (p < 0) {
            return -1;
        }
        int bodyLength = Frames.bodyLength(buf.getInt(p));
        if (bodyLength < 0 || position + Frames.PREFIX + bodyLength > limit) {
            return -1;
        }
        long offset = buf.getLong(p + Frames.PREFIX);
        if (offset <= after || offset > atMost) {
            return -1;
        }
        int frame = Frames.PREFIX + bodyLength;
        p = window(position, frame);
        buf.position(p);
        return Frames.valid(buf, bodyLength, crc) && Frames.lastOffset(buf) <= atMost ? frame : -1;
    }

    /** True if fewer bytes than a frame header remain after {@code position}, or the frame there ends past the limit. */
    boolean endsInsideFrame(long position) throws IOException {
        if (limit - position < Frames.MIN_FRAME) {
            return true;
        }
        int p = window(position, Frames.PREFIX);
        int bodyLength = Frames.bodyLength(buf.getInt(p));
        return bodyLength >= 0 && position + Frames.PREFIX + bodyLength > limit;
    }

    /** The frame {@link #frameAt} just accepted, positioned at its start (valid until the next call). */
    ByteBuffer frame() {
        return buf;
    }

    /**
     * The first position after {@code from} where a valid frame with an offset in {@code (after,
     * atMost]} starts, or -1: how reading finds its footing again after damaged bytes. Frames are
     * recognised by content (length, offset range, CRC), so the search costs a few comparisons per
     * byte and a CRC only where the header is plausible.
     */
    long resynchronise(long from, long after, long atMost) throws IOException {
        for (long q = from + 1; q + Frames.MIN_FRAME <= limit; q++) {
            int p = window(q, Frames.MIN_FRAME);
            if (Frames.bodyLength(buf.getInt(p)) < 0) {
                continue;
            }
            long offset = buf.getLong(p + Frames.PREFIX);
            if (offset <= after || offset > atMost) {
                continue;
            }
            if (frameAt(q, after, atMost) > 0) {
                return q;
            }
        }
        return -1;
    }

    /**
     * Makes bytes {@code [position, position + length)} available and returns where they start in
     * the buffer, or -1 if they reach past the limit. {@code length} is at most a checked frame size.
     */
    private int window(long position, int length) throws IOException {
        if (position < 0 || position + length > limit) {
            return -1;
        }
        if (position >= windowStart && position + length <= windowStart + windowLength) {
            return (int) (position - windowStart);
        }
        if (buf.capacity() < length) {
            buf = ByteBuffer.allocate(length);
        }
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), limit - position));
        long p = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, p);
            if (n < 0) {
                break; // the file is shorter than the limit: what is missing counts as damage
            }
            p += n;
        }
        windowStart = position;
        windowLength = buf.position();
        if (windowLength < length) {
            windowLength = 0;
            return -1;
        }
        return 0;
    }
}
