package dev.ocistreaming.local;

import static dev.ocistreaming.local.Sdk.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateStreamPoolDetails;
import com.oracle.bmc.streaming.model.StreamPoolSummary;
import com.oracle.bmc.streaming.model.UpdateGroupDetails;
import com.oracle.bmc.streaming.model.UpdateStreamDetails;
import com.oracle.bmc.streaming.model.UpdateStreamPoolDetails;
import com.oracle.bmc.streaming.requests.CreateStreamPoolRequest;
import com.oracle.bmc.streaming.requests.DeleteStreamPoolRequest;
import com.oracle.bmc.streaming.requests.DeleteStreamRequest;
import com.oracle.bmc.streaming.requests.GetGroupRequest;
import com.oracle.bmc.streaming.requests.GetStreamRequest;
import com.oracle.bmc.streaming.requests.ListStreamPoolsRequest;
import com.oracle.bmc.streaming.requests.UpdateGroupRequest;
import com.oracle.bmc.streaming.requests.UpdateStreamPoolRequest;
import com.oracle.bmc.streaming.requests.UpdateStreamRequest;
import dev.ocistreaming.testsupport.SdkClients;
import dev.ocistreaming.testsupport.SmallDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Admin and group operations on a real full disk (a small tmpfs): each answers 503 ServiceUnavailable naming the
 * cause, changes nothing and leaves no file or folder behind; once space is back the same calls succeed, and a
 * restart finds exactly what was acknowledged (nothing set aside as damaged).
 */
class AdminDiskFullIT {

    @Test
    void everyAdminAndGroupWriteFailsCleanlyOnAFullDiskAndWorksOnceSpaceIsBack() throws IOException {
        try (SmallDisk disk = SmallDisk.mount(16)) {
            Path data = disk.path().resolve("data");
            ServerConfig config = ServerConfig.builder().port(0).dataDir(data).build();
            String streamId;
            String poolId;
            String otherId;
            String groupCursor;
            try (LocalStreamingServer s = LocalStreamingServer.start(config);
                    StreamAdminClient admin = SdkClients.adminClient(s.url());
                    StreamClient c = SdkClients.streamClient(s.url())) {
                streamId = Sdk.createStream(s.url(), "orders", 2);
                otherId = Sdk.createStream(s.url(), "no-groups-yet", 1);
                poolId = createPool(admin, "pool");
                Sdk.put(c, streamId, List.of(entry("k", "a"), entry("k", "b"), entry("k", "c")));
                groupCursor = SdkClients.groupCursor(c, streamId, "g", "i1", false, 60_000);
                String next = Sdk.get(c, streamId, groupCursor, null).getOpcNextCursor();
                List<String> filesBefore = files(data);

                disk.fill();

                assertFullDisk(() -> Sdk.createStream(s.url(), "new-stream", 3));
                assertFullDisk(() -> createPool(admin, "new-pool"));
                assertFullDisk(() -> admin.updateStream(UpdateStreamRequest.builder()
                        .streamId(streamId)
                        .updateStreamDetails(UpdateStreamDetails.builder()
                                .freeformTags(Map.of("team", "blue"))
                                .build())
                        .build()));
                assertFullDisk(() -> admin.updateStreamPool(UpdateStreamPoolRequest.builder()
                        .streamPoolId(poolId)
                        .updateStreamPoolDetails(UpdateStreamPoolDetails.builder()
                                .freeformTags(Map.of("team", "blue"))
                                .build())
                        .build()));
                assertFullDisk(() -> admin.deleteStream(
                        DeleteStreamRequest.builder().streamId(otherId).build()));
                assertFullDisk(() -> admin.deleteStreamPool(
                        DeleteStreamPoolRequest.builder().streamPoolId(poolId).build()));
                assertFullDisk(() -> SdkClients.groupCursor(c, streamId, "g2", "i1", false, 60_000));
                assertFullDisk(() -> SdkClients.groupCursor(c, otherId, "first-group", "i1", false, 60_000));
                assertFullDisk(() -> Sdk.commit(c, streamId, next));
                assertFullDisk(() -> c.updateGroup(UpdateGroupRequest.builder()
                        .streamId(streamId)
                        .groupName("g")
                        .updateGroupDetails(UpdateGroupDetails.builder()
                                .type(UpdateGroupDetails.Type.Latest)
                                .build())
                        .build()));

                // nothing changed, and not one file or folder more (no orphan stream folder, no temporary file)
                assertThat(files(data)).isEqualTo(filesBefore);
                assertThat(SdkClients.activeStreamNames(admin)).containsExactly("no-groups-yet", "orders");
                assertThat(poolNames(admin)).containsExactly("DefaultPool", "pool");
                assertThat(admin.getStream(GetStreamRequest.builder()
                                        .streamId(streamId)
                                        .build())
                                .getStream()
                                .getFreeformTags())
                        .isEmpty();
                assertThat(committedOffsets(c, streamId, "g")).containsOnly(-1L);
                assertThatThrownBy(() -> committedOffsets(c, streamId, "g2"))
                        .isInstanceOfSatisfying(
                                BmcException.class,
                                e -> assertThat(e.getStatusCode()).isEqualTo(404));

                disk.freeFill();

                // the same calls succeed once there is space; the group's cursor is still good for its commit
                Sdk.commit(c, streamId, next);
                assertThat(committedOffsets(c, streamId, "g")).contains(2L);
                Sdk.createStream(s.url(), "new-stream", 3);
                createPool(admin, "new-pool");
                SdkClients.groupCursor(c, otherId, "first-group", "i1", false, 60_000);
                admin.deleteStream(
                        DeleteStreamRequest.builder().streamId(otherId).build());
            }
            // a restart finds what was acknowledged, and nothing it cannot read
            try (LocalStreamingServer s = LocalStreamingServer.start(config);
                    StreamAdminClient admin = SdkClients.adminClient(s.url());
                    StreamClient c = SdkClients.streamClient(s.url())) {
                assertThat(SdkClients.activeStreamNames(admin)).containsExactly("new-stream", "orders");
                assertThat(poolNames(admin)).containsExactly("DefaultPool", "new-pool", "pool");
                assertThat(committedOffsets(c, streamId, "g")).contains(2L);
                assertThat(data.resolve("damaged")).doesNotExist();
            }
        }
    }

