package dev.ocistreaming.local.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.local.FsyncPolicy;
import dev.ocistreaming.local.MutableClock;
import dev.ocistreaming.testsupport.SmallDisk;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log under the faults a real machine sees: a full disk in the middle of a write, flipped bytes
 * and garbage in sealed and active segments, truncated and garbage index files. Each checks that no
 * wrong data is returned, every read answers, nothing outside the damaged bytes is lost and no offset
 * is given out twice.
 */
class LogFaultsTest {

    private static final int SEGMENT_BYTES = 4096;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    private PartitionLog open(Path where) throws IOException {
        return open(where, SEGMENT_BYTES);
    }

    private PartitionLog open(Path where, long segmentBytes) throws IOException {
        return PartitionLog.open(where, new LogSettings(FsyncPolicy.ALWAYS, segmentBytes, 3_600_000, 256, clock));
    }

    private static List<KeyValue> batch(String prefix, int n) {
        List<KeyValue> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            b.add(new KeyValue(("k" + i).getBytes(UTF_8), (prefix + i).getBytes(UTF_8)));
        }
        return b;
    }

    /** Appends {@code count} records, each valued "v" + its offset, in batches of ten. */
    private static void write(PartitionLog log, int count) throws IOException {
        for (int done = 0; done < count; done += 10) {
            long next = log.nextOffset();
            List<KeyValue> b = new ArrayList<>();
            for (int i = 0; i < Math.min(10, count - done); i++) {
                b.add(new KeyValue(null, ("v" + (next + i)).getBytes(UTF_8)));
            }
            log.append(b);
        }
    }

    /** Reads everything from offset 0, each call bounded in time; checks that every record holds what was written at its offset. */
    private static List<LogRecord> readAllChecked(PartitionLog log) throws Exception {
        List<LogRecord> all = new ArrayList<>();
        long next = log.trimHorizon();
        while (next < log.nextOffset()) {
            long from = next;
            List<LogRecord> page = CompletableFuture.supplyAsync(() -> {
                        try {
                            return log.read(from, 50, Long.MAX_VALUE);
                        } catch (OffsetTrimmedException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            if (page.isEmpty()) {
                break;
            }
            for (LogRecord r : page) {
                assertThat(r.offset()).isGreaterThanOrEqualTo(from);
                if (new String(r.value(), UTF_8).startsWith("v")) {
                    assertThat(new String(r.value(), UTF_8))
                            .as("content at offset " + r.offset())
                            .isEqualTo("v" + r.offset());
                }
                all.add(r);
            }
            next = page.get(page.size() - 1).offset() + 1;
        }
        return all;
    }

    private static Set<Long> offsets(List<LogRecord> records) {
        Set<Long> out = new HashSet<>();
        for (LogRecord r : records) {
            assertThat(out.add(r.offset()))
                    .as("offset " + r.offset() + " read twice")
                    .isTrue();
        }
        return out;
    }

    private List<Path> files(Path where, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(where)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            f.write(bytes);
        }
    }

    /** Random bytes (seeded) from {@code position} to the end of {@code file}. */
    private static void overwriteToTheEndWithGarbage(Path file, long position, long seed) throws IOException {
        byte[] garbage = new byte[(int) (Files.size(file) - position)];
        new java.util.Random(seed).nextBytes(garbage);
        overwrite(file, position, garbage);
    }

    /** Byte position of the frame holding {@code offset} in a segment, found by walking the frames. */
    private static long positionOf(Path segment, long offset) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        while (Frames.lastOffset(bytes) < offset) {
            bytes.position(bytes.position() + Frames.PREFIX + Frames.bodyLength(bytes.getInt(bytes.position())));
        }
        return bytes.position();
    }

    /** Small segments: the disk fills while a segment rolls (its index cannot be written). */
    @Test
    void aRollThatFailsOnAFullDiskLeavesNoTraceAndTheNextWriteTakesTheNextOffset() throws Exception {
        failWritesOnAFullDiskThenWriteAgain(SEGMENT_BYTES);
    }

    /** Large segments: the disk fills in the middle of a batch written to the segment. */
    @Test
    void aWriteThatFailsPartWayOnAFullDiskLeavesNoTraceAndTheNextWriteTakesTheNextOffset() throws Exception {
        failWritesOnAFullDiskThenWriteAgain(1 << 20);
    }

    private void failWritesOnAFullDiskThenWriteAgain(long segmentBytes) throws Exception {
        try (SmallDisk disk = SmallDisk.mount(2)) {
            Path logDir = disk.path().resolve("p0");
            try (PartitionLog log = open(logDir, segmentBytes)) {
                write(log, 100);
                disk.fill();
                int failures = 0;
                for (int i = 0; i < 20; i++) {
                    try {
                        // 40 records of 200 bytes: more than any leftover block holds
                        log.append(batch("lost" + i + "-".repeat(200), 40));
                    } catch (IOException expected) {
                        failures++;
                    }
                }
                assertThat(failures).as("writes on a full disk fail").isGreaterThan(0);
                long next = log.nextOffset();
                List<LogRecord> during = readAllChecked(log);
                assertThat(during.get(during.size() - 1).offset()).isEqualTo(next - 1);
                assertThat(files(logDir, ".tmp"))
                        .as("no half-written file left")
                        .isEmpty();

                disk.freeFill();
                PartitionLog.Appended after = log.append(batch("after-", 3));
                assertThat(after.firstOffset())
                        .as("the next write lands at the next offset")
                        .isEqualTo(next);
                List<LogRecord> all = readAllChecked(log);
                assertThat(offsets(all)).hasSize((int) next + 3);
                assertThat(all)
                        .as("nothing of a failed write is served")
                        .noneMatch(r -> new String(r.value(), UTF_8).startsWith("lost"));
                assertThat(new String(all.get(all.size() - 1).value(), UTF_8)).isEqualTo("after-2");
                for (long from = 0; from < next + 3; from += 7) {
                    assertThat(log.read(from, 1, Long.MAX_VALUE).get(0).offset())
                            .as("a read at every offset answers that offset")
                            .isEqualTo(from);
                }
            }
            try (PartitionLog log = open(logDir, segmentBytes)) {
                List<LogRecord> all = readAllChecked(log);
                assertThat(offsets(all)).hasSize((int) log.nextOffset());
                assertThat(log.damage().damagedRanges()).isZero();
                assertThat(all.get(all.size() - 1).offset()).isEqualTo(log.nextOffset() - 1);
                assertThat(new String(all.get(all.size() - 1).value(), UTF_8)).isEqualTo("after-2");
            }
        }
    }

    @Test
    void aFlippedByteInASealedSegmentCostsItsAppendIsReportedOnceAndTheRestIsServed() throws Exception {
        try (PartitionLog log = open(dir)) {
            write(log, 400); // appends of 10 records: offsets 10..19 are one frame
            Path first = files(dir, ".log").get(0);
            long position = positionOf(first, 10);
            overwrite(first, position + Frames.PREFIX + BatchFrame.MIN_BODY + 2, new byte[] {'X'});

            List<LogRecord> all = readAllChecked(log);
            assertThat(offsets(all)).doesNotContain(10L, 19L).contains(9L, 20L).hasSize(390);
            readAllChecked(log);
            assertThat(log.damage()).isEqualTo(new DamageReport.Counts(1, 10));
        }
    }

    @Test
    void aDamagedLengthInASealedSegmentNeitherLoopsNorAllocatesAndReadingResynchronises() throws Exception {
        try (PartitionLog log = open(dir)) {
            write(log, 400);
            Path first = files(dir, ".log").get(0);
            long at20 = positionOf(first, 20);
            long at40 = positionOf(first, 40);
            overwrite(first, at20, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0});
            overwrite(first, at40, new byte[] {0, 0, 0, 0});

            List<LogRecord> all = readAllChecked(log);
            assertThat(offsets(all))
                    .doesNotContain(20L, 29L, 40L, 49L)
                    .contains(19L, 30L, 39L, 50L)
                    .hasSize(380);
            assertThat(log.read(25, 5, Long.MAX_VALUE).get(0).offset())
                    .as("a cursor inside the damage resumes after it")
                    .isEqualTo(30);
            assertThat(log.damage().damagedRanges()).isEqualTo(2);
        }
    }

    @Test
    void garbageOverASealedSegmentsTailIsSkippedAfterARestartAndTheNextSegmentIsServed() throws Exception {
        try (PartitionLog log = open(dir)) {
            write(log, 400);
        }
        Path first = files(dir, ".log").get(0);
        long from = positionOf(first, 30);
        overwriteToTheEndWithGarbage(first, from, 7);
        Files.delete(files(dir, ".index").get(0)); // the segment must be rescanned at open
        try (PartitionLog log = open(dir)) {
            List<LogRecord> all = readAllChecked(log);
            long secondBase = Long.parseLong(
                    files(dir, ".log").get(1).getFileName().toString().substring(0, 20));
            assertThat(offsets(all)).contains(29L, secondBase, 399L).doesNotContain(30L);
            assertThat(all).hasSize((int) (400 - (secondBase - 30)));
            assertThat(log.append(batch("new", 1)).firstOffset()).isEqualTo(400);
        }
    }

    @Test
    void garbageInTheMiddleOfTheActiveSegmentCostsOnlyTheDamagedAppend() throws Exception {
        try (PartitionLog log =
                PartitionLog.open(dir, new LogSettings(FsyncPolicy.ALWAYS, 1 << 20, 3_600_000, 256, clock))) {
            write(log, 100);
        }
        Path active = files(dir, ".log").get(0);
        long from = positionOf(active, 50);
        overwrite(active, from, new byte[60]); // zeroes over the start of the append of offsets 50..59
        try (PartitionLog log =
                PartitionLog.open(dir, new LogSettings(FsyncPolicy.ALWAYS, 1 << 20, 3_600_000, 256, clock))) {
            List<LogRecord> all = readAllChecked(log);
            assertThat(offsets(all))
                    .contains(49L, 60L, 99L)
                    .doesNotContain(50L, 59L)
                    .hasSize(90);
            assertThat(log.damage().damagedRanges()).isEqualTo(1);
            assertThat(log.append(batch("new", 1)).firstOffset()).isEqualTo(100);
        }
    }

    @Test
    void damagedRecordsAtTheEndOfTheActiveSegmentAreCutAndTheirOffsetsNeverGivenAgain() throws Exception {
        try (PartitionLog log =
                PartitionLog.open(dir, new LogSettings(FsyncPolicy.ALWAYS, 1 << 20, 3_600_000, 256, clock))) {
            write(log, 100);
        }
        Path active = files(dir, ".log").get(0);
        long from = positionOf(active, 90);
        overwriteToTheEndWithGarbage(active, from, 3);
        try (PartitionLog log =
                PartitionLog.open(dir, new LogSettings(FsyncPolicy.ALWAYS, 1 << 20, 3_600_000, 256, clock))) {
            assertThat(offsets(readAllChecked(log))).hasSize(90).contains(89L);
            assertThat(log.nextOffset())
                    .as("offsets 90..99 were acknowledged: never again")
                    .isEqualTo(100);
            assertThat(log.damage().lostOffsets()).isEqualTo(10);
            assertThat(log.append(batch("new", 2)).firstOffset()).isEqualTo(100);
            assertThat(log.read(95, 10, Long.MAX_VALUE))
                    .as("a cursor inside the gap resumes after it")
                    .extracting(LogRecord::offset)
                    .containsExactly(100L, 101L);
        }
    }

    @Test
    void anAbandonedLogThatLostItsTailAfterAnUncleanStopUnderIntervalSkipsToItsCeiling() throws Exception {
        LogSettings interval = new LogSettings(FsyncPolicy.INTERVAL, 1 << 20, 3_600_000, 256, clock);
        PartitionLog abandoned = PartitionLog.open(dir, interval);
        write(abandoned, 100); // never closed: as after kill -9 or a power loss
        Path active = files(dir, ".log").get(0);
        long cut = positionOf(active, 80);
        try (RandomAccessFile f = new RandomAccessFile(active.toFile(), "rw")) {
            f.setLength(cut); // a power loss took the last 20 acknowledged records
        }
        try (PartitionLog log = PartitionLog.open(dir, interval)) {
            assertThat(log.nextOffset()).isGreaterThanOrEqualTo(100);
            assertThat(log.append(batch("new", 1)).firstOffset()).isGreaterThanOrEqualTo(100);
        }
        abandoned.close();
    }

    @Test
    void aDamagedCeilingAloneCostsNoOffsetAndIsReported() throws Exception {
        LogSettings always = new LogSettings(FsyncPolicy.ALWAYS, 1 << 20, 3_600_000, 256, clock);
        PartitionLog abandoned = PartitionLog.open(dir, always);
        write(abandoned, 100); // never closed: under fsync=always every acknowledged record is on disk
        overwrite(dir.resolve(OffsetCeiling.FILE), 5, new byte[] {0x55, 0x55});
        try (PartitionLog log = PartitionLog.open(dir, always)) {
            assertThat(offsets(readAllChecked(log))).hasSize(100);
            assertThat(log.damage().damagedRanges()).isEqualTo(1);
            assertThat(log.append(batch("new", 1)).firstOffset()).isEqualTo(100);
        }
        abandoned.close();
    }

    @Test
    void aDamagedCeilingBesideADamagedTailNeverGivesAnOffsetTwice() throws Exception {
        LogSettings always = new LogSettings(FsyncPolicy.ALWAYS, 1 << 20, 3_600_000, 256, clock);
        try (PartitionLog log = PartitionLog.open(dir, always)) {
            write(log, 100);
        }
        Path active = files(dir, ".log").get(0);
        long from = positionOf(active, 90);
        overwriteToTheEndWithGarbage(active, from, 5);
        Files.write(dir.resolve(OffsetCeiling.FILE), "garbage".getBytes(UTF_8));
        try (PartitionLog log = PartitionLog.open(dir, always)) {
            assertThat(offsets(readAllChecked(log))).hasSize(90);
            assertThat(log.damage().damagedRanges())
                    .as("the tail and the ceiling")
                    .isEqualTo(2);
            long next = log.append(batch("new", 1)).firstOffset();
            assertThat(next).as("offsets 90..99 were acknowledged: never again").isGreaterThanOrEqualTo(100);
            assertThat(log.read(95, 10, Long.MAX_VALUE))
                    .as("a cursor inside the gap resumes after it")
                    .extracting(LogRecord::offset)
                    .containsExactly(next);
        }
        try (PartitionLog log = PartitionLog.open(dir, always)) {
            assertThat(log.damage().damagedRanges())
                    .as("the ceiling is whole again after a clean close")
                    .isZero();
        }
    }

    @Test
    void aDamagedCeilingAfterAnUncleanStopUnderIntervalSkipsAhead() throws Exception {
        LogSettings interval = new LogSettings(FsyncPolicy.INTERVAL, 1 << 20, 3_600_000, 256, clock);
        PartitionLog abandoned = PartitionLog.open(dir, interval);
        write(abandoned, 100);
        Path active = files(dir, ".log").get(0);
        try (RandomAccessFile f = new RandomAccessFile(active.toFile(), "rw")) {
            f.setLength(positionOf(active, 80)); // a power loss took the last 20 acknowledged records
        }
        Files.write(dir.resolve(OffsetCeiling.FILE), new byte[0]);
        try (PartitionLog log = PartitionLog.open(dir, interval)) {
            assertThat(log.append(batch("new", 1)).firstOffset()).isGreaterThanOrEqualTo(100);
        }
        abandoned.close();
    }

    @Test
    void truncatedAndGarbageIndexFilesAreRebuiltAndEveryRecordIsServed() throws Exception {
        try (PartitionLog log = open(dir)) {
            write(log, 1500);
        }
        List<Path> indexes = files(dir, ".index");
        assertThat(indexes.size()).isGreaterThanOrEqualTo(3);
        byte[] whole = Files.readAllBytes(indexes.get(0));
        Files.write(indexes.get(0), java.util.Arrays.copyOf(whole, whole.length / 2));
        byte[] garbage = new byte[whole.length];
        new java.util.Random(11).nextBytes(garbage);
        Files.write(indexes.get(1), garbage);
        Files.write(indexes.get(2), new byte[64 * 1024 * 1024 / 1024]);
        try (PartitionLog log = open(dir)) {
            List<LogRecord> all = readAllChecked(log);
            assertThat(offsets(all)).hasSize(1500);
            assertThat(log.damage().damagedRanges()).isZero();
            assertThat(log.read(333, 1, Long.MAX_VALUE).get(0).offset()).isEqualTo(333);
        }
        try (PartitionLog log = open(dir)) {
            assertThat(offsets(readAllChecked(log))).hasSize(1500);
        }
    }

    @Test
    void aCorruptRecordIsNeverFoundByTime() throws Exception {
        try (PartitionLog log = open(dir)) {
            write(log, 10);
            clock.advance(Duration.ofMinutes(1));
            long t = log.append(batch("late", 5)).timestamp();
            log.append(batch("later", 5));
            Path first = files(dir, ".log").get(0);
            overwrite(first, positionOf(first, 10) + Frames.PREFIX + 4, new byte[] {0x55});
            assertThat(log.offsetForTime(t))
                    .as("the append of offsets 10..14 is damaged: the next one answers")
                    .isEqualTo(15);
        }
    }
}
