package dev.ocistreaming.local;

import static dev.ocistreaming.local.Sdk.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PartitionReservation;
import com.oracle.bmc.streaming.model.UpdateGroupDetails;
import com.oracle.bmc.streaming.requests.CreateGroupCursorRequest;
import com.oracle.bmc.streaming.requests.GetGroupRequest;
import com.oracle.bmc.streaming.requests.UpdateGroupRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Consumer-group semantics: reservations, balance, timeouts, commits, heartbeats, reset. */
class GroupsIT {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension();

    private StreamClient c;
    private String id;

    /** A stream with exactly {@code messagesPerPartition} messages on each partition, keyed "key-N". */
    private void stream(int partitions, int messagesPerPartition) {
        c = server.streamClient();
        Map<Integer, String> keyOf = keysPerPartition(partitions);
        id = server.createStream("groups", partitions).getId();
        for (int i = 0; i < messagesPerPartition; i++) {
            for (int p = 0; p < partitions; p++) {
                Sdk.put(c, id, List.of(Sdk.entry(keyOf.get(p), "p" + p + "-" + i)));
            }
        }
    }

    /** One key per partition, found on a probe stream (the key hash is deterministic). */
    private Map<Integer, String> keysPerPartition(int partitions) {
        String probe = server.createStream("probe-" + partitions, partitions).getId();
        Map<Integer, String> keyOf = new HashMap<>();
        for (int k = 0; keyOf.size() < partitions; k++) {
            String p = Sdk.put(c, probe, List.of(Sdk.entry("key-" + k, "x")))
                    .getEntries()
                    .get(0)
                    .getPartition();
            keyOf.putIfAbsent(Integer.parseInt(p), "key-" + k);
        }
        return keyOf;
    }

    private List<PartitionReservation> reservations(String group) {
        return c.getGroup(
                        GetGroupRequest.builder().streamId(id).groupName(group).build())
                .getGroup()
                .getReservations();
    }

    private Map<String, Long> ownedCounts(String group) {
        return reservations(group).stream()
                .filter(r -> r.getReservedInstance() != null)
                .collect(Collectors.groupingBy(PartitionReservation::getReservedInstance, Collectors.counting()));
    }

    @Test
    void partitionsAreBalancedPlusMinusOneAndExtraInstancesIdle() {
        stream(4, 1);
        SdkClients.groupCursor(c, id, "g", "A", true, 30_000);
        assertThat(ownedCounts("g")).containsEntry("A", 4L);
        SdkClients.groupCursor(c, id, "g", "B", true, 30_000);
        assertThat(ownedCounts("g")).containsEntry("A", 2L).containsEntry("B", 2L);
        SdkClients.groupCursor(c, id, "g", "C", true, 30_000);
        assertThat(ownedCounts("g").values()).containsExactlyInAnyOrder(2L, 1L, 1L);
        SdkClients.groupCursor(c, id, "g", "D", true, 30_000);
        assertThat(ownedCounts("g").values()).containsExactlyInAnyOrder(1L, 1L, 1L, 1L);
        String e = SdkClients.groupCursor(c, id, "g", "E", true, 30_000);
        assertThat(ownedCounts("g")).doesNotContainKey("E").hasSize(4);
        GetMessagesResponse idle = get(c, id, e, null);
        assertThat(idle.getItems()).isEmpty();
        assertThat(idle.getOpcNextCursor()).isNotBlank();
        assertThat(reservations("g")).allSatisfy(r -> {
            assertThat(r.getReservedInstance()).isNotNull();
            assertThat(r.getTimeReservedUntil()).isAfter(new Date());
        });
    }

