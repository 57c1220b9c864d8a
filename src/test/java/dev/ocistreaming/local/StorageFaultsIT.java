package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.PutMessagesResult;
import com.oracle.bmc.streaming.model.PutMessagesResultEntry;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.testsupport.SdkClients;
import dev.ocistreaming.testsupport.SmallDisk;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server through the unmodified SDK when its disk fills up or its segment files rot:
 * every call is answered within a bound, no wrong data is served, nothing acknowledged is lost
 * beyond the damaged bytes, no offset is handed out twice, and the server starts again.
 */
class StorageFaultsIT {

    private static final long BOUND_SECONDS = 20;

    @TempDir
    Path tmp;

    /** Every (partition/offset) acknowledged, with its value. */
    private final Map<String, String> acked = new HashMap<>();

    private static <T> T answered(Supplier<T> call) throws Exception {
        return CompletableFuture.supplyAsync(call).get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private static ServerConfig.Builder config(Path dataDir) {
        return ServerConfig.builder().port(0).dataDir(dataDir).segmentBytes(4096);
    }

    /** Puts a batch; records what was acknowledged (never twice at one offset); returns the failed entries. */
    private int put(StreamClient c, String streamId, String prefix, int count) throws Exception {
        List<PutMessagesDetailsEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(Sdk.entry("k" + (i % 3), prefix + i));
        }
        PutMessagesResult r = answered(() -> Sdk.put(c, streamId, entries));
        int failed = 0;
        for (int i = 0; i < count; i++) {
            PutMessagesResultEntry e = r.getEntries().get(i);
            if (e.getError() != null) {
                assertThat(e.getError()).isEqualTo("InternalServerError");
                failed++;
            } else {
                String where = e.getPartition() + "/" + e.getOffset();
                assertThat(acked.put(where, prefix + i))
                        .as("offset " + where + " handed out twice")
                        .isNull();
            }
        }
        return failed;
    }

