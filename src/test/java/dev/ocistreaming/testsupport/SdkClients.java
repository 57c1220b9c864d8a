package dev.ocistreaming.testsupport;

import com.oracle.bmc.ClientConfiguration;
import com.oracle.bmc.retrier.RetryConfiguration;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateCursorDetails;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.model.StreamSummary;
import com.oracle.bmc.streaming.requests.CreateCursorRequest;
import com.oracle.bmc.streaming.requests.CreateGroupCursorRequest;
import com.oracle.bmc.streaming.requests.GetMessagesRequest;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import com.oracle.bmc.util.CircuitBreakerUtils;
import dev.ocistreaming.camel.client.ThrowawayAuthentication;
import java.util.ArrayList;
import java.util.List;

/**
 * Unmodified OCI SDK clients pointed at a local server URL, for tests.
 *
 * <p>Retries and the circuit breaker are off so a test sees exactly what the server answered.
 * {@link #readFromStart} is the one way tests read back what a partition holds.
 */
public final class SdkClients {

    /** A compartment OCID tests use when they create or list streams. */
    public static final String COMPARTMENT = "ocid1.compartment.oc1..test";

    private static final ClientConfiguration NO_RETRY = ClientConfiguration.builder()
            .retryConfiguration(RetryConfiguration.NO_RETRY_CONFIGURATION)
            .circuitBreakerConfiguration(CircuitBreakerUtils.getNoCircuitBreakerConfiguration())
            .build();

    private SdkClients() {}

    public static StreamClient streamClient(String url) {
        return StreamClient.builder().endpoint(url).configuration(NO_RETRY).build(ThrowawayAuthentication.provider());
    }

    /** The names of the ACTIVE streams in {@link #COMPARTMENT}, sorted. */
    public static List<String> activeStreamNames(StreamAdminClient admin) {
        return admin
                .listStreams(ListStreamsRequest.builder()
                        .compartmentId(COMPARTMENT)
                        .lifecycleState(Stream.LifecycleState.Active)
                        .sortBy(ListStreamsRequest.SortBy.Name)
                        .sortOrder(ListStreamsRequest.SortOrder.Asc)
                        .build())
                .getItems()
                .stream()
                .map(StreamSummary::getName)
                .toList();
    }

    /**
     * A group cursor starting at TRIM_HORIZON for a new group. {@code instance} and {@code timeoutMs} may be null (the
     * service's defaults).
     */
    public static String groupCursor(
            StreamClient c, String streamId, String group, String instance, boolean commitOnGet, Integer timeoutMs) {
        return c.createGroupCursor(CreateGroupCursorRequest.builder()
                        .streamId(streamId)
                        .createGroupCursorDetails(CreateGroupCursorDetails.builder()
                                .groupName(group)
                                .instanceName(instance)
                                .type(CreateGroupCursorDetails.Type.TrimHorizon)
                                .commitOnGet(commitOnGet)
                                .timeoutInMs(timeoutMs)
                                .build())
                        .build())
                .getCursor()
                .getValue();
    }

    /** Everything in a partition, oldest first: a TRIM_HORIZON partition cursor read until a read comes back empty. */
    public static List<Message> readFromStart(StreamClient client, String streamId, String partition) {
        String cursor = client.createCursor(CreateCursorRequest.builder()
                        .streamId(streamId)
                        .createCursorDetails(CreateCursorDetails.builder()
                                .partition(partition)
                                .type(CreateCursorDetails.Type.TrimHorizon)
                                .build())
                        .build())
                .getCursor()
                .getValue();
        List<Message> all = new ArrayList<>();
        while (true) {
            GetMessagesResponse r = client.getMessages(GetMessagesRequest.builder()
                    .streamId(streamId)
                    .cursor(cursor)
                    .limit(10_000)
                    .build());
            if (r.getItems() == null || r.getItems().isEmpty()) {
                return all;
            }
            all.addAll(r.getItems());
            cursor = r.getOpcNextCursor();
        }
    }

    public static StreamAdminClient adminClient(String url) {
        return StreamAdminClient.builder()
                .endpoint(url)
                .configuration(NO_RETRY)
                .build(ThrowawayAuthentication.provider());
    }
}