    @Test
    void aTimedOutInstanceLosesItsPartitionsToTheOthers() {
        stream(2, 1);
        SdkClients.groupCursor(c, id, "g", "A", true, 500);
        String b = SdkClients.groupCursor(c, id, "g", "B", true, 30_000);
        assertThat(ownedCounts("g")).containsEntry("A", 1L).containsEntry("B", 1L);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(ownedCounts("g")).containsOnlyKeys("B"));
        assertThat(get(c, id, b, null).getItems()).hasSize(2);
    }

    @Test
    void commitOnGetCommitsThePreviousBatchOnTheNextGet() {
        stream(1, 10);
        String cursor = SdkClients.groupCursor(c, id, "g", "A", true, 30_000);
        GetMessagesResponse first = get(c, id, cursor, 4);
        assertThat(first.getItems()).extracting(Message::getOffset).containsExactly(0L, 1L, 2L, 3L);
        assertThat(reservations("g").get(0).getCommittedOffset()).isNull();
        GetMessagesResponse second = get(c, id, first.getOpcNextCursor(), 4);
        assertThat(second.getItems()).extracting(Message::getOffset).containsExactly(4L, 5L, 6L, 7L);
        assertThat(reservations("g").get(0).getCommittedOffset()).isEqualTo(3L);
        // a new instance name resumes after the committed offset (committed = last processed)
        String other = SdkClients.groupCursor(c, id, "g", "B", true, 30_000);
        assertThat(reservations("g").get(0).getReservedInstance()).isEqualTo("A");
        assertThat(get(c, id, other, null).getItems()).isEmpty();
    }

    @Test
    void withoutCommitOnGetReadsAdvanceButOnlyConsumerCommitCommits() {
        stream(1, 10);
        String cursor = SdkClients.groupCursor(c, id, "g", "A", false, 30_000);
        GetMessagesResponse first = get(c, id, cursor, 4);
        GetMessagesResponse second = get(c, id, first.getOpcNextCursor(), 4);
        assertThat(second.getItems()).extracting(Message::getOffset).containsExactly(4L, 5L, 6L, 7L);
        assertThat(reservations("g").get(0).getCommittedOffset()).isNull();
        String afterCommit = Sdk.commit(c, id, second.getOpcNextCursor());
        assertThat(reservations("g").get(0).getCommittedOffset()).isEqualTo(7L);
        assertThat(get(c, id, afterCommit, null).getItems())
                .extracting(Message::getOffset)
                .containsExactly(8L, 9L);
        // a fresh cursor for the same instance resumes after the commit, not after the last read
        String fresh = SdkClients.groupCursor(c, id, "g", "A", false, 30_000);
        assertThat(get(c, id, fresh, 1).getItems().get(0).getOffset()).isEqualTo(8L);
    }

    @Test
    void committingAPartitionThatMovedAwayIsRefusedAndItsOldPositionIsNotResumed() {
        stream(1, 10);
        String a = SdkClients.groupCursor(c, id, "g", "A", false, 400);
        GetMessagesResponse readByA = get(c, id, a, 5);
        assertThat(readByA.getItems()).hasSize(5);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(reservations("g").get(0).getReservedInstance())
                        .isNull());
        String b = SdkClients.groupCursor(c, id, "g", "B", false, 30_000);
        GetMessagesResponse readByB = get(c, id, b, 10);
        assertThat(readByB.getItems())
                .extracting(Message::getOffset)
                .startsWith(0L)
                .hasSize(10);
        assertThatThrownBy(() -> Sdk.commit(c, id, readByA.getOpcNextCursor()))
                .isInstanceOfSatisfying(BmcException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Trying to commit unreserved partition");
                });
        Sdk.commit(c, id, readByB.getOpcNextCursor());
        assertThat(reservations("g").get(0).getCommittedOffset()).isEqualTo(9L);
    }

    @Test
    void aPartitionThatMovedAwayAndBackIsReadFromTheCommitNotFromTheStaleCursor() {
        stream(1, 15);
        String a = SdkClients.groupCursor(c, id, "g", "A", false, 400);
        GetMessagesResponse readByA = get(c, id, a, 5); // offsets 0-4, never committed
        assertThat(readByA.getItems()).hasSize(5);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(reservations("g").get(0).getReservedInstance())
                        .isNull());
        String b = SdkClients.groupCursor(c, id, "g", "B", false, 2000);
        GetMessagesResponse readByB = get(c, id, b, 10); // offsets 0-9
        Sdk.commit(c, id, readByB.getOpcNextCursor());
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(reservations("g").get(0).getReservedInstance())
                        .isNull());
        // A comes back with its old cursor: partition 0 is A's again, but under a new reservation
        GetMessagesResponse again = get(c, id, readByA.getOpcNextCursor(), 100);
        assertThat(again.getItems()).extracting(Message::getOffset).containsExactly(10L, 11L, 12L, 13L, 14L);
    }

    @Test
    void theTutorialsPythonConsumerThatLapsesBetweenPollsStillProgressesAndCommits() throws Exception {
        stream(1, 5);
        String cursor = SdkClients.groupCursor(c, id, "tutorial", "A", true, 300);
        List<Long> offsets = new java.util.ArrayList<>();
        for (int poll = 0; poll < 5; poll++) {
            Thread.sleep(
                    450); // the tutorial's Python consumer sleeps longer than its timeout before every poll: pacing,
            // not an assertion
            GetMessagesResponse r = get(c, id, cursor, 1);
            r.getItems().forEach(m -> offsets.add(m.getOffset()));
            cursor = r.getOpcNextCursor();
        }
        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(reservations("tutorial").get(0).getCommittedOffset()).isEqualTo(3L);
    }

    @Test
    void anInstanceThatTimedOutCannotCommit() {
        stream(1, 5);
        String a = SdkClients.groupCursor(c, id, "g", "A", false, 300);
        GetMessagesResponse read = get(c, id, a, 3);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(reservations("g").get(0).getReservedInstance())
                        .isNull());
        assertThatThrownBy(() -> Sdk.commit(c, id, read.getOpcNextCursor()))
                .isInstanceOfSatisfying(BmcException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Trying to commit unreserved partition");
                });
        assertThat(reservations("g").get(0).getCommittedOffset()).isNull();
    }

    @Test
    void heartbeatsKeepReservationsAndTheirCursorStillCommitsTheBatch() throws Exception {
        stream(2, 3);
        String a = SdkClients.groupCursor(c, id, "g", "A", false, 1500);
        GetMessagesResponse batch = get(c, id, a, 100);
        assertThat(batch.getItems()).hasSize(6);
        String cursor = batch.getOpcNextCursor();
        SdkClients.groupCursor(c, id, "g", "B", false, 30_000);
        Map<String, Long> before = ownedCounts("g");
        long end = System.nanoTime() + Duration.ofMillis(3500).toNanos();
        while (System.nanoTime() < end) {
            cursor = Sdk.heartbeat(c, id, cursor);
            Thread.sleep(200); // pacing the heartbeats (well inside the 1.5 s timeout), not an assertion
        }
        assertThat(ownedCounts("g")).isEqualTo(before).containsKey("A");
        Sdk.commit(c, id, cursor);
        List<PartitionReservation> rows = reservations("g");
        for (PartitionReservation r : rows) {
            if ("A".equals(r.getReservedInstance())) {
                assertThat(r.getCommittedOffset())
                        .as("partition " + r.getPartition())
                        .isEqualTo(2L);
            }
        }
    }

    @Test
    void updateGroupResetsEveryCommittedPositionAndOldCursorsFollow() {
        stream(1, 6);
        String a = SdkClients.groupCursor(c, id, "g", "A", true, 30_000);
        GetMessagesResponse r1 = get(c, id, a, 100);
        GetMessagesResponse r2 = get(c, id, r1.getOpcNextCursor(), 100);
        assertThat(r2.getItems()).isEmpty();
        assertThat(reservations("g").get(0).getCommittedOffset()).isEqualTo(5L);
        c.updateGroup(UpdateGroupRequest.builder()
                .streamId(id)
                .groupName("g")
                .updateGroupDetails(UpdateGroupDetails.builder()
                        .type(UpdateGroupDetails.Type.TrimHorizon)
                        .build())
                .build());
        assertThat(reservations("g").get(0).getCommittedOffset()).isNull();
        assertThat(get(c, id, r2.getOpcNextCursor(), 100).getItems()).hasSize(6);

        c.updateGroup(UpdateGroupRequest.builder()
                .streamId(id)
                .groupName("g")
                .updateGroupDetails(UpdateGroupDetails.builder()
                        .type(UpdateGroupDetails.Type.Latest)
                        .build())
                .build());
        String fresh = SdkClients.groupCursor(c, id, "g", "A", true, 30_000);
        assertThat(get(c, id, fresh, 100).getItems()).isEmpty();
        assertThatThrownBy(() -> c.updateGroup(UpdateGroupRequest.builder()
                        .streamId(id)
                        .groupName("nope")
                        .updateGroupDetails(UpdateGroupDetails.builder()
                                .type(UpdateGroupDetails.Type.Latest)
                                .build())
                        .build()))
                .isInstanceOfSatisfying(
                        BmcException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void theInitialPositionIsFixedWhenTheGroupIsCreated() {
        stream(1, 3);
        String latest = c.createGroupCursor(CreateGroupCursorRequest.builder()
                        .streamId(id)
                        .createGroupCursorDetails(CreateGroupCursorDetails.builder()
                                .groupName("late")
                                .instanceName("A")
                                .type(CreateGroupCursorDetails.Type.Latest)
                                .build())
                        .build())
                .getCursor()
                .getValue();
        Sdk.putMany(c, id, null, "new", 2);
        assertThat(get(c, id, latest, null).getItems()).extracting(Sdk::text).containsExactly("new0", "new1");
        // the type of a later cursor is ignored for an existing group
        String again = SdkClients.groupCursor(c, id, "late", "B", true, 30_000);
        assertThat(get(c, id, again, null).getItems()).isEmpty();
    }

    @Test
    void aStreamHasAtMostFiftyGroups() {
        stream(1, 1);
        for (int g = 0; g < 50; g++) {
            SdkClients.groupCursor(c, id, "g" + g, "A", true, 30_000);
        }
        assertThatThrownBy(() -> SdkClients.groupCursor(c, id, "g50", "A", true, 30_000))
                .isInstanceOfSatisfying(BmcException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getServiceCode()).isEqualTo("LimitExceeded");
                });
        assertThatThrownBy(() -> c.getGroup(
                        GetGroupRequest.builder().streamId(id).groupName("none").build()))
                .isInstanceOfSatisfying(
                        BmcException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }
}
