package dev.ocistreaming.local.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.LongSupplier;

/**
 * The read side of a {@link PartitionLog}: records and stored batches from its segments, up to the first offset
 * readers may not see yet. Reads take no lock: the segments are in a concurrent map, and a segment that retention
 * deletes under a read ends that read as trimmed.
 */
final class LogReads {

    private final NavigableMap<Long, Segment> segments;
    private final LongSupplier visibleNext;

    /**
     * @param segments the log's segments by base offset (a concurrent map the log keeps)
     * @param visibleNext the first offset readers may not see yet
     */
    LogReads(NavigableMap<Long, Segment> segments, LongSupplier visibleNext) {
        this.segments = segments;
        this.visibleNext = visibleNext;
    }

    /** As {@link PartitionLog#read}. */
    List<LogRecord> read(long fromOffset, int maxCount, long maxBytes) throws OffsetTrimmedException {
        long end = readableEnd(fromOffset);
        if (fromOffset >= end) {
            return new ArrayList<>();
        }
        // sized for what it can hold (growing a list of 10 000 records showed in GetMessages' profile), but never
        // more than a GetMessages may ask for: the byte budget, not the count, bounds most reads
        List<LogRecord> out = new ArrayList<>((int) Math.min(Math.min(maxCount, end - fromOffset), 10_000));
        RecordCollector records = new RecordCollector(fromOffset, end, maxCount, maxBytes, out);
        readSegments(fromOffset, s -> {
            if (records.full() || s.baseOffset() >= end) {
                return false;
            }
            s.read(records);
            return true;
        });
        return out;
    }

    /** As {@link PartitionLog#readBatches}. */
    PartitionLog.Batches readBatches(long fromOffset, long maxBytes) throws OffsetTrimmedException {
        long end = readableEnd(fromOffset);
        if (fromOffset >= end) {
            return new PartitionLog.Batches(ByteBuffer.allocate(0), 0);
        }
        long expected = 0;
        for (Segment s : segmentsFrom(fromOffset)) {
            expected += expected == 0 ? s.bytesFrom(fromOffset) : s.size();
        }
        BatchCopy batches = new BatchCopy(fromOffset, end, maxBytes, expected);
        readSegments(fromOffset, s -> {
            if (s.baseOffset() >= end || !batches.wantsMore()) {
                return false;
            }
            s.copy(batches);
            return true;
        });
        return batches.result();
    }

    /** Where what readers see ends, once {@code fromOffset} is known to be still stored. */
    private long readableEnd(long fromOffset) throws OffsetTrimmedException {
        long end = visibleNext.getAsLong(); // read first: a trim horizon read after it can only be later
        long th = trimHorizon();
        if (fromOffset < th) {
            throw new OffsetTrimmedException(fromOffset, th);
        }
        return end;
    }

    /** Reads one segment; false when the read needs no further segment. */
    private interface SegmentRead {
        boolean read(Segment s) throws IOException;
    }

    /** Reads the segments from the one that may hold {@code fromOffset} on, until {@code read} has enough. */
    private void readSegments(long fromOffset, SegmentRead read) throws OffsetTrimmedException {
        try {
            for (Segment s : segmentsFrom(fromOffset)) {
                if (!read.read(s)) {
                    return;
                }
            }
        } catch (ClosedChannelException e) {
            // retention deleted the segment under us
            throw new OffsetTrimmedException(fromOffset, trimHorizon());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The segments that may hold {@code fromOffset} and what follows it. */
    private Collection<Segment> segmentsFrom(long fromOffset) {
        Map.Entry<Long, Segment> floor = segments.floorEntry(fromOffset);
        return segments.tailMap(floor == null ? fromOffset : floor.getKey(), true)
                .values();
    }

    /** As {@link PartitionLog#offsetForTime}. */
    long offsetForTime(long epochMs) {
        long end = visibleNext.getAsLong();
        try {
            for (Segment s : segments.values()) {
                if (s.isEmpty() || s.maxTimestamp() < epochMs) {
                    continue;
                }
                long found = s.offsetForTime(epochMs, end);
                if (found >= 0) {
                    return found;
                }
            }
        } catch (ClosedChannelException e) {
            return offsetForTime(epochMs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return end;
    }

    /** As {@link PartitionLog#trimHorizon}. */
    long trimHorizon() {
        Map.Entry<Long, Segment> first = segments.firstEntry();
        return first == null ? visibleNext.getAsLong() : first.getKey();
    }
}
