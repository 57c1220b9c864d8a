package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.CreateStreamPoolDetails;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.model.StreamPool;
import com.oracle.bmc.streaming.model.StreamPoolSummary;
import com.oracle.bmc.streaming.model.StreamSummary;
import com.oracle.bmc.streaming.model.UpdateStreamDetails;
import com.oracle.bmc.streaming.model.UpdateStreamPoolDetails;
import com.oracle.bmc.streaming.requests.CreateStreamPoolRequest;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.DeleteStreamPoolRequest;
import com.oracle.bmc.streaming.requests.DeleteStreamRequest;
import com.oracle.bmc.streaming.requests.GetStreamPoolRequest;
import com.oracle.bmc.streaming.requests.GetStreamRequest;
import com.oracle.bmc.streaming.requests.ListStreamPoolsRequest;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import com.oracle.bmc.streaming.requests.UpdateStreamPoolRequest;
import com.oracle.bmc.streaming.requests.UpdateStreamRequest;
import com.oracle.bmc.streaming.responses.GetStreamResponse;
import com.oracle.bmc.streaming.responses.ListStreamsResponse;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin plane through the SDK: streams, pools, listing, etags, lifecycle. */
class AdminPlaneIT {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.lifecycleDelayMs(300));

    @Test
    void createGoesThroughCreatingToActive() throws Exception {
        StreamAdminClient admin = server.adminClient();
        Stream created = admin.createStream(CreateStreamRequest.builder()
                        .createStreamDetails(CreateStreamDetails.builder()
                                .name("s1")
                                .partitions(2)
                                .compartmentId(SdkClients.COMPARTMENT)
                                .retentionInHours(48)
                                .freeformTags(Map.of("team", "x"))
                                .build())
                        .build())
                .getStream();
        assertThat(created.getLifecycleState()).isEqualTo(Stream.LifecycleState.Creating);
        assertThat(created.getId()).startsWith("ocid1.stream.");
        Stream active = admin.getWaiters()
                .forStream(GetStreamRequest.builder().streamId(created.getId()).build(), Stream.LifecycleState.Active)
                .execute()
                .getStream();
        assertThat(active.getPartitions()).isEqualTo(2);
        assertThat(active.getRetentionInHours()).isEqualTo(48);
        assertThat(active.getMessagesEndpoint()).isEqualTo(server.url());
        assertThat(active.getFreeformTags()).containsEntry("team", "x");
        assertThat(active.getStreamPoolId()).startsWith("ocid1.streampool.");
        assertThat(active.getTimeCreated()).isNotNull();
    }

    @Test
    void listFiltersByCompartmentNameAndStateAndPages() {
        for (int i = 0; i < 7; i++) {
            server.createStream("list-" + i, 1);
        }
        StreamAdminClient admin = server.adminClient();
        List<String> names = new ArrayList<>();
        String page = null;
        int pages = 0;
        do {
            ListStreamsResponse r = admin.listStreams(ListStreamsRequest.builder()
                    .compartmentId(SdkClients.COMPARTMENT)
                    .limit(3)
                    .page(page)
                    .sortBy(ListStreamsRequest.SortBy.Name)
                    .sortOrder(ListStreamsRequest.SortOrder.Asc)
                    .build());
            r.getItems().forEach(s -> names.add(s.getName()));
            page = r.getOpcNextPage();
            pages++;
        } while (page != null);
        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("list-0", "list-1", "list-2", "list-3", "list-4", "list-5", "list-6");

        List<StreamSummary> byName = admin.listStreams(ListStreamsRequest.builder()
                        .compartmentId(SdkClients.COMPARTMENT)
                        .name("list-4")
                        .build())
                .getItems();
        assertThat(byName).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("list-4");
            assertThat(s.getMessagesEndpoint()).isEqualTo(server.url());
        });
        assertThat(admin.listStreams(ListStreamsRequest.builder()
                                .compartmentId("ocid1.compartment.oc1..other")
                                .build())
                        .getItems())
                .isEmpty();
        assertThat(admin.listStreams(ListStreamsRequest.builder()
                                .compartmentId(SdkClients.COMPARTMENT)
                                .lifecycleState(Stream.LifecycleState.Deleted)
                                .build())
                        .getItems())
                .isEmpty();
        assertThatThrownBy(() -> admin.listStreams(ListStreamsRequest.builder().build()))
                .isInstanceOfSatisfying(
                        BmcException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }

    @Test
    void deleteMakesTheStreamDeletedAndItsDataUnreachable() {
        Stream s = server.createStream("doomed", 1);
        Sdk.putMany(server.streamClient(), s.getId(), "k", "v", 3);
        StreamAdminClient admin = server.adminClient();
        admin.deleteStream(DeleteStreamRequest.builder().streamId(s.getId()).build());
        Stream.LifecycleState state = admin.getStream(
                        GetStreamRequest.builder().streamId(s.getId()).build())
                .getStream()
                .getLifecycleState();
        assertThat(state).isIn(Stream.LifecycleState.Deleting, Stream.LifecycleState.Deleted);
        assertThatThrownBy(() -> Sdk.trimHorizon(server.streamClient(), s.getId(), 0))
                .isInstanceOfSatisfying(BmcException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getServiceCode()).isEqualTo("NotAuthorizedOrNotFound");
                });
        assertThatThrownBy(() -> admin.deleteStream(
                        DeleteStreamRequest.builder().streamId(s.getId()).build()))
                .isInstanceOfSatisfying(
                        BmcException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void unknownIdsAreNotAuthorizedOrNotFound() {
        StreamAdminClient admin = server.adminClient();
        assertThatThrownBy(() -> admin.getStream(GetStreamRequest.builder()
                        .streamId("ocid1.stream.oc1..nope")
                        .build()))
                .isInstanceOfSatisfying(BmcException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getServiceCode()).isEqualTo("NotAuthorizedOrNotFound");
                    assertThat(e.getOpcRequestId()).isNotBlank();
                });
        assertThatThrownBy(() -> admin.getStreamPool(
                        GetStreamPoolRequest.builder().streamPoolId("../../etc").build()))
                .isInstanceOfSatisfying(
                        BmcException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void updateHonoursIfMatchAndChangesTheEtag() {
        Stream s = server.createStream("tagged", 1);
        StreamAdminClient admin = server.adminClient();
        GetStreamResponse got =
                admin.getStream(GetStreamRequest.builder().streamId(s.getId()).build());
        String etag = got.getEtag();
        assertThat(etag).isNotBlank();
        var updated = admin.updateStream(UpdateStreamRequest.builder()
                .streamId(s.getId())
                .ifMatch(etag)
                .updateStreamDetails(UpdateStreamDetails.builder()
                        .freeformTags(Map.of("env", "dev"))
                        .build())
                .build());
        assertThat(updated.getStream().getFreeformTags()).containsEntry("env", "dev");
        assertThat(updated.getEtag()).isNotEqualTo(etag);
        assertThatThrownBy(() -> admin.updateStream(UpdateStreamRequest.builder()
                        .streamId(s.getId())
                        .ifMatch(etag)
                        .updateStreamDetails(UpdateStreamDetails.builder()
                                .freeformTags(Map.of("env", "prod"))
                                .build())
                        .build()))
                .isInstanceOfSatisfying(BmcException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(412);
                    assertThat(e.getServiceCode()).isEqualTo("NoEtagMatch");
                });
    }

    @Test
    void listsByIdAndNewestFirstByDefault() {
        Stream first = server.createStream("older", 1);
        Stream second = server.createStream("newer", 1);
        StreamAdminClient admin = server.adminClient();
        assertThat(admin.listStreams(ListStreamsRequest.builder()
                                .compartmentId(SdkClients.COMPARTMENT)
                                .sortBy(ListStreamsRequest.SortBy.Timecreated)
                                .build())
                        .getItems())
                .extracting(StreamSummary::getName)
                .containsExactly("newer", "older");
        assertThat(admin.listStreams(ListStreamsRequest.builder()
                                .compartmentId(SdkClients.COMPARTMENT)
                                .id(first.getId())
                                .build())
                        .getItems())
                .extracting(StreamSummary::getId)
                .containsExactly(first.getId());
        assertThat(second.getId()).isNotEqualTo(first.getId());
    }

    @Test
    void poolCrudWithEtagsAndTheDefaultPoolStays() {
        StreamAdminClient admin = server.adminClient();
        Stream s = server.createStream("in-default", 1);
        StreamPool defaultPool = admin.getStreamPool(GetStreamPoolRequest.builder()
                        .streamPoolId(s.getStreamPoolId())
                        .build())
                .getStreamPool();
        assertThat(defaultPool.getCompartmentId()).isEqualTo(SdkClients.COMPARTMENT);
        assertThatThrownBy(() -> admin.deleteStreamPool(DeleteStreamPoolRequest.builder()
                        .streamPoolId(defaultPool.getId())
                        .build()))
                .isInstanceOfSatisfying(
                        BmcException.class, e -> assertThat(e.getStatusCode()).isEqualTo(409));
        var created = admin.createStreamPool(CreateStreamPoolRequest.builder()
                .createStreamPoolDetails(CreateStreamPoolDetails.builder()
                        .compartmentId(SdkClients.COMPARTMENT)
                        .name("p1")
                        .build())
                .build());
        var renamed = admin.updateStreamPool(UpdateStreamPoolRequest.builder()
                .streamPoolId(created.getStreamPool().getId())
                .ifMatch(created.getEtag())
                .updateStreamPoolDetails(
                        UpdateStreamPoolDetails.builder().name("p2").build())
                .build());
        assertThat(renamed.getStreamPool().getName()).isEqualTo("p2");
        assertThat(admin.listStreamPools(ListStreamPoolsRequest.builder()
                                .compartmentId(SdkClients.COMPARTMENT)
                                .name("p2")
                                .build())
                        .getItems())
                .extracting(StreamPoolSummary::getId)
                .containsExactly(created.getStreamPool().getId());
        assertThatThrownBy(() -> admin.updateStreamPool(UpdateStreamPoolRequest.builder()
                        .streamPoolId(created.getStreamPool().getId())
                        .ifMatch(created.getEtag())
                        .updateStreamPoolDetails(
                                UpdateStreamPoolDetails.builder().name("p3").build())
                        .build()))
                .isInstanceOfSatisfying(
                        BmcException.class, e -> assertThat(e.getStatusCode()).isEqualTo(412));
    }

    @Test
    void poolsHoldStreamsAndDeletingAPoolDeletesThem() {
        StreamAdminClient admin = server.adminClient();
        StreamPool pool = admin.createStreamPool(CreateStreamPoolRequest.builder()
                        .createStreamPoolDetails(CreateStreamPoolDetails.builder()
                                .compartmentId(SdkClients.COMPARTMENT)
                                .name("pool-a")
                                .build())
                        .build())
                .getStreamPool();
        Stream s = admin.createStream(CreateStreamRequest.builder()
                        .createStreamDetails(CreateStreamDetails.builder()
                                .name("in-pool")
                                .partitions(1)
                                .streamPoolId(pool.getId())
                                .build())
                        .build())
                .getStream();
        assertThat(s.getStreamPoolId()).isEqualTo(pool.getId());
        assertThat(admin.listStreams(ListStreamsRequest.builder()
                                .streamPoolId(pool.getId())
                                .build())
                        .getItems())
                .extracting(StreamSummary::getName)
                .containsExactly("in-pool");
        admin.deleteStreamPool(
                DeleteStreamPoolRequest.builder().streamPoolId(pool.getId()).build());
        assertThat(admin.getStream(
                                GetStreamRequest.builder().streamId(s.getId()).build())
                        .getStream()
                        .getLifecycleState())
                .isIn(Stream.LifecycleState.Deleting, Stream.LifecycleState.Deleted);
    }
}
