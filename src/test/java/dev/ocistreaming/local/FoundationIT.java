package dev.ocistreaming.local;

import static dev.ocistreaming.local.Sdk.entry;
import static dev.ocistreaming.local.Sdk.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateCursorDetails.Type;
import com.oracle.bmc.streaming.model.Group;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PartitionReservation;
import com.oracle.bmc.streaming.model.PutMessagesResult;
import com.oracle.bmc.streaming.model.PutMessagesResultEntry;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.requests.GetGroupRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's basic behaviours, end to end through the unmodified SDK. One server per test. */
class FoundationIT {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    @Test
    void roundTripKeepsKeysValuesOffsetsAndTimestamps() {
        Stream s = server.createStream("round-trip", 1);
        assertThat(s.getMessagesEndpoint()).isEqualTo(server.url());
        StreamClient c = server.streamClient();
        PutMessagesResult r =
                Sdk.put(c, s.getId(), List.of(entry("k1", "hello"), entry(null, "no key"), entry("k2", "world")));
        assertThat(r.getFailures()).isZero();
        assertThat(r.getEntries()).extracting(PutMessagesResultEntry::getOffset).containsExactly(0L, 1L, 2L);
        assertThat(r.getEntries())
                .extracting(PutMessagesResultEntry::getPartition)
                .containsOnly("0");
        assertThat(r.getEntries()).allSatisfy(e -> assertThat(e.getTimestamp()).isNotNull());

        GetMessagesResponse got = get(c, s.getId(), Sdk.trimHorizon(c, s.getId(), 0), null);
        assertThat(got.getItems()).extracting(Sdk::text).containsExactly("hello", "no key", "world");
        assertThat(got.getItems()).extracting(Sdk::key).containsExactly("k1", null, "k2");
        assertThat(got.getItems()).extracting(Message::getOffset).containsExactly(0L, 1L, 2L);
        assertThat(got.getItems()).extracting(Message::getStream).containsOnly("round-trip");
        assertThat(got.getOpcNextCursor()).isNotBlank();

        GetMessagesResponse empty = get(c, s.getId(), got.getOpcNextCursor(), null);
        assertThat(empty.getItems()).isEmpty();
        assertThat(empty.getOpcNextCursor()).isNotBlank();
    }