    private static void assertFullDisk(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BmcException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(503);
            assertThat(e.getServiceCode()).isEqualTo("ServiceUnavailable");
            assertThat(e.getMessage()).contains("no space left").contains("nothing was changed");
        });
    }

    private static String createPool(StreamAdminClient admin, String name) {
        return admin.createStreamPool(CreateStreamPoolRequest.builder()
                        .createStreamPoolDetails(CreateStreamPoolDetails.builder()
                                .name(name)
                                .compartmentId(SdkClients.COMPARTMENT)
                                .build())
                        .build())
                .getStreamPool()
                .getId();
    }

    private static List<Long> committedOffsets(StreamClient c, String streamId, String group) {
        return c
                .getGroup(GetGroupRequest.builder()
                        .streamId(streamId)
                        .groupName(group)
                        .build())
                .getGroup()
                .getReservations()
                .stream()
                .map(r -> r.getCommittedOffset() == null ? -1L : r.getCommittedOffset())
                .toList();
    }

    private static List<String> poolNames(StreamAdminClient admin) {
        return admin
                .listStreamPools(ListStreamPoolsRequest.builder()
                        .compartmentId(SdkClients.COMPARTMENT)
                        .sortBy(ListStreamPoolsRequest.SortBy.Name)
                        .sortOrder(ListStreamPoolsRequest.SortOrder.Asc)
                        .build())
                .getItems()
                .stream()
                .map(StreamPoolSummary::getName)
                .toList();
    }

    /** Every file and folder under the data directory, but the lock and the disk's filler. */
    private static List<String> files(Path data) throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            return all.map(p -> data.relativize(p).toString())
                    .filter(p -> !p.equals("server.lock"))
                    .sorted()
                    .toList();
        }
    }
}
