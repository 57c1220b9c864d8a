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

    /** File position of the last entry whose offset is at most {@code offset}, or 0. */
    long positionForOffset(long offset) {
        int n = size;
        long[] o = offsets;
        int i = floor(o, n, offset);
        return i < 0 ? 0 : positions[i];
    }

    /** File position of the last entry whose timestamp is below {@code timestamp}, or 0. */
    long positionBeforeTime(long timestamp) {
        int n = size;
        long[] t = timestamps;
        int i = floor(t, n, timestamp - 1);
        return i < 0 ? 0 : positions[i];
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

    /** Loads an index file; null if it is missing, short, or fails its checksum (then the segment is scanned). */
    static Loaded load(Path file) {
        byte[] bytes;
        try {
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
        SparseIndex index = new SparseIndex();
        buf.position(8);
        for (int i = 0; i < n; i++) {
            index.add(buf.getLong(), buf.getLong(), buf.getLong());
        }
        Footer footer = new Footer(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
        return new Loaded(index, footer);
    }

    record Loaded(SparseIndex index, Footer footer) {}
}
