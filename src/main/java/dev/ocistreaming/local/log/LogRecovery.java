package dev.ocistreaming.local.log;

import dev.ocistreaming.local.AtomicFile;
import dev.ocistreaming.local.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opening a partition's directory: its segments (each cutting a torn or damaged tail), and where offsets continue.
 * That is after the last record found, unless the stored offset ceiling says acknowledged records may be missing; then
 * after the ceiling, with the gap reported, so that no offset is ever given out twice.
 */
final class LogRecovery {

    /**
     * What recovery found: the segments in offset order (at least one; the last is the active one), the ceiling file
     * to keep, the next offset, and the newest timestamp.
     */
    record Recovered(List<Segment> segments, OffsetCeiling ceiling, long next, long maxTimestamp) {}

    private LogRecovery() {}

    static Recovered recover(Path dir, LogSettings settings, DamageReport damage) throws IOException {
        List<Segment> segments = openSegments(dir, settings, damage);
        OffsetCeiling.Stored stored = OffsetCeiling.read(dir);
        if (segments.isEmpty()) {
            long base = stored == null ? 0 : stored.ceiling();
            segments.add(Segment.create(dir, base, settings.indexIntervalBytes(), damage));
            AtomicFile.syncDirectory(dir);
        }
        Segment active = segments.get(segments.size() - 1);
        long next = active.baseOffset();
        long maxTimestamp = 0;
        for (Segment s : segments) {
            if (!s.isEmpty()) {
                next = s.lastOffset() + 1;
                maxTimestamp = Math.max(maxTimestamp, s.maxTimestamp());
            }
        }
        if (stored == null && OffsetCeiling.exists(dir)) { // there, but it failed its checks
            damage.damagedCeiling(dir.resolve(OffsetCeiling.FILE));
            stored = OffsetCeiling.assumedAfterDamage(next, active.cutBytes());
        }
        next = Math.max(next, afterGap(next, stored, active, settings, damage));
        OffsetCeiling ceiling = OffsetCeiling.startingAt(dir, stored == null ? next : Math.max(next, stored.ceiling()));
        return new Recovered(segments, ceiling, next, maxTimestamp);
    }

    /** The directory's segments in offset order, leftover temporary files deleted. */
    private static List<Segment> openSegments(Path dir, LogSettings settings, DamageReport damage) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                } else if (name.matches("\\d{20}\\.log")) {
                    bases.add(Long.parseLong(name.substring(0, 20)));
                }
            }
        }
        bases.sort(Comparator.naturalOrder());
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            boolean last = i == bases.size() - 1;
            long maxOffset = last ? Long.MAX_VALUE - 1 : bases.get(i + 1) - 1;
            segments.add(Segment.open(dir, bases.get(i), settings.indexIntervalBytes(), last, maxOffset, damage));
        }
        return segments;
    }

    /**
     * Where numbering continues when the stored ceiling is above what recovery found: after the
     * ceiling if acknowledged records may be missing (recovery cut damaged records, or the server
     * stopped without closing under a policy that acknowledges before the disk has the records, or
     * it closed cleanly yet records are gone); otherwise where the records end (a process crash
     * under {@code always} loses only a torn, never acknowledged record).
     */
    private static long afterGap(
            long next, OffsetCeiling.Stored stored, Segment active, LogSettings settings, DamageReport damage) {
        if (stored == null || stored.ceiling() <= next) {
            return next;
        }
        String reason;
        if (active.recoveredTail() == Segment.Tail.DAMAGED) {
            reason = "damaged records at the end of the active segment were cut";
        } else if (stored.clean()) { // a damaged file is never taken for clean
            reason = "records the server had before its last clean stop are missing";
        } else if (settings.fsyncPolicy() != FsyncPolicy.ALWAYS) {
            reason = (stored.assumed()
                            ? "the ceiling file is damaged, so the server may have stopped"
                            : "the server stopped")
                    + " without closing under fsync="
                    + settings.fsyncPolicy().name().toLowerCase()
                    + ", so acknowledged messages since the last fsync may be gone";
        } else {
            return next;
        }
        damage.offsetGap(next, stored.ceiling() - 1, reason);
        return stored.ceiling();
    }
}