    @Test
    void aKeyAlwaysLandsOnTheSamePartition() {
        Stream s = server.createStream("keys", 3);
        StreamClient c = server.streamClient();
        Map<String, String> partitionOfKey = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            List<com.oracle.bmc.streaming.model.PutMessagesDetailsEntry> batch = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                batch.add(entry("key-" + k, "v" + round));
            }
            PutMessagesResult r = Sdk.put(c, s.getId(), batch);
            for (int k = 0; k < 20; k++) {
                String p = r.getEntries().get(k).getPartition();
                String before = partitionOfKey.putIfAbsent("key-" + k, p);
                assertThat(before == null ? p : before)
                        .as("partition of key-" + k)
                        .isEqualTo(p);
            }
        }
        assertThat(new HashSet<>(partitionOfKey.values()))
                .as("20 keys spread over partitions")
                .hasSize(3);
        for (int p = 0; p < 3; p++) {
            for (Message m : Sdk.readAll(c, s.getId(), p)) {
                assertThat(partitionOfKey.get(Sdk.key(m))).isEqualTo(Integer.toString(p));
            }
        }
    }

    @Test
    void everyCursorTypeStartsWhereItShould() {
        Stream s = server.createStream("cursors", 1);
        StreamClient c = server.streamClient();
        PutMessagesResult r = Sdk.putMany(c, s.getId(), "k", "m", 5);
        String id = s.getId();
        assertThat(first(c, id, Sdk.cursor(c, id, 0, Type.TrimHorizon, null, null)))
                .isEqualTo(0L);
        assertThat(first(c, id, Sdk.cursor(c, id, 0, Type.AtOffset, 2L, null))).isEqualTo(2L);
        assertThat(first(c, id, Sdk.cursor(c, id, 0, Type.AfterOffset, 2L, null)))
                .isEqualTo(3L);
        assertThat(first(
                        c,
                        id,
                        Sdk.cursor(
                                c,
                                id,
                                0,
                                Type.AtTime,
                                null,
                                r.getEntries().get(0).getTimestamp())))
                .isEqualTo(0L);
        String latest = Sdk.cursor(c, id, 0, Type.Latest, null, null);
        assertThat(get(c, id, latest, null).getItems()).isEmpty();
        Sdk.putMany(c, id, "k", "late", 1);
        assertThat(get(c, id, latest, null).getItems()).extracting(Sdk::text).containsExactly("late0");
    }

    private static Long first(StreamClient c, String streamId, String cursor) {
        return get(c, streamId, cursor, 1).getItems().get(0).getOffset();
    }

    @Test
    void twoGroupInstancesSplitPartitionsAndTheSurvivorTakesOverWithNothingLost() {
        Stream s = server.createStream("groups", 3);
        StreamClient c = server.streamClient();
        String id = s.getId();
        for (int k = 0; k < 30; k++) {
            Sdk.put(c, id, List.of(entry("key-" + k, "v" + k)));
        }
        String a = SdkClients.groupCursor(c, id, "g", "A", true, 1500);
        String b = SdkClients.groupCursor(c, id, "g", "B", true, 1500);
        Set<String> partitionsA = new HashSet<>();
        Set<String> partitionsB = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            GetMessagesResponse ra = get(c, id, a, 4);
            GetMessagesResponse rb = get(c, id, b, 4);
            a = ra.getOpcNextCursor();
            b = rb.getOpcNextCursor();
            ra.getItems().forEach(m -> {
                partitionsA.add(m.getPartition());
                seen.add(m.getPartition() + "/" + m.getOffset());
            });
            rb.getItems().forEach(m -> {
                partitionsB.add(m.getPartition());
                seen.add(m.getPartition() + "/" + m.getOffset());
            });
        }
        assertThat(partitionsA).isNotEmpty().doesNotContainAnyElementsOf(partitionsB);
        assertThat(partitionsB).isNotEmpty();
        Group group = c.getGroup(
                        GetGroupRequest.builder().streamId(id).groupName("g").build())
                .getGroup();
        assertThat(group.getReservations())
                .extracting(PartitionReservation::getReservedInstance)
                .containsOnly("A", "B")
                .hasSize(3);

        // A stops polling; within its timeout B gets A's partitions and resumes after A's commits.
        String[] cursorB = {b};
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    GetMessagesResponse rb = get(c, id, cursorB[0], 100);
                    cursorB[0] = rb.getOpcNextCursor();
                    rb.getItems().forEach(m -> seen.add(m.getPartition() + "/" + m.getOffset()));
                    assertThat(seen).hasSize(30);
                });
        Group after = c.getGroup(
                        GetGroupRequest.builder().streamId(id).groupName("g").build())
                .getGroup();
        assertThat(after.getReservations())
                .extracting(PartitionReservation::getReservedInstance)
                .containsOnly("B");
    }

    @Test
    void restartKeepsMessagesCommittedOffsetsAndContinuesOffsets() throws Exception {
        Stream s = server.createStream("durable", 1);
        String id = s.getId();
        Sdk.putMany(server.streamClient(), id, "k", "before", 10);
        String cursor = SdkClients.groupCursor(server.streamClient(), id, "g", "i1", false, 30_000);
        GetMessagesResponse r = get(server.streamClient(), id, cursor, 4);
        assertThat(r.getItems()).hasSize(4);
        Sdk.commit(server.streamClient(), id, r.getOpcNextCursor());

        server.restart();

        StreamClient c = server.streamClient();
        assertThat(Sdk.readAll(c, id, 0))
                .extracting(Sdk::text)
                .startsWith("before0")
                .hasSize(10);
        PutMessagesResult more = Sdk.putMany(c, id, "k", "after", 1);
        assertThat(more.getEntries().get(0).getOffset()).isEqualTo(10L);
        Group g = c.getGroup(
                        GetGroupRequest.builder().streamId(id).groupName("g").build())
                .getGroup();
        assertThat(g.getReservations().get(0).getCommittedOffset()).isEqualTo(3L);
        String fresh = SdkClients.groupCursor(c, id, "g", "i2", true, 30_000);
        assertThat(get(c, id, fresh, 1).getItems().get(0).getOffset()).isEqualTo(4L);
        // the old cursor still works after a restart (its secret is kept in the data directory)
        assertThat(get(c, id, r.getOpcNextCursor(), 1).getItems()).isNotNull();
    }
}
