package dev.ocistreaming.local.log;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The damage found in one partition's files since the server started: each damaged range is
 * reported once, as a WARN naming the stream, partition, file, bytes and offsets, and counted for
 * the console.
 */
public final class DamageReport {

    private static final Logger LOG = LoggerFactory.getLogger(DamageReport.class);

    /**
     * What the console shows: damaged byte ranges skipped, and offsets that hold no message because
     * of damage (records in damaged bytes, or numbers skipped so that none is given out twice).
     */
    public record Counts(long damagedRanges, long lostOffsets) {
        public static final Counts NONE = new Counts(0, 0);
    }

    private final String partition;
    private final AtomicLong damagedRanges = new AtomicLong();
    private final AtomicLong lostOffsets = new AtomicLong();

    /** @param partition how log lines name the partition, e.g. "stream ocid... partition 0" */
    DamageReport(String partition) {
        this.partition = partition;
    }

    String partition() {
        return partition;
    }

    /** Damaged bytes {@code [from, to)} of {@code file}, holding offsets {@code first..last} (none if first > last). */
    void damagedRange(Path file, long from, long to, long first, long last, String consequence) {
        damagedRanges.incrementAndGet();
        long lost = Math.max(0, last - first + 1);
        lostOffsets.addAndGet(lost);
        LOG.warn(
                "Damaged data in {}: bytes {}..{} of {} fail their checks ({}); {}",
                partition,
                from,
                to,
                file.getFileName(),
                lost == 0 ? "no offset lost" : "offsets " + first + ".." + last + " lost",
                consequence);
    }

    /** Damaged bytes {@code [from, to)} at the end of the active segment, after offset {@code after}: cut at start. */
    void damagedTail(Path file, long from, long to, long after) {
        damagedRanges.incrementAndGet();
        LOG.warn(
                "Damaged data in {}: bytes {}..{} of {}, after offset {}, fail their checks; they are cut",
                partition,
                from,
                to,
                file.getFileName(),
                after);
    }

    /** The file bounding the offsets handed out fails its checks: numbering continues past an assumed bound. */
    void damagedCeiling(Path file) {
        damagedRanges.incrementAndGet();
        LOG.warn(
                "Damaged data in {}: {} fails its checks; the highest offset handed out is unknown and is assumed"
                        + " from the records found",
                partition,
                file.getFileName());
    }

    /** Offsets {@code first..last} skipped at recovery so that no offset is handed out twice. */
    void offsetGap(long first, long last, String reason) {
        lostOffsets.addAndGet(last - first + 1);
        LOG.warn(
                "{}: offsets {}..{} will hold no message ({}); numbering continues at {}",
                partition,
                first,
                last,
                reason,
                last + 1);
    }

    public Counts counts() {
        return new Counts(damagedRanges.get(), lostOffsets.get());
    }
}
