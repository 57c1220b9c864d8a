package dev.ocistreaming.local.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The damaged byte ranges found so far in one segment file, by the position where each starts.
 * Found once (by searching for the next valid frame), reported once, then remembered, so later
 * reads jump over a range without searching again.
 */
final class DamagedRanges {

    /**
     * Bytes {@code [from, resume)} fail their checks; {@code resume} is -1 when nothing valid follows
     * below {@code scannedTo} (in the active segment, later appends may still follow).
     */
    record Range(long from, long resume, long scannedTo) {}

    private final Path file;
    private final DamageReport report;
    private final ConcurrentSkipListMap<Long, Range> ranges = new ConcurrentSkipListMap<>();

    DamagedRanges(Path file, DamageReport report) {
        this.file = file;
        this.report = report;
    }

    /** The damaged range the scan at {@code position} must skip: remembered, or found now and reported. */
    Range skip(long position, long previous, long atMost, FrameReader reader) throws IOException {
        Range known = covering(position, reader.limit());
        return known != null ? known : locate(position, previous, atMost, reader, true);
    }

    /**
     * Finds where valid frames resume after damage at {@code position}. A range that reaches the end
     * is only remembered and reported if {@code judgeTail} (at open, the caller judges the tail itself).
     */
    Range locate(long position, long previous, long atMost, FrameReader reader, boolean judgeTail) throws IOException {
        long resume = reader.resynchronise(position, previous, atMost);
        Range range = new Range(position, resume, reader.limit());
        if (resume < 0 && !judgeTail) {
            return range;
        }
        if (ranges.put(position, range) == null) {
            long next = resume < 0 ? atMost + 1 : offsetAt(reader, resume, previous, atMost);
            report.damagedRange(
                    file,
                    position,
                    resume < 0 ? reader.limit() : resume,
                    previous + 1,
                    next - 1,
                    resume < 0 ? "nothing valid follows in this segment" : "reading resumes after them");
        }
        return range;
    }

    /** Remembers that nothing valid follows {@code from} in a sealed segment of {@code size} bytes. */
    void rememberTail(long from, long size) {
        ranges.put(from, new Range(from, -1, size));
    }

    private Range covering(long position, long limit) {
        Map.Entry<Long, Range> e = ranges.floorEntry(position);
        if (e == null) {
            return null;
        }
        Range r = e.getValue();
        return (r.resume() >= 0 ? position < r.resume() : r.scannedTo() >= limit) ? r : null;
    }

    private static long offsetAt(FrameReader reader, long position, long previous, long atMost) throws IOException {
        reader.frameAt(position, previous, atMost);
        return Frames.firstOffset(reader.frame());
    }
}
