package dev.ocistreaming.local.log;

import dev.ocistreaming.local.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment file of a partition: records with consecutive offsets starting at {@link #baseOffset},
 * plus its sparse index. One writer appends (under the partition's lock); readers use positional
 * reads up to the published {@link #size} and never take a lock.
 */
final class Segment {

    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);
    private static final int READ_CHUNK = 64 * 1024;

    private final Path file;
    private final Path indexFile;
    private final long baseOffset;
    private final int indexIntervalBytes;
    private final FileChannel channel;
    private SparseIndex index;
    /** Bytes of whole records readers may see. */
    private volatile long size;

    private volatile long lastOffset;
    private volatile long firstTimestamp = -1;
    private volatile long maxTimestamp = -1;
    private long bytesSinceIndexed;
    private boolean sealed;

    private Segment(Path dir, long baseOffset, int indexIntervalBytes) throws IOException {
        this.file = dir.resolve(name(baseOffset, ".log"));
        this.indexFile = dir.resolve(name(baseOffset, ".index"));
        this.baseOffset = baseOffset;
        this.indexIntervalBytes = indexIntervalBytes;
        this.channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.index = new SparseIndex();
        this.lastOffset = baseOffset - 1;
    }

    static String name(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    /** Creates a new, empty segment file. */
    static Segment create(Path dir, long baseOffset, int indexIntervalBytes) throws IOException {
        Segment s = new Segment(dir, baseOffset, indexIntervalBytes);
        s.channel.truncate(0);
        return s;
    }

    /**
     * Opens an existing segment. A sealed one with an intact index is trusted as far as the index
     * says; anything else is scanned record by record and cut at the first torn or corrupt record.
     */
    static Segment open(Path dir, long baseOffset, int indexIntervalBytes, boolean last) throws IOException {
        Segment s = new Segment(dir, baseOffset, indexIntervalBytes);
        SparseIndex.Loaded loaded = last ? null : SparseIndex.load(s.indexFile);
        if (loaded != null && loaded.footer().size() <= s.channel.size()) {
            s.index = loaded.index();
            SparseIndex.Footer f = loaded.footer();
            s.size = f.size();
            s.lastOffset = f.lastOffset();
            s.firstTimestamp = f.firstTimestamp();
            s.maxTimestamp = f.maxTimestamp();
            s.sealed = true;
            if (s.channel.size() > f.size()) {
                s.channel.truncate(f.size());
            }
        } else {
            Files.deleteIfExists(s.indexFile);
            s.recover();
        }
        return s;
    }

    /** Scans the whole file, rebuilding the index and truncating after the last valid record. */
    private void recover() throws IOException {
        long fileSize = channel.size();
        long good = 0;
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
        long expected = baseOffset;
        scan:
        while (good < fileSize) {
            buf.clear();
            readFully(buf, good);
            buf.flip();
            while (buf.remaining() >= RecordFormat.PREFIX) {
                int bodyLength = RecordFormat.bodyLength(buf);
                if (bodyLength < 0) {
                    break scan;
                }
                int frame = RecordFormat.PREFIX + bodyLength;
                if (buf.remaining() < frame) {
                    if (good + frame > fileSize) {
                        break scan; // torn: the file ends inside this record
                    }
                    if (frame > buf.capacity()) {
                        buf = ByteBuffer.allocate(frame);
                    }
                    continue scan; // re-read from this record's start
                }
                if (!RecordFormat.valid(buf, bodyLength) || RecordFormat.offset(buf) < expected) {
                    break scan;
                }
                long offset = RecordFormat.offset(buf);
                noteAppended(offset, RecordFormat.timestamp(buf), good, frame);
                expected = offset + 1;
                buf.position(buf.position() + frame);
                good += frame;
            }
            if (buf.remaining() > 0 && good + buf.remaining() >= fileSize) {
                break; // fewer than 8 bytes left in the file: a torn prefix
            }
        }
        if (good < fileSize) {
            LOG.warn(
                    "Truncating {} at byte {} of {}: torn or corrupt record after offset {}",
                    file,
                    good,
                    fileSize,
                    lastOffset);
            channel.truncate(good);
            channel.force(true);
        }
        size = good;
    }

    private void noteAppended(long offset, long timestamp, long position, int frame) {
        noteIndexOnly(offset, position, timestamp, frame);
        if (firstTimestamp < 0) {
            firstTimestamp = timestamp;
        }
        maxTimestamp = timestamp;
        lastOffset = offset;
    }

    /** Appends records with offsets {@code firstOffset...}, all stamped {@code timestamp}. */
    void append(long firstOffset, long timestamp, List<byte[][]> keyValues) throws IOException {
        int total = 0;
        for (byte[][] kv : keyValues) {
            total += RecordFormat.frameSize(kv[0], kv[1]);
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        long position = size;
        long offset = firstOffset;
        for (byte[][] kv : keyValues) {
            int start = buf.position();
            RecordFormat.write(buf, offset, timestamp, kv[0], kv[1]);
            // the index entry is noted before the bytes land, but readers only see entries below size
            noteIndexOnly(offset, position + start, timestamp, buf.position() - start);
            offset++;
        }
        buf.flip();
        while (buf.hasRemaining()) {
            position += channel.write(buf, position);
        }
        if (firstTimestamp < 0) {
            firstTimestamp = timestamp;
        }
        maxTimestamp = timestamp;
        lastOffset = offset - 1;
        size = position;
    }

    private void noteIndexOnly(long offset, long position, long timestamp, int frame) {
        if (index.size() == 0 || bytesSinceIndexed >= indexIntervalBytes) {
            index.add(offset, position, timestamp);
            bytesSinceIndexed = 0;
        }
        bytesSinceIndexed += frame;
    }

    /**
     * Reads records with offsets {@code >= fromOffset} and {@code < endOffset}, adding them to
     * {@code out} until {@code maxCount} records or {@code maxBytes} payload bytes (at least one
     * record if {@code out} is empty).
     *
     * @return the payload bytes added
     */
    long read(long fromOffset, long endOffset, int maxCount, long maxBytes, List<LogRecord> out) throws IOException {
        long[] bytes = {0};
        scan(index.positionForOffset(fromOffset), (buf, bodyLength) -> {
            long offset = RecordFormat.offset(buf);
            if (offset >= endOffset || out.size() >= maxCount) {
                return false;
            }
            if (offset >= fromOffset) {
                int payload = bodyLength - RecordFormat.BODY_FIXED;
                if (!out.isEmpty() && bytes[0] + payload > maxBytes) {
                    return false;
                }
                out.add(RecordFormat.read(buf, bodyLength));
                bytes[0] += payload;
            }
            return true;
        });
        return bytes[0];
    }

    /** First offset below {@code endOffset} whose timestamp is {@code >= timestamp}, or -1. */
    long offsetForTime(long timestamp, long endOffset) throws IOException {
        long[] found = {-1};
        scan(index.positionBeforeTime(timestamp), (buf, bodyLength) -> {
            long offset = RecordFormat.offset(buf);
            if (offset >= endOffset) {
                return false;
            }
            if (RecordFormat.timestamp(buf) >= timestamp) {
                found[0] = offset;
                return false;
            }
            return true;
        });
        return found[0];
    }

    /** Sees each whole frame from {@code position} up to the published size; false stops the scan. */
    private interface FrameVisitor {
        boolean visit(ByteBuffer frameAtPosition, int bodyLength);
    }

    private void scan(long position, FrameVisitor visitor) throws IOException {
        long limit = size;
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
        while (position < limit) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), limit - position));
            readFully(buf, position);
            buf.flip();
            int consumed = 0;
            while (buf.remaining() >= RecordFormat.PREFIX) {
                int bodyLength = buf.getInt(buf.position());
                int frame = RecordFormat.PREFIX + bodyLength;
                if (buf.remaining() < frame) {
                    break;
                }
                int start = buf.position();
                if (!visitor.visit(buf, bodyLength)) {
                    return;
                }
                buf.position(start + frame);
                consumed = buf.position();
            }
            if (consumed == 0) {
                // the next frame is larger than the buffer: grow it to hold exactly that frame
                buf = ByteBuffer.allocate(RecordFormat.PREFIX + buf.getInt(0));
                continue;
            }
            position += consumed;
        }
    }

    private void readFully(ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
    }

    /** Forces appended bytes to disk (data only: the file's length is covered by fdatasync too). */
    void force() throws IOException {
        channel.force(false);
    }

    /** Makes the segment read-only: forces it and writes its index durably, so reopening needs no scan. */
    void seal() throws IOException {
        if (sealed) {
            return;
        }
        channel.force(true);
        byte[] bytes = index.serialize(new SparseIndex.Footer(lastOffset, firstTimestamp, maxTimestamp, size));
        AtomicFile.write(indexFile, bytes, true);
        sealed = true;
    }

    void close() throws IOException {
        channel.close();
    }

    void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(indexFile);
        Files.deleteIfExists(file);
    }

    long baseOffset() {
        return baseOffset;
    }

    long size() {
        return size;
    }

    boolean isEmpty() {
        return lastOffset < baseOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    long firstTimestamp() {
        return firstTimestamp;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    Path file() {
        return file;
    }
}
