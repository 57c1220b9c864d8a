package dev.ocistreaming.local.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Sparse (offset, file position, timestamp) entries of one segment, one per
 * {@code index-interval-bytes}, kept as primitive arrays: a lookup by offset or by time is a binary
 * search plus a short forward scan, never a scan of the segment. Because timestamps never decrease
 * within a partition the same entries serve both lookups.
 *
 * <p>Appended by the single writer; read by many readers. Readers only look at entries below the
 * published {@link #size()}, and arrays are replaced (never shrunk in place) when they grow.
 */
final class SparseIndex {

    private static final int MAGIC = 0x4F534958; // "OSIX"
    private static final int ENTRY = 24;

    private volatile long[] offsets = new long[16];
    private volatile long[] positions = new long[16];
    private volatile long[] timestamps = new long[16];
    private volatile int size;

    void add(long offset, long position, long timestamp) {
        int n = size;
        if (n == offsets.length) {
            int capacity = n * 2;
            positions = Arrays.copyOf(positions, capacity);
            timestamps = Arrays.copyOf(timestamps, capacity);
            offsets = Arrays.copyOf(offsets, capacity);
        }
        offsets[n] = offset;
        positions[n] = position;
        timestamps[n] = timestamp;
        size = n + 1;
    }

    int size() {
        return size;
    }

    /** Drops the entries from the {@code n}th on (a failed append being undone; only the writer calls it). */
    void truncate(int n) {
        if (n < size) {
            size = n;
        }
    }

    /** A record known to start at a file position. */
    record Entry(long offset, long position) {}

    /** The last entry whose offset is at most {@code offset}, or null. */
    Entry floorByOffset(long offset) {
        int n = size;
        long[] o = offsets;
        long[] p = positions;
        int i = floor(o, n, offset);
        return i < 0 ? null : new Entry(o[i], p[i]);
    }

    /** The last entry whose timestamp is below {@code timestamp}, or null. */
    Entry floorBeforeTime(long timestamp) {
        int n = size;
        long[] t = timestamps;
        long[] o = offsets;
        long[] p = positions;
        int i = floor(t, n, timestamp - 1);
        return i < 0 ? null : new Entry(o[i], p[i]);
    }

    /** Index of the last element {@code <= key} among the first {@code n}, or -1. */
    private static int floor(long[] a, int n, long key) {
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** What a sealed segment records next to its entries, so opening it needs no scan. */
    record Footer(long lastOffset, long firstTimestamp, long maxTimestamp, long size) {}

    /** Writes entries and footer to {@code file} (the caller makes the write atomic and durable). */
    byte[] serialize(Footer footer) {
        int n = size;
        ByteBuffer buf = ByteBuffer.allocate(8 + n * ENTRY + 32 + 4);
        buf.putInt(MAGIC).putInt(n);
        for (int i = 0; i < n; i++) {
            buf.putLong(offsets[i]).putLong(positions[i]).putLong(timestamps[i]);
        }
        buf.putLong(footer.lastOffset())
                .putLong(footer.firstTimestamp())
                .putLong(footer.maxTimestamp())
                .putLong(footer.size());
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /**
     * Loads an index file; null if it is missing, short, fails its checksum, or describes something
     * a segment starting at {@code baseOffset} cannot hold (then the segment is scanned).
     */
    static Loaded load(Path file, long baseOffset, long segmentFileSize) {
        byte[] bytes;
        try {
            // at most one entry per frame, and a frame takes at least a header: a bigger file is garbage
            long largest = 8 + (segmentFileSize / Frames.MIN_FRAME + 1) * ENTRY + 36;
            if (!Files.isRegularFile(file) || Files.size(file) > largest) {
                return null;
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
        if (bytes.length < 8 + 32 + 4) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int n = buf.getInt(4);
        if (buf.getInt(0) != MAGIC || n < 0 || bytes.length != 8 + (long) n * ENTRY + 36) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != buf.getInt(bytes.length - 4)) {
            return null;
        }
        buf.position(8 + n * ENTRY);
        Footer footer = new Footer(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
        if (footer.lastOffset() < baseOffset - 1 || footer.size() < 0) {
            return null;
        }
        SparseIndex index = new SparseIndex();
        buf.position(8);
        long previousOffset = baseOffset - 1;
        long previousPosition = -1;
        for (int i = 0; i < n; i++) {
            long offset = buf.getLong();
            long position = buf.getLong();
            long timestamp = buf.getLong();
            // entries must point at increasing offsets and positions inside the segment
            if (offset <= previousOffset
                    || offset > footer.lastOffset()
                    || position <= previousPosition
                    || position >= footer.size()) {
                return null;
            }
            index.add(offset, position, timestamp);
            previousOffset = offset;
            previousPosition = position;
        }
        return new Loaded(index, footer);
    }

    record Loaded(SparseIndex index, Footer footer) {}
}
