package dev.ocistreaming.local.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocistreaming.local.FsyncPolicy;
import dev.ocistreaming.local.MutableClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment log on its own: framing, recovery, index, rolling, retention, concurrency. */
class PartitionLogTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    private PartitionLog open(FsyncPolicy policy, long segmentBytes) throws IOException {
        return PartitionLog.open(dir, new LogSettings(policy, segmentBytes, 3_600_000, 256, clock));
    }

    private static List<KeyValue> batch(String prefix, int n) {
        List<KeyValue> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            b.add(new KeyValue(i % 3 == 0 ? null : ("k" + i).getBytes(UTF_8), (prefix + i).getBytes(UTF_8)));
        }
        return b;
    }

    /** Appends (under the {@code always} policy this returns once the records are on disk). */
    private static PartitionLog.Appended append(PartitionLog log, List<KeyValue> batch) throws IOException {
        return log.append(batch);
    }

    private static List<String> values(List<LogRecord> records) {
        return records.stream().map(r -> new String(r.value(), UTF_8)).toList();
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void appendsAreDenseAndReadBackAcrossRolledSegments() throws Exception {
        try (PartitionLog log = open(FsyncPolicy.ALWAYS, 2048)) {
            for (int i = 0; i < 50; i++) {
                PartitionLog.Appended a = log.append(batch("b" + i + "-", 10));
                assertThat(a.firstOffset()).isEqualTo(i * 10L);
            }
            assertThat(log.nextOffset()).isEqualTo(500);
            assertThat(log.segmentCount()).isGreaterThan(3);
            List<LogRecord> all = log.read(0, 10_000, Long.MAX_VALUE);
            assertThat(all).hasSize(500);
            for (int i = 0; i < 500; i++) {
                assertThat(all.get(i).offset()).isEqualTo(i);
            }
            assertThat(all.get(0).key()).isNull();
            assertThat(new String(all.get(1).key(), UTF_8)).isEqualTo("k1");
            assertThat(values(log.read(237, 3, Long.MAX_VALUE))).containsExactly("b23-7", "b23-8", "b23-9");
            assertThat(log.read(500, 10, Long.MAX_VALUE)).isEmpty();
        }
        assertThat(files(".index"))
                .as("sealed segments keep their index")
                .hasSize(files(".log").size() - 1);
        assertThat(files(".log").get(0).getFileName().toString()).isEqualTo("00000000000000000000.log");
    }

    @Test
    void byteBudgetStillReturnsAtLeastOneRecord() throws Exception {
        try (PartitionLog log = open(FsyncPolicy.NEVER, 1 << 20)) {
            log.append(List.of(new KeyValue(null, new byte[5000]), new KeyValue(null, new byte[5000])));
            assertThat(log.read(0, 100, 10)).hasSize(1);
            assertThat(log.read(0, 100, 10_000)).hasSize(2);
            assertThat(log.read(0, 100, 9_999)).hasSize(1);
        }
    }

    @Test
    void recoveryTruncatesATornTailAndOffsetsContinue() throws Exception {
        try (PartitionLog log = open(FsyncPolicy.ALWAYS, 1 << 20)) {
            log.append(batch("v", 10));
        }
        Path segment = files(".log").get(0);
        long goodSize = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(goodSize);
            f.writeInt(100); // a frame that claims 100 bytes, then stops: a torn write
            f.writeInt(12345);
            f.write(new byte[30]);
        }
        try (PartitionLog log = open(FsyncPolicy.ALWAYS, 1 << 20)) {
            assertThat(Files.size(segment)).isEqualTo(goodSize);
            assertThat(log.nextOffset()).isEqualTo(10);
            assertThat(append(log, batch("after", 1)).firstOffset()).isEqualTo(10);
            assertThat(values(log.read(8, 10, Long.MAX_VALUE))).containsExactly("v8", "v9", "after0");
        }
    }

    @Test
    void recoveryCutsADamagedLastAppendAndNeverGivesItsOffsetAgain() throws Exception {
        try (PartitionLog log = open(FsyncPolicy.ALWAYS, 1 << 20)) {
            log.append(batch("v", 9));
            log.append(List.of(new KeyValue(null, "v9".getBytes(UTF_8))));
        }
        Path segment = files(".log").get(0);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(f.length() - 1);
            f.write('X'); // flip the last byte of the last value
        }
        try (PartitionLog log = open(FsyncPolicy.ALWAYS, 1 << 20)) {
            // offset 9 was acknowledged with other content: it stays a reported gap
            assertThat(log.nextOffset()).isEqualTo(10);
            assertThat(log.damage().lostOffsets()).isEqualTo(1);
            assertThat(values(log.read(0, 100, Long.MAX_VALUE))).hasSize(9).endsWith("v8");
            assertThat(log.append(batch("new", 1)).firstOffset()).isEqualTo(10);
            assertThat(values(log.read(9, 100, Long.MAX_VALUE))).containsExactly("new0");
        }
    }

    @Test
    void aSealedSegmentWithoutAValidIndexIsRescanned() throws Exception {
        try (PartitionLog log = open(FsyncPolicy.ALWAYS, 4096)) {
            for (int i = 0; i < 60; i++) {
                log.append(batch("v" + i + "-", 10));
            }
        }
        List<Path> indexes = files(".index");
        Files.delete(indexes.get(0));
        Files.write(indexes.get(1), new byte[] {1, 2, 3});
        try (PartitionLog log = open(FsyncPolicy.ALWAYS, 4096)) {
            assertThat(log.nextOffset()).isEqualTo(600);
            List<LogRecord> all = log.read(0, 1000, Long.MAX_VALUE);
            assertThat(all).hasSize(600);
            assertThat(all.get(599).offset()).isEqualTo(599);
        }
    }

    @Test
    void offsetForTimeFindsTheFirstRecordAtOrAfterATime() throws Exception {
        try (PartitionLog log = open(FsyncPolicy.NEVER, 4096)) {
            long t0 = log.append(batch("a", 30)).timestamp();
            clock.advance(Duration.ofMinutes(1));
            long t1 = log.append(batch("b", 30)).timestamp();
            clock.advance(Duration.ofMinutes(1));
            log.append(batch("c", 30));
            assertThat(log.offsetForTime(t0 - 1000)).isEqualTo(0);
            assertThat(log.offsetForTime(t0 + 1)).isEqualTo(30);
            assertThat(log.offsetForTime(t1)).isEqualTo(30);
            assertThat(log.offsetForTime(t1 + 1)).isEqualTo(60);
            assertThat(log.offsetForTime(t1 + 3_600_000)).isEqualTo(90);
        }
    }

    @Test
    void segmentsRollByAgeAndRetentionDeletesWholeExpiredSegments() throws Exception {
        try (PartitionLog log =
                PartitionLog.open(dir, new LogSettings(FsyncPolicy.ALWAYS, 1 << 20, 60_000, 256, clock))) {
            log.append(batch("old", 5));
            clock.advance(Duration.ofMinutes(2));
            append(log, batch("new", 5)); // rolls: the first segment is older than 60 s
            assertThat(log.segmentCount()).isEqualTo(2);
            assertThat(log.deleteOlderThan(clock.millis() - 30_000)).isEqualTo(1);
            assertThat(log.trimHorizon()).isEqualTo(5);
            assertThatThrownBy(() -> log.read(0, 10, Long.MAX_VALUE)).isInstanceOf(OffsetTrimmedException.class);
            assertThat(values(log.read(5, 10, Long.MAX_VALUE))).startsWith("new0");
            clock.advance(Duration.ofHours(1));
            log.deleteOlderThan(clock.millis() - 30_000); // everything expired: the active one rolls, then goes
            assertThat(log.trimHorizon()).isEqualTo(10);
            assertThat(log.nextOffset()).isEqualTo(10);
            assertThat(log.read(10, 10, Long.MAX_VALUE)).isEmpty();
            assertThat(log.append(batch("x", 1)).firstOffset())
                    .as("offsets are never reused")
                    .isEqualTo(10);
        }
        try (PartitionLog log = open(FsyncPolicy.ALWAYS, 1 << 20)) {
            assertThat(log.trimHorizon()).isEqualTo(10);
            assertThat(log.nextOffset()).isEqualTo(11);
        }
    }

    @Test
    void readersRunBesideAWriterAndOnlySeeWholeDurableRecords() throws Exception {
        try (PartitionLog log = open(FsyncPolicy.ALWAYS, 64 * 1024)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            PartitionLog.Appended a = log.append(batch("w", 5));
                        }
                        return null;
                    }));
                }
                Future<?> reader = pool.submit(() -> {
                    long next = 0;
                    while (next < 2000) {
                        for (LogRecord r : log.read(next, 1000, Long.MAX_VALUE)) {
                            assertThat(r.offset()).isEqualTo(next);
                            assertThat(new String(r.value(), UTF_8)).startsWith("w");
                            next++;
                        }
                    }
                    return null;
                });
                for (Future<?> f : writers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                reader.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
