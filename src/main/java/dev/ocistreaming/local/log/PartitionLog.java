package dev.ocistreaming.local.log;

import dev.ocistreaming.local.AtomicFile;
import dev.ocistreaming.local.FsyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only log of one partition: a directory of segments named by their 20-digit base
 * offset. Offsets increase from 0 and are never given out twice; they are dense except where damage
 * left a reported gap. Timestamps never decrease. One writer at a time (a lock held only while bytes
 * are written); readers take no lock and see offsets below {@link #nextOffset()}.
 *
 * <p>Under {@link FsyncPolicy#ALWAYS} a record becomes visible only once it is on disk, so no
 * consumer ever sees a message a power loss could take back; {@link #append} returns only then.
 *
 * <p>A write that fails (no space, I/O error) leaves no trace: the segment, its index and this
 * object are put back as they were before it, so the next write lands at the next offset.
 */
public final class PartitionLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final Path dir;
    private final LogSettings settings;
    private final DamageReport damage;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final LogReads reads;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object syncLock = new Object();
    private OffsetCeiling ceiling;
    private volatile Segment active;
    /** First offset not yet written (guarded by writeLock for writes). */
    private volatile long appendedNext;
    /** First offset not yet known to be on disk. */
    private volatile long syncedNext;
    /** First offset readers may not see yet. */
    private volatile long visibleNext;
    /** The writer's state when everything was last known to be on disk (guarded by writeLock). */
    private DurablePoint durable;
    /** Bumped when appends are undone after a failed fsync, so their writers answer an error. */
    private volatile long undoCount;

    private long lastTimestamp;
    private volatile boolean closed;

    private record DurablePoint(Segment segment, Segment.Mark mark, long next) {}

    private PartitionLog(Path dir, LogSettings settings, String name) {
        this.dir = dir;
        this.settings = settings;
        this.damage = new DamageReport(name);
        this.reads = new LogReads(segments, () -> visibleNext);
    }

    /**
     * Encodes one batch, so that a missing kafka-clients (whose record batches are the log's format) fails a server's
     * start with {@link NoClassDefFoundError} naming the class, instead of its first write.
     */
    public static void checkFormat() {
        BatchFrame.encode(0, 0, List.of(new KeyValue(null, new byte[0])));
    }

    /** Opens (recovering a torn or damaged tail) or creates the log in {@code dir}. */
    public static PartitionLog open(Path dir, LogSettings settings) throws IOException {
        return open(dir, settings, dir.toString());
    }

    /** As {@link #open(Path, LogSettings)}; {@code name} is how log lines name the partition. */
    public static PartitionLog open(Path dir, LogSettings settings, String name) throws IOException {
        Files.createDirectories(dir);
        PartitionLog log = new PartitionLog(dir, settings, name);
        log.load();
        return log;
    }

    private void load() throws IOException {
        LogRecovery.Recovered recovered = LogRecovery.recover(dir, settings, damage);
        recovered.segments().forEach(s -> segments.put(s.baseOffset(), s));
        active = segments.lastEntry().getValue();
        ceiling = recovered.ceiling();
        long next = recovered.next();
        appendedNext = next;
        syncedNext = next;
        visibleNext = next;
        lastTimestamp = recovered.maxTimestamp();
        durable = new DurablePoint(active, active.mark(), next);
    }

    /** Offsets and timestamp given to one appended batch. */
    public record Appended(long firstOffset, long timestamp) {}

    /**
     * Appends records with consecutive offsets and one timestamp. Under {@link FsyncPolicy#ALWAYS}
     * returns once they are on disk. On failure nothing of the batch is stored or visible.
     */
    public Appended append(List<KeyValue> records) throws IOException {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        long first;
        long timestamp;
        long undos;
        writeLock.lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            long now = settings.clock().millis();
            timestamp = Math.max(now, lastTimestamp);
            first = appendedNext;
            ByteBuffer frame = BatchFrame.encode(first, timestamp, records);
            rollIfNeeded(now, frame.remaining());
            ceiling.cover(first + records.size());
            active.append(frame, first, first + records.size() - 1, timestamp);
            lastTimestamp = timestamp;
            appendedNext = first + records.size();
            if (settings.fsyncPolicy() != FsyncPolicy.ALWAYS) {
                visibleNext = appendedNext;
            }
            undos = undoCount;
        } finally {
            writeLock.unlock();
        }
        if (settings.fsyncPolicy() == FsyncPolicy.ALWAYS) {
            awaitDurable(first + records.size(), undos);
        }
        return new Appended(first, timestamp);
    }

    private void rollIfNeeded(long now, int incomingBytes) throws IOException {
        Segment s = active;
        if (s.isEmpty()) {
            return;
        }
        boolean full = s.size() + incomingBytes > settings.segmentBytes();
        boolean old = now - s.firstTimestamp() >= settings.segmentMaxAgeMs();
        if (full || old) {
            roll();
        }
    }

    /**
     * Seals the active segment and starts a new one at the next offset (caller holds writeLock). The
     * new file is created first, so a failure (no space) leaves the active segment as it was.
     */
    private void roll() throws IOException {
        Segment next = Segment.create(dir, appendedNext, settings.indexIntervalBytes(), damage);
        try {
            active.seal();
            AtomicFile.syncDirectory(dir);
        } catch (IOException e) {
            next.delete();
            throw e;
        }
        segments.put(next.baseOffset(), next);
        active = next;
        markAllDurable();
        LOG.debug("Rolled {} at offset {}", dir, appendedNext);
    }

    /**
     * Returns once every offset below {@code next} is on disk. Concurrent callers share one fsync:
     * whoever gets the lock forces everything written so far, and the others find their offsets
     * already covered. Fails if the records were undone after a failed fsync.
     */
    private void awaitDurable(long next, long undos) throws IOException {
        if (syncedNext >= next && undoCount == undos) {
            return; // syncedNext read first: it covered these records before any undo
        }
        synchronized (syncLock) {
            if (undoCount != undos) {
                throw new IOException("the write was undone after an fsync of " + dir + " failed");
            }
            if (syncedNext >= next) {
                return;
            }
            forceAll();
        }
    }

    /** Forces what was appended so far, if anything (the {@code interval} policy's tick, and close). */
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
        Segment.Mark mark;
        writeLock.lock();
        try {
            target = appendedNext;
            segment = active;
            mark = segment.mark();
        } finally {
            writeLock.unlock();
        }
        try {
            // Segments before `segment` were forced when they were sealed.
            segment.force();
        } catch (IOException e) {
            undoUnsynced(e);
            throw e;
        }
        writeLock.lock();
        try {
            if (active == segment && target >= durable.next()) {
                durable = new DurablePoint(segment, mark, target);
            }
        } finally {
            writeLock.unlock();
        }
        if (target > syncedNext) {
            syncedNext = target;
        }
        if (target > visibleNext) {
            visibleNext = target;
        }
    }

    /**
     * After a failed fsync under {@code always}, what was appended since the last good one was never
     * acknowledged nor visible: it is cut, so it cannot surface later with its writers told it failed.
     * Under the other policies those records were acknowledged and may have been read: they stay.
     */
    private void undoUnsynced(IOException cause) {
        if (settings.fsyncPolicy() != FsyncPolicy.ALWAYS) {
            return;
        }
        writeLock.lock();
        try {
            DurablePoint d = durable;
            if (active != d.segment() || appendedNext == d.next()) {
                return;
            }
            LOG.warn(
                    "{}: fsync failed ({}); undoing the unacknowledged offsets {}..{}",
                    damage.partition(),
                    cause.toString(),
                    d.next(),
                    appendedNext - 1);
            undoCount++;
            active.rollback(d.mark());
            appendedNext = d.next();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Reads from {@code fromOffset} up to {@code maxCount} records and about {@code maxBytes} of key
     * and value bytes (always at least one record when one is available).
     */
    public List<LogRecord> read(long fromOffset, int maxCount, long maxBytes) throws OffsetTrimmedException {
        return reads.read(fromOffset, maxCount, maxBytes);
    }

    /** Stored batches for a Kafka fetch, as its answer carries them, and how many records from the fetch offset on they hold. */
    public record Batches(ByteBuffer bytes, int records) {}

    /**
     * The stored batches from the one holding {@code fromOffset}, up to about {@code maxBytes} (always at least one
     * batch when one is visible), as a Kafka fetch answers with them: stored bytes, not encoded again.
     */
    public Batches readBatches(long fromOffset, long maxBytes) throws OffsetTrimmedException {
        return reads.readBatches(fromOffset, maxBytes);
    }

    /** The first visible offset whose timestamp is at least {@code epochMs}, or {@link #nextOffset()}. */
    public long offsetForTime(long epochMs) {
        return reads.offsetForTime(epochMs);
    }

    /** The oldest offset still stored (equal to {@link #nextOffset()} when the log holds nothing). */
    public long trimHorizon() {
        return reads.trimHorizon();
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
        durable = new DurablePoint(active, active.mark(), appendedNext);
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

    /** The damage found in this partition's files since the server started. */
    public DamageReport.Counts damage() {
        return damage.counts();
    }

    /** Checks every record of the sealed segments once (a scrub at start): damage is reported as on a read. */
    public void verify() {
        for (Segment s : segments.values()) {
            if (s == active || closed) {
                continue;
            }
            try {
                s.verify();
            } catch (ClosedChannelException e) {
                // retention deleted it meanwhile
            } catch (IOException e) {
                LOG.warn("{}: could not read {}: {}", damage.partition(), s.file(), e.toString());
            }
        }
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
            try {
                active.force();
                ceiling.closeAt(appendedNext);
            } finally {
                for (Segment s : segments.values()) {
                    s.close();
                }
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
