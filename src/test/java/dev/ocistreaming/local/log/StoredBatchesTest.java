package dev.ocistreaming.local.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.local.FsyncPolicy;
import dev.ocistreaming.local.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each append is stored as one Kafka record batch, and a Kafka fetch gets the stored batches as they are; segments
 * written before batches (one record per frame) are still read, served to Kafka, and appended to.
 */
class StoredBatchesTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    private PartitionLog open() throws IOException {
        return PartitionLog.open(dir, new LogSettings(FsyncPolicy.ALWAYS, 1 << 20, 3_600_000, 256, clock));
    }

    private static List<KeyValue> batch(String prefix, int n) {
        List<KeyValue> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            b.add(new KeyValue(i % 2 == 0 ? null : ("k" + i).getBytes(UTF_8), (prefix + i).getBytes(UTF_8)));
        }
        return b;
    }

    private static List<MutableRecordBatch> batches(PartitionLog.Batches read) {
        List<MutableRecordBatch> out = new ArrayList<>();
        MemoryRecords.readableRecords(read.bytes()).batches().forEach(out::add);
        return out;
    }

    private static String value(Record r) {
        return new String(Utils.toArray(r.value()), UTF_8);
    }

    @Test
    void eachAppendIsOneValidKafkaBatchWithTheAppendTimeAndTheStoredBytesAreWhatAFetchGets() throws Exception {
        try (PartitionLog log = open()) {
            long t0 = log.append(batch("a", 3)).timestamp();
            clock.advance(java.time.Duration.ofSeconds(1));
            long t1 = log.append(batch("b", 2)).timestamp();

            PartitionLog.Batches read = log.readBatches(0, Long.MAX_VALUE);
            assertThat(read.records()).isEqualTo(5);
            List<MutableRecordBatch> batches = batches(read);
            assertThat(batches).hasSize(2);
            for (MutableRecordBatch b : batches) {
                b.ensureValid(); // Kafka's own CRC, as a consumer with check.crcs checks it
                assertThat(b.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            }
            assertThat(batches.get(0).baseOffset()).isZero();
            assertThat(batches.get(0).lastOffset()).isEqualTo(2);
            assertThat(batches.get(0).maxTimestamp()).isEqualTo(t0);
            assertThat(batches.get(1).baseOffset()).isEqualTo(3);
            assertThat(batches.get(1).maxTimestamp()).isEqualTo(t1);
            List<String> values = new ArrayList<>();
            for (MutableRecordBatch b : batches) {
                for (Record r : b) {
                    values.add(r.offset() + "=" + value(r)
                            + (r.hasKey() ? "/" + new String(Utils.toArray(r.key()), UTF_8) : ""));
                }
            }
            assertThat(values).containsExactly("0=a0", "1=a1/k1", "2=a2", "3=b0", "4=b1/k1");

            // the file holds the same bytes behind each frame's prefix: nothing is encoded on the way out
            byte[] file = Files.readAllBytes(dir.resolve(Segment.name(0, ".log")));
            ByteBuffer served = read.bytes().duplicate();
            int position = 0;
            while (position < file.length) {
                int bodyLength = Frames.bodyLength(ByteBuffer.wrap(file).getInt(position));
                byte[] body = new byte[bodyLength];
                served.get(body);
                assertThat(body).isEqualTo(java.util.Arrays.copyOfRange(file, position + 8, position + 8 + bodyLength));
                position += Frames.PREFIX + bodyLength;
            }
            assertThat(served.hasRemaining()).isFalse();
        }
    }

    @Test
    void aFetchFromInsideAnAppendStartsWithItsBatchAndCountsOnlyTheRecordsFromThere() throws Exception {
        try (PartitionLog log = open()) {
            log.append(batch("a", 10));
            log.append(batch("b", 10));
            PartitionLog.Batches read = log.readBatches(7, Long.MAX_VALUE);
            assertThat(batches(read).get(0).baseOffset()).isZero();
            assertThat(read.records()).isEqualTo(13);
            assertThat(log.readBatches(20, Long.MAX_VALUE).records()).isZero();
        }
    }

    @Test
    void aRestReadFromInsideAnAppendStartsAtItsOffset() throws Exception {
        try (PartitionLog log = open()) {
            log.append(batch("a", 1000));
            for (long from : new long[] {0, 1, 7, 500, 998, 999}) {
                List<LogRecord> two = log.read(from, 2, Long.MAX_VALUE);
                assertThat(two.get(0).offset()).isEqualTo(from);
                assertThat(new String(two.get(0).value(), UTF_8)).isEqualTo("a" + from);
                assertThat(two.get(0).key()).isEqualTo(from % 2 == 0 ? null : ("k" + from).getBytes(UTF_8));
                assertThat(two).hasSize(from == 999 ? 1 : 2);
            }
        }
    }

    @Test
    void aFetchStopsAtItsByteLimitButAlwaysGetsOneBatch() throws Exception {
        try (PartitionLog log = open()) {
            for (int i = 0; i < 5; i++) {
                log.append(batch("v" + i + "-", 10));
            }
            int one = batches(log.readBatches(0, 1)).get(0).sizeInBytes();
            assertThat(batches(log.readBatches(0, 1))).hasSize(1);
            assertThat(batches(log.readBatches(0, 2L * one))).hasSize(2);
            assertThat(batches(log.readBatches(0, 2L * one + 1))).hasSize(2);
            assertThat(batches(log.readBatches(0, Long.MAX_VALUE))).hasSize(5);
        }
    }

    @Test
    void aSegmentOfRecordFramesWrittenBeforeBatchesIsReadServedToKafkaAndAppendedTo() throws Exception {
        ByteBuffer old = ByteBuffer.allocate(4096);
        for (int offset = 0; offset < 4; offset++) {
            byte[] key = offset % 2 == 0 ? null : ("k" + offset).getBytes(UTF_8);
            writeRecordFrame(old, offset, 1_000 + offset, key, ("old" + offset).getBytes(UTF_8));
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(Segment.name(0, ".log")), java.util.Arrays.copyOf(old.array(), old.position()));

        try (PartitionLog log = open()) {
            assertThat(log.nextOffset()).isEqualTo(4);
            assertThat(log.append(batch("new", 2)).firstOffset()).isEqualTo(4);
        }
        try (PartitionLog log = open()) { // the mixed segment is scanned again at open
            List<LogRecord> all = log.read(0, 100, Long.MAX_VALUE);
            assertThat(all)
                    .extracting(r -> new String(r.value(), UTF_8))
                    .containsExactly("old0", "old1", "old2", "old3", "new0", "new1");
            assertThat(all.get(1).key()).isEqualTo("k1".getBytes(UTF_8));
            assertThat(all.get(0).key()).isNull();
            assertThat(all.get(2).timestamp()).isEqualTo(1_002);

            PartitionLog.Batches read = log.readBatches(2, Long.MAX_VALUE);
            assertThat(read.records()).isEqualTo(4);
            List<String> values = new ArrayList<>();
            for (MutableRecordBatch b : batches(read)) {
                b.ensureValid();
                for (Record r : b) {
                    values.add(r.offset() + "=" + value(r) + "@" + (r.offset() < 4 ? r.timestamp() : "new"));
                }
            }
            assertThat(values).containsExactly("2=old2@1002", "3=old3@1003", "4=new0@new", "5=new1@new");
            assertThat(log.damage().damagedRanges()).isZero();
        }
    }

    /** A record frame as segments held them before batches: length, CRC32C of the body, offset, time, key, value. */
    private static void writeRecordFrame(ByteBuffer out, long offset, long timestamp, byte[] key, byte[] value) {
        int start = out.position();
        int bodyLength = 20 + (key == null ? 0 : key.length) + value.length;
        out.putInt(bodyLength).putInt(0).putLong(offset).putLong(timestamp).putInt(key == null ? -1 : key.length);
        if (key != null) {
            out.put(key);
        }
        out.put(value);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), start + 8, bodyLength);
        out.putInt(start + 4, (int) crc.getValue());
    }
}