    /** Reads every partition from the trim horizon; each message must be one acknowledged at its offset. */
    private Map<String, String> readEverything(StreamClient c, String streamId, int partitions) throws Exception {
        Map<String, String> stored = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            String cursor = answered(() -> Sdk.trimHorizon(c, streamId, partition));
            while (true) {
                String from = cursor;
                GetMessagesResponse r = answered(() -> Sdk.get(c, streamId, from, 100));
                if (r.getItems().isEmpty()) {
                    break;
                }
                for (Message m : r.getItems()) {
                    String where = p + "/" + m.getOffset();
                    assertThat(acked)
                            .as("only acknowledged messages are served")
                            .containsKey(where);
                    assertThat(new String(m.getValue(), UTF_8))
                            .as("content at " + where)
                            .isEqualTo(acked.get(where));
                    stored.put(where, new String(m.getValue(), UTF_8));
                }
                cursor = r.getOpcNextCursor();
            }
        }
        return stored;
    }

    @Test
    void aFullDiskFailsOnlyTheWritesThatCannotLandAndEverythingAnswersOnceSpaceIsBack() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(8)) {
            Path dataDir = disk.path().resolve("data");
            String id;
            try (LocalStreamingServer server = LocalStreamingServer.start(
                            config(dataDir).segmentBytes(1 << 20).build());
                    StreamClient c = SdkClients.streamClient(server.url())) {
                id = Sdk.createStream(server.url(), "full", 2);
                assertThat(put(c, id, "before-", 200)).isZero();
                disk.fill();
                int failed = 0;
                for (int round = 0; round < 10; round++) {
                    failed += put(c, id, "full" + round + "-", 50);
                    readEverything(c, id, 2); // reads keep answering while the disk is full
                }
                assertThat(failed).as("writes fail while the disk is full").isGreaterThan(0);
                disk.freeFill();
                assertThat(put(c, id, "after-", 100)).isZero();
                assertThat(readEverything(c, id, 2)).isEqualTo(acked);
            }
            try (LocalStreamingServer server = LocalStreamingServer.start(
                            config(dataDir).segmentBytes(1 << 20).build());
                    StreamClient c = SdkClients.streamClient(server.url())) {
                assertThat(readEverything(c, id, 2)).as("after a restart").isEqualTo(acked);
                assertThat(put(c, id, "restarted-", 50)).isZero();
                assertThat(readEverything(c, id, 2)).isEqualTo(acked);
            }
        }
    }

    @Test
    void rotInSealedAndActiveSegmentsIsNeverServedAndTheRestIs() throws Exception {
        Path dataDir = tmp.resolve("data");
        String id;
        try (LocalStreamingServer server =
                        LocalStreamingServer.start(config(dataDir).build());
                StreamClient c = SdkClients.streamClient(server.url())) {
            id = Sdk.createStream(server.url(), "rot", 1);
            // 40 puts of 5 messages of about 100 bytes: each put is one frame of about 650 bytes
            for (int i = 0; i < 40; i++) {
                put(c, id, "b" + i + "-".repeat(100), 5);
            }
            List<Path> segments = segments(dataDir, id);
            assertThat(segments.size()).isGreaterThan(3);
            Random random = new Random(42);
            // while the server runs: a flipped byte and a damaged length field in sealed segments, each in one
            // frame, which costs that put's 5 messages and nothing else
            flip(segments.get(0), 200, random);
            writeAt(segments.get(1), 0, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            Map<String, String> stored = readEverything(c, id, 1);
            assertThat(stored).hasSize(acked.size() - 10);
        }
        // while stopped: garbage in the middle of the active segment and one more flip in a sealed one
        List<Path> segments = segments(dataDir, id);
        Path active = segments.get(segments.size() - 1);
        writeAt(active, Files.size(active) / 3, "garbage, garbage, garbage".getBytes(UTF_8));
        flip(segments.get(2), 100, new Random(1));
        try (LocalStreamingServer server =
                        LocalStreamingServer.start(config(dataDir).build());
                StreamClient c = SdkClients.streamClient(server.url())) {
            Map<String, String> stored = readEverything(c, id, 1);
            // the garbage overlaps one or two frames, the flip one
            assertThat(stored.size()).isBetween(acked.size() - 25, acked.size() - 20);
            assertThat(put(c, id, "after-", 20)).isZero();
            assertThat(readEverything(c, id, 1)).containsAllEntriesOf(Map.of("0/" + 200, "after-0"));
        }
    }

    @Test
    void groupsAndCursorsInOrPastACutTailGetEveryMessageWrittenAfterIt() throws Exception {
        Path dataDir = tmp.resolve("data");
        String id;
        try (LocalStreamingServer server =
                        LocalStreamingServer.start(config(dataDir).build());
                StreamClient c = SdkClients.streamClient(server.url())) {
            id = Sdk.createStream(server.url(), "cut", 1);
            put(c, id, "m", 90);
            put(c, id, "n", 10); // offsets 90..99: a frame of their own
            String all = SdkClients.groupCursor(c, id, "all", "a", false, 30_000);
            GetMessagesResponse first100 = answered(() -> Sdk.get(c, id, all, 100));
            assertThat(first100.getItems()).hasSize(100);
            String some = SdkClients.groupCursor(c, id, "some", "b", false, 30_000);
            GetMessagesResponse first86 = answered(() -> Sdk.get(c, id, some, 86));
            assertThat(first86.getItems()).hasSize(86);
            Sdk.commit(c, id, first86.getOpcNextCursor()); // group "some" committed offset 85
            Sdk.commit(c, id, first100.getOpcNextCursor()); // group "all" committed offset 99
        }
        // bit rot over the last ten acknowledged records of the active segment
        Path active = segments(dataDir, id).get(0);
        long from = positionOf(active, 90);
        byte[] garbage = new byte[(int) (Files.size(active) - from)];
        new Random(5).nextBytes(garbage);
        writeAt(active, from, garbage);
        for (int p = 90; p < 100; p++) {
            acked.remove("0/" + p);
        }
        try (LocalStreamingServer server =
                        LocalStreamingServer.start(config(dataDir).build());
                StreamClient c = SdkClients.streamClient(server.url())) {
            put(c, id, "new", 10);
            assertThat(acked).as("offsets 90..99 are not handed out again").containsKey("0/100");
            assertThat(readEverything(c, id, 1)).isEqualTo(acked);

            String all = SdkClients.groupCursor(c, id, "all", "a2", false, 30_000);
            assertThat(answered(() -> Sdk.get(c, id, all, 100)).getItems())
                    .as("a group committed past the cut gets every new message")
                    .extracting(m -> m.getOffset())
                    .containsExactly(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L);
            String some = SdkClients.groupCursor(c, id, "some", "b2", false, 30_000);
            List<Long> someOffsets = answered(() -> Sdk.get(c, id, some, 100)).getItems().stream()
                    .map(Message::getOffset)
                    .toList();
            assertThat(someOffsets)
                    .as("a group before the cut reads up to it, then after the gap")
                    .containsExactly(86L, 87L, 88L, 89L, 100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L);
            String inGap =
                    Sdk.cursor(c, id, 0, com.oracle.bmc.streaming.model.CreateCursorDetails.Type.AtOffset, 95L, null);
            assertThat(answered(() -> Sdk.get(c, id, inGap, 1))
                            .getItems()
                            .get(0)
                            .getOffset())
                    .as("a cursor inside the gap resumes after it")
                    .isEqualTo(100L);
        }
    }

    /** Byte position of the frame starting at {@code offset} in a segment, walking the frames' lengths. */
    private static long positionOf(Path segment, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "r")) {
            long position = 0;
            while (true) {
                f.seek(position);
                int bodyLength = f.readInt() & ~(1 << 30); // bit 30 marks a batch frame
                f.seek(position + 8);
                if (f.readLong() == offset) {
                    return position;
                }
                position += 8 + bodyLength;
            }
        }
    }

    private static List<Path> segments(Path dataDir, String streamId) throws IOException {
        try (Stream<Path> s =
                Files.list(dataDir.resolve("logs").resolve(streamId).resolve("0"))) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    private static void flip(Path file, long position, Random random) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ (1 + random.nextInt(255)));
        }
    }

    private static void writeAt(Path file, long position, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            f.write(bytes);
        }
    }
}
