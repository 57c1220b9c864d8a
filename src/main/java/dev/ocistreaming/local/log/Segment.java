package dev.ocistreaming.local.log;

import dev.ocistreaming.local.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment file of a partition: records with increasing offsets from {@link #baseOffset}, plus its
 * sparse index. One writer appends (under the partition's lock); readers use positional reads up to
 * the published {@link #size} and never take a lock.
 *
 * <p>Every path that reads records checks each frame ({@link FrameReader}). Damaged bytes are never
 * returned: reading skips to the next valid frame, and each damaged range is reported once and
 * remembered, so later reads jump over it without searching again.
 */
final class Segment {

    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);

    private final Path file;
    private final Path indexFile;
    private final long baseOffset;
    private final int indexIntervalBytes;
    private final FileChannel channel;
    private final DamageReport damageReport;
    private final DamagedRanges damage;

    private SparseIndex index;
    /** Bytes of whole records readers may see. */
    private volatile long size;

    private volatile long lastOffset;
    private volatile long firstTimestamp = -1;
    private volatile long maxTimestamp = -1;
    private long bytesSinceIndexed;
    private volatile boolean sealed;

    /** What {@link #recover} found at the end of the file. */
    enum Tail {
        CLEAN,
        /** The last append was being written when the process stopped: never acknowledged. */
        TORN,
        /** Whole frames at the end fail their checks: they may have been acknowledged. */
        DAMAGED
    }

    private Tail recoveredTail = Tail.CLEAN;
    /** Bytes recovery cut from the end of this (the active) segment. */
    private long cutBytes;
    /** While the file is scanned at open: damage reaching the end is judged by {@link #recover}. */
    private boolean recovering;

    /** The writer's state at a point in time, to undo an append that failed. */
    record Mark(long size, long lastOffset, long firstTimestamp, long maxTimestamp, int indexSize, long sinceIndexed) {}

    private Segment(Path dir, long baseOffset, int indexIntervalBytes, DamageReport damageReport) throws IOException {
        this.file = dir.resolve(name(baseOffset, ".log"));
        this.indexFile = dir.resolve(name(baseOffset, ".index"));
        this.baseOffset = baseOffset;
        this.indexIntervalBytes = indexIntervalBytes;
        this.damageReport = damageReport;
        this.damage = new DamagedRanges(file, damageReport);
        this.channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.index = new SparseIndex();
        this.lastOffset = baseOffset - 1;
    }

    static String name(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    /** Creates a new, empty segment file. */
    static Segment create(Path dir, long baseOffset, int indexIntervalBytes, DamageReport damageReport)
            throws IOException {
        Segment s = new Segment(dir, baseOffset, indexIntervalBytes, damageReport);
        s.channel.truncate(0);
        return s;
    }

    /**
     * Opens an existing segment. A sealed one with an intact index is trusted as far as the index
     * says (its records are still checked on every read); anything else is scanned frame by frame.
     * Damage in the middle is skipped and reported; the last segment is cut where its valid records
     * end.
     *
     * @param maxOffset the highest offset the segment can hold (the next segment's base - 1)
     */
    static Segment open(Path dir, long baseOffset, int indexIntervalBytes, boolean last, long maxOffset, DamageReport r)
            throws IOException {
        Segment s = new Segment(dir, baseOffset, indexIntervalBytes, r);
        long fileSize = s.channel.size();
        SparseIndex.Loaded loaded = last ? null : SparseIndex.load(s.indexFile, baseOffset, fileSize);
        if (loaded != null
                && loaded.footer().size() <= fileSize
                && loaded.footer().lastOffset() <= maxOffset) {
            s.index = loaded.index();
            SparseIndex.Footer f = loaded.footer();
            s.size = f.size();
            s.lastOffset = f.lastOffset();
            s.firstTimestamp = f.firstTimestamp();
            s.maxTimestamp = f.maxTimestamp();
            s.sealed = true;
            if (fileSize > f.size()) {
                s.channel.truncate(f.size());
            }
        } else {
            if (!last && Files.exists(s.indexFile)) {
                LOG.warn("{}: index {} is unreadable; rebuilding it from the segment", r.partition(), s.indexFile);
            }
            Files.deleteIfExists(s.indexFile);
            s.recover(last, maxOffset);
        }
        return s;
    }

    /**
     * Scans the whole file, rebuilding the index. The last segment is truncated after its last valid
     * frame; an earlier one keeps its bytes (damage is skipped when read) and gets a fresh index.
     */
    private void recover(boolean last, long maxOffset) throws IOException {
        long fileSize = channel.size();
        size = fileSize; // lets the scan see the whole file; nothing reads this segment yet
        lastOffset = maxOffset;
        long[] end = {0};
        long[] previous = {baseOffset - 1};
        index = new SparseIndex();
        recovering = true;
        scan(0, baseOffset, new FrameReader(channel, fileSize), (buf, position, frame) -> {
            long timestamp = Frames.timestamp(buf);
            noteIndex(Frames.firstOffset(buf), position, timestamp, frame);
            if (firstTimestamp < 0) {
                firstTimestamp = timestamp;
            }
            maxTimestamp = timestamp;
            previous[0] = Frames.lastOffset(buf);
            end[0] = position + frame;
            return true;
        });
        recovering = false;
        lastOffset = previous[0];
        if (end[0] == fileSize) {
            return;
        }
        if (!last) {
            // a sealed segment: keep its bytes, skip the damaged tail when read, and index it again
            lastOffset = Math.max(previous[0], maxOffset);
            damage.rememberTail(end[0], fileSize);
            damageReport.damagedRange(
                    file, end[0], fileSize, previous[0] + 1, maxOffset, "nothing valid follows in this segment");
            try {
                seal();
            } catch (IOException e) {
                LOG.warn("{}: could not rewrite the index of {}: {}", damageReport.partition(), file, e.toString());
            }
            return;
        }
        boolean torn = new FrameReader(channel, fileSize).endsInsideFrame(end[0]);
        recoveredTail = torn ? Tail.TORN : Tail.DAMAGED;
        if (torn) {
            LOG.warn(
                    "{}: truncating {} at byte {} of {}: the append after offset {} was being written when the"
                            + " server stopped (never acknowledged)",
                    damageReport.partition(),
                    file.getFileName(),
                    end[0],
                    fileSize,
                    previous[0]);
        } else {
            damageReport.damagedTail(file, end[0], fileSize, previous[0]);
        }
        size = end[0];
        cutBytes = fileSize - end[0];
        channel.truncate(end[0]);
        channel.force(true);
    }

    Tail recoveredTail() {
        return recoveredTail;
    }

    long cutBytes() {
        return cutBytes;
    }

    private void noteIndex(long offset, long position, long timestamp, int frame) {
        if (index.size() == 0 || bytesSinceIndexed >= indexIntervalBytes) {
            index.add(offset, position, timestamp);
            bytesSinceIndexed = 0;
        }
        bytesSinceIndexed += frame;
    }

    /**
     * Appends one frame ({@link BatchFrame#encode}) holding offsets {@code firstOffset..lastOffset}, stamped
     * {@code timestamp}. If the write fails part-way (no space, I/O error) the file is cut back to where it was
     * and nothing of it stays: not in the file, not in the index, not in what readers see.
     */
    void append(ByteBuffer frame, long firstOffset, long lastOffset, long timestamp) throws IOException {
        int length = frame.remaining();
        Mark before = mark();
        long position = before.size();
        try {
            while (frame.hasRemaining()) {
                position += channel.write(frame, position);
            }
        } catch (IOException e) {
            rollback(before);
            throw e;
        }
        noteIndex(firstOffset, before.size(), timestamp, length);
        if (firstTimestamp < 0) {
            firstTimestamp = timestamp;
        }
        maxTimestamp = timestamp;
        this.lastOffset = lastOffset;
        size = position;
    }

    /** The writer's state now (caller holds the partition's write lock). */
    Mark mark() {
        return new Mark(size, lastOffset, firstTimestamp, maxTimestamp, index.size(), bytesSinceIndexed);
    }

    /** Undoes every append after {@code mark}: readers stop seeing them first, then the file is cut. */
    void rollback(Mark mark) {
        size = mark.size();
        lastOffset = mark.lastOffset();
        firstTimestamp = mark.firstTimestamp();
        maxTimestamp = mark.maxTimestamp();
        index.truncate(mark.indexSize());
        bytesSinceIndexed = mark.sinceIndexed();
        try {
            channel.truncate(mark.size());
        } catch (IOException e) {
            // the next append overwrites from mark.size(); a restart cuts the stale bytes as a torn tail
            LOG.warn("{}: could not cut {} back to {} bytes: {}", damageReport.partition(), file, mark.size(), e);
        }
    }

    /** Gives {@code records} the records from its first offset on, until it is full or the segment ends. */
    void read(RecordCollector records) throws IOException {
        visit(index.floorByOffset(records.fromOffset()), (buf, position, frame) -> {
            if (Frames.firstOffset(buf) >= records.endOffset() || records.full()) {
                return false;
            }
            return Frames.lastOffset(buf) < records.fromOffset()
                    || Frames.decode(buf, frame, records.fromOffset(), records);
        });
    }

    /** Gives {@code batches} the frames from the one holding its first offset on, until it wants no more. */
    void copy(BatchCopy batches) throws IOException {
        visit(index.floorByOffset(batches.fromOffset()), (buf, position, frame) -> batches.take(buf, frame));
    }

    /** Bytes from the indexed frame at or before {@code offset} to the end: the most a read from there can find. */
    long bytesFrom(long offset) {
        SparseIndex.Entry start = index.floorByOffset(offset);
        return size - (start == null ? 0 : start.position());
    }

    /** First offset below {@code endOffset} whose timestamp is {@code >= timestamp}, or -1. */
    long offsetForTime(long timestamp, long endOffset) throws IOException {
        long[] found = {-1};
        visit(index.floorBeforeTime(timestamp), (buf, position, frame) -> {
            long offset = Frames.firstOffset(buf);
            if (offset >= endOffset) {
                return false;
            }
            if (Frames.timestamp(buf) >= timestamp) {
                found[0] = offset;
                return false;
            }
            return true;
        });
        return found[0];
    }

    /** Checks every frame of the segment (a scrub): damage is reported like on any read. */
    void verify() throws IOException {
        visit(null, (buf, position, frame) -> true);
    }

    /** Sees each valid frame; false stops the scan. The buffer is positioned at the frame's start. */
    private interface FrameVisitor {
        boolean visit(ByteBuffer frameAtPosition, long position, int frame) throws IOException;
    }

    private void visit(SparseIndex.Entry start, FrameVisitor visitor) throws IOException {
        long limit = size; // read before lastOffset: the writer publishes lastOffset first
        FrameReader reader = new FrameReader(channel, limit);
        if (start == null) {
            scan(0, baseOffset, reader, visitor);
        } else {
            scan(start.position(), start.offset(), reader, visitor);
        }
    }

    /**
     * Visits the valid frames from {@code position}, where a frame with offset {@code expected} or
     * later starts, skipping damaged ranges (found, reported and remembered the first time).
     */
    private void scan(long position, long expected, FrameReader reader, FrameVisitor visitor) throws IOException {
        long limit = reader.limit();
        long atMost = lastOffset;
        long previous = expected - 1;
        while (position < limit) {
            int frame = reader.frameAt(position, previous, atMost);
            if (frame > 0) {
                ByteBuffer buf = reader.frame();
                long offset = Frames.lastOffset(buf);
                if (!visitor.visit(buf, position, frame)) {
                    return;
                }
                previous = offset;
                position += frame;
                continue;
            }
            if (size < limit) {
                return; // an append was undone under us: what follows was never visible
            }
            DamagedRanges.Range d = recovering
                    ? damage.locate(position, previous, atMost, reader, false)
                    : damage.skip(position, previous, atMost, reader);
            if (d.resume() < 0) {
                return;
            }
            position = d.resume();
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
