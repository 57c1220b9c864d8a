package dev.ocistreaming.local.log;

import dev.ocistreaming.local.AtomicFile;
import dev.ocistreaming.local.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only log of one partition: a directory of segments named by their 20-digit base
 * offset. Offsets are dense from 0; timestamps never decrease. One writer at a time (a lock held
 * only while bytes are written); readers take no lock and see offsets below {@link #nextOffset()}.
 *
 * <p>Under {@link FsyncPolicy#ALWAYS} a record becomes visible only once it is on disk, so no
 * consumer ever sees a message a power loss could take back.
 */
public final class PartitionLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final Path dir;
    private final LogSettings settings;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object syncLock = new Object();
    private volatile Segment active;
    /** First offset not yet written (guarded by writeLock for writes). */
    private volatile long appendedNext;
    /** First offset not yet known to be on disk. */
    private volatile long syncedNext;
    /** First offset readers may not see yet. */
    private volatile long visibleNext;

    private long lastTimestamp;
    private volatile boolean closed;

    private PartitionLog(Path dir, LogSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** Opens (recovering a torn tail) or creates the log in {@code dir}. */
    public static PartitionLog open(Path dir, LogSettings settings) throws IOException {
        Files.createDirectories(dir);
        PartitionLog log = new PartitionLog(dir, settings);
        log.load();
        return log;
    }

    private void load() throws IOException {
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
        for (int i = 0; i < bases.size(); i++) {
            Segment s = Segment.open(dir, bases.get(i), settings.indexIntervalBytes(), i == bases.size() - 1);
            segments.put(s.baseOffset(), s);
        }
        if (segments.isEmpty()) {
            Segment s = Segment.create(dir, 0, settings.indexIntervalBytes());
            segments.put(0L, s);
            AtomicFile.syncDirectory(dir);
        }
        active = segments.lastEntry().getValue();
        long next = active.baseOffset();
        long maxTs = 0;
        for (Segment s : segments.values()) {
            if (!s.isEmpty()) {
                next = s.lastOffset() + 1;
                maxTs = Math.max(maxTs, s.maxTimestamp());
            }
        }
        appendedNext = Math.max(next, active.baseOffset());
        syncedNext = appendedNext;
        visibleNext = appendedNext;
        lastTimestamp = maxTs;
    }

    /** Offsets and timestamp given to one appended batch. */
    public record Appended(long firstOffset, long timestamp) {}

    /**
     * Appends records (each {@code {key, value}}, key may be null) with consecutive offsets and one
     * timestamp. Under {@link FsyncPolicy#ALWAYS} call {@link #awaitDurable} before acknowledging.
     */
    public Appended append(List<byte[][]> keyValues) throws IOException {
        writeLock.lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            long now = settings.clock().millis();
            long timestamp = Math.max(now, lastTimestamp);
            rollIfNeeded(now, keyValues);
            long first = appendedNext;
            active.append(first, timestamp, keyValues);
            lastTimestamp = timestamp;
            appendedNext = first + keyValues.size();
            if (settings.fsyncPolicy() != FsyncPolicy.ALWAYS) {
                visibleNext = appendedNext;
            }
            return new Appended(first, timestamp);
        } finally {
            writeLock.unlock();
        }
    }

    private void rollIfNeeded(long now, List<byte[][]> keyValues) throws IOException {
        Segment s = active;
        if (s.isEmpty()) {
            return;
        }
        long incoming = 0;
        for (byte[][] kv : keyValues) {
            incoming += RecordFormat.frameSize(kv[0], kv[1]);
        }
        boolean full = s.size() + incoming > settings.segmentBytes();
        boolean old = now - s.firstTimestamp() >= settings.segmentMaxAgeMs();
        if (full || old) {
            roll();
        }
    }

    /** Seals the active segment and starts a new one at the next offset (caller holds writeLock). */
    private void roll() throws IOException {
        active.seal();
        Segment next = Segment.create(dir, appendedNext, settings.indexIntervalBytes());
        AtomicFile.syncDirectory(dir);
        segments.put(next.baseOffset(), next);
        active = next;
        LOG.debug("Rolled {} at offset {}", dir, appendedNext);
    }

    /**
     * Returns once every offset below {@code next} is on disk. Concurrent callers share one fsync:
     * whoever gets the lock forces everything written so far, and the others find their offsets
     * already covered.
     */
    public void awaitDurable(long next) throws IOException {
        if (syncedNext >= next) {
            return;
        }
        synchronized (syncLock) {
            if (syncedNext >= next) {
                return;
            }
            forceAll();
        }
    }

    /** Forces what was appended so far, if anything (the {@code interval} policy's tick). */
    public void flush() throws IOException {
        if (syncedNext < appendedNext) {
            synchronized (syncLock) {
                forceAll();
            }
        }
    }

    private void forceAll() throws IOException {
        long target;
        Segment segment;
        writeLock.lock();
        try {
            target = appendedNext;
            segment = active;
        } finally {
            writeLock.unlock();
        }
        // Segments before `segment` were forced when they were sealed.
        segment.force();
        syncedNext = target;
        if (target > visibleNext) {
            visibleNext = target;
        }
    }

    /**
     * Reads from {@code fromOffset} up to {@code maxCount} records and about {@code maxBytes} of key
     * and value bytes (always at least one record when one is available).
     */
    public List<LogRecord> read(long fromOffset, int maxCount, long maxBytes) throws OffsetTrimmedException {
        long end = visibleNext;
        List<LogRecord> out = new ArrayList<>();
        long th = trimHorizon();
        if (fromOffset < th) {
            throw new OffsetTrimmedException(fromOffset, th);
        }
        if (fromOffset >= end) {
            return out;
        }
        Map.Entry<Long, Segment> floor = segments.floorEntry(fromOffset);
        long budget = maxBytes;
        try {
            for (Segment s : segments.tailMap(floor == null ? fromOffset : floor.getKey(), true)
                    .values()) {
                if (out.size() >= maxCount || budget <= 0 || s.baseOffset() >= end) {
                    break;
                }
                budget -= s.read(fromOffset, end, maxCount, budget, out);
            }
        } catch (ClosedChannelException e) {
            // retention deleted the segment under us
            throw new OffsetTrimmedException(fromOffset, trimHorizon());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The first visible offset whose timestamp is at least {@code epochMs}, or {@link #nextOffset()}. */
    public long offsetForTime(long epochMs) {
        long end = visibleNext;
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

    /** The oldest offset still stored (equal to {@link #nextOffset()} when the log holds nothing). */
    public long trimHorizon() {
        Map.Entry<Long, Segment> first = segments.firstEntry();
        return first == null ? visibleNext : first.getKey();
    }

    /** The offset the next visible message will get: readers see offsets below it. */
    public long nextOffset() {
        return visibleNext;
    }

    /**
     * Deletes segments whose newest record is older than {@code cutoffEpochMs}, rolling the active
     * segment first if all of it has expired, so offsets keep counting from where they were.
     *
     * @return how many segments were deleted
     */
    public int deleteOlderThan(long cutoffEpochMs) throws IOException {
        writeLock.lock();
        try {
            if (closed) {
                return 0;
            }
            Segment a = active;
            if (!a.isEmpty() && a.maxTimestamp() < cutoffEpochMs) {
                roll();
                markAllDurable();
            }
            int deleted = 0;
            for (Segment s : new ArrayList<>(segments.values())) {
                if (s == active || (!s.isEmpty() && s.maxTimestamp() >= cutoffEpochMs)) {
                    break;
                }
                segments.remove(s.baseOffset());
                s.delete();
                deleted++;
            }
            if (deleted > 0) {
                AtomicFile.syncDirectory(dir);
                LOG.debug("Retention deleted {} segment(s) of {}; trim horizon now {}", deleted, dir, trimHorizon());
            }
            return deleted;
        } finally {
            writeLock.unlock();
        }
    }

    /** After a roll everything appended is on disk (sealing forced it): publish it as durable and visible. */
    private void markAllDurable() {
        syncedNext = appendedNext;
        visibleNext = appendedNext;
    }

    /** Bytes of segment files, record framing included (the console's per-partition size). */
    public long sizeBytes() {
        long total = 0;
        for (Segment s : segments.values()) {
            total += s.size();
        }
        return total;
    }

    /** How many segment files the log has (for tests and diagnostics). */
    public int segmentCount() {
        return segments.size();
    }

    public Path directory() {
        return dir;
    }

    /** Forces and closes every segment. Idempotent. */
    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            active.force();
            for (Segment s : segments.values()) {
                s.close();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes the log and deletes its directory. */
    public void deleteAll() throws IOException {
        close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
