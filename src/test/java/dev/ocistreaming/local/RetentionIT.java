package dev.ocistreaming.local;

import static dev.ocistreaming.local.Sdk.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateCursorDetails.Type;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.UpdateGroupDetails;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.UpdateGroupRequest;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention by time, driven by a clock the test moves forward. */
class RetentionIT {

    private final MutableClock clock = new MutableClock();

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.clock(clock)
            .retentionCheckIntervalMs(50)
            .cursorTtlMs(Duration.ofHours(48).toMillis()));

    @Test
    void retentionOutsideTwentyFourToOneHundredSixtyEightHoursIsRefused() {
        for (int hours : new int[] {23, 169, 0, -1}) {
            assertThatThrownBy(() -> server.adminClient()
                            .createStream(CreateStreamRequest.builder()
                                    .createStreamDetails(CreateStreamDetails.builder()
                                            .name("r")
                                            .partitions(1)
                                            .retentionInHours(hours)
                                            .compartmentId(SdkClients.COMPARTMENT)
                                            .build())
                                    .build()))
                    .isInstanceOfSatisfying(
                            BmcException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(400));
        }
    }

    @Test
    void expiredSegmentsGoAndStaleCursorsAndCommitsGetTheServiceError() {
        String id = server.createStream("retained", 1).getId();
        StreamClient c = server.streamClient();
        Sdk.putMany(c, id, "k", "old", 5);
        String oldCursor = Sdk.cursor(c, id, 0, Type.AtOffset, 0L, null);
        String group = SdkClients.groupCursor(c, id, "g", "A", false, 3_600_000);
        Sdk.commit(c, id, get(c, id, group, 3).getOpcNextCursor()); // committed offset 2

        clock.advance(Duration.ofHours(25));
        Sdk.putMany(c, id, "k", "fresh", 2); // rolls the aged segment, so retention can drop it whole
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(Sdk.readAll(c, id, 0)).extracting(Sdk::text).containsExactly("fresh0", "fresh1"));

        assertThatThrownBy(() -> get(c, id, oldCursor, null)).isInstanceOfSatisfying(BmcException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(400);
            assertThat(e.getMessage()).contains("The cursor is outside the retention period and is now invalid");
        });
        String again = SdkClients.groupCursor(c, id, "g", "A", false, 3_600_000);
        assertThatThrownBy(() -> get(c, id, again, null))
                .isInstanceOfSatisfying(
                        BmcException.class, e -> assertThat(e.getMessage()).contains("outside the retention period"));
        c.updateGroup(UpdateGroupRequest.builder()
                .streamId(id)
                .groupName("g")
                .updateGroupDetails(UpdateGroupDetails.builder()
                        .type(UpdateGroupDetails.Type.TrimHorizon)
                        .build())
                .build());
        String recovered = SdkClients.groupCursor(c, id, "g", "A", false, 3_600_000);
        assertThat(get(c, id, recovered, null).getItems()).extracting(Sdk::text).containsExactly("fresh0", "fresh1");
        assertThat(get(c, id, Sdk.trimHorizon(c, id, 0), null).getItems().get(0).getOffset())
                .isEqualTo(5L);
    }
}
