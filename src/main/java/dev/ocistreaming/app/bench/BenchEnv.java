package dev.ocistreaming.app.bench;

import com.oracle.bmc.ClientConfiguration;
import com.oracle.bmc.retrier.RetryConfiguration;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateCursorDetails;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.PutMessagesResultEntry;
import com.oracle.bmc.streaming.requests.CreateCursorRequest;
import com.oracle.bmc.streaming.requests.CreateGroupCursorRequest;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.GetMessagesRequest;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import com.oracle.bmc.util.CircuitBreakerUtils;
import dev.ocistreaming.camel.OciStreamingComponent;
import dev.ocistreaming.camel.client.ThrowawayAuthentication;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A server URL and what every figure needs against it: SDK clients as a careful user builds them (no SDK retries, no
 * circuit breaker, as the component does), streams, and Camel contexts whose component points at the server.
 */
final class BenchEnv implements AutoCloseable {

    /** JMX and the exchange factory as the launcher's application.properties set them (or -D overrides). */
    static final LauncherCamelDefaults CAMEL_DEFAULTS = LauncherCamelDefaults.load();

    static final String COMPARTMENT = "ocid1.compartment.oc1..bench";
    /** The service allows 5 GetMessages per second per partition per group: one per 200 ms. */
    static final long SERVICE_MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private static final ClientConfiguration NO_RETRY = ClientConfiguration.builder()
            .retryConfiguration(RetryConfiguration.NO_RETRY_CONFIGURATION)
            .circuitBreakerConfiguration(CircuitBreakerUtils.getNoCircuitBreakerConfiguration())
            .build();

    private final String url;
    private final StreamAdminClient admin;
    private final List<AutoCloseable> opened = new ArrayList<>();

    BenchEnv(String url) {
        this.url = url;
        this.admin = StreamAdminClient.builder()
                .endpoint(url)
                .configuration(NO_RETRY)
                .build(ThrowawayAuthentication.provider());
    }

    String url() {
        return url;
    }

    /** A new SDK client, closed with this environment; one per thread, as a user's loop would own one. */
    StreamClient newClient() {
        StreamClient client =
                StreamClient.builder().endpoint(url).configuration(NO_RETRY).build(ThrowawayAuthentication.provider());
        synchronized (opened) {
            opened.add(client);
        }
        return client;
    }

    /** @return the OCID of a new stream (the local server makes it ACTIVE at once) */
    String createStream(String name, int partitions) {
        return admin.createStream(CreateStreamRequest.builder()
                        .createStreamDetails(CreateStreamDetails.builder()
                                .name(name)
                                .partitions(partitions)
                                .compartmentId(COMPARTMENT)
                                .build())
                        .build())
                .getStream()
                .getId();
    }

    /** A started Camel context whose {@code oci-streaming} component uses this server; closed with this environment. */
    CamelContext newCamelContext() {
        CamelContext context = new DefaultCamelContext();
        CAMEL_DEFAULTS.applyTo(context);
        OciStreamingComponent component = new OciStreamingComponent();
        component.getConfiguration().setEndpoint(url);
        context.addComponent("oci-streaming", component);
        synchronized (opened) {
            opened.add(context);
        }
        return context;
    }

    /** One PutMessages of {@code count} keyless copies of {@code value}; @return the entries the service refused */
    static int put(StreamClient client, String streamId, byte[] value, int count) {
        List<PutMessagesDetailsEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(PutMessagesDetailsEntry.builder().value(value).build());
        }
        return refused(client.putMessages(PutMessagesRequest.builder()
                        .streamId(streamId)
                        .putMessagesDetails(
                                PutMessagesDetails.builder().messages(entries).build())
                        .build())
                .getPutMessagesResult()
                .getEntries());
    }

    /**
     * What a careful user writes: one PutMessages of {@code batch} messages after another, failures checked. At least
     * one, so a thread that started late on a loaded machine still has a figure.
     */
    static long putUntil(StreamClient client, String streamId, byte[] value, int batch, long deadlineNanos) {
        long sent = 0;
        do {
            putAll(client, streamId, value, batch);
            sent += batch;
        } while (System.nanoTime() < deadlineNanos);
        return sent;
    }

    /** Writes {@code messages} copies of {@code value} in requests of {@code batch}, one thread per client. */
    static void putCount(List<StreamClient> clients, String streamId, byte[] value, int batch, long messages)
            throws Exception {
        AtomicLong left = new AtomicLong(messages);
        Workers.run(clients.size(), Long.MAX_VALUE / 2, (t, end) -> {
            long sent = 0;
            for (long n; (n = left.getAndAdd(-batch)) > 0; ) {
                int count = (int) Math.min(batch, n);
                putAll(clients.get(t), streamId, value, count);
                sent += count;
            }
            return sent;
        });
    }

    private static void putAll(StreamClient client, String streamId, byte[] value, int count) {
        int refused = put(client, streamId, value, count);
        if (refused > 0) {
            throw new IllegalStateException("the server refused " + refused + " of " + count + " messages");
        }
    }

    /** Sleeps until 200 ms after the previous GetMessages began, as the service's limit asks; @return now */
    static long paceGetMessages(long previousGetNanos) throws InterruptedException {
        long wait = previousGetNanos + SERVICE_MIN_POLL_NANOS - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return System.nanoTime();
    }

    /** A plain cursor at the start of partition 0 of {@code streamId}. */
    static String partitionCursor(StreamClient client, String streamId) {
        return client.createCursor(CreateCursorRequest.builder()
                        .streamId(streamId)
                        .createCursorDetails(CreateCursorDetails.builder()
                                .partition("0")
                                .type(CreateCursorDetails.Type.TrimHorizon)
                                .build())
                        .build())
                .getCursor()
                .getValue();
    }

    /** One GetMessages of at most {@code limit} messages, as a user's loop makes it. */
    static GetMessagesResponse getMessages(StreamClient client, String streamId, String cursor, int limit) {
        return client.getMessages(GetMessagesRequest.builder()
                .streamId(streamId)
                .cursor(cursor)
                .limit(limit)
                .build());
    }

    /** A group cursor from the oldest message, or the newest; {@code commitOnGet} null leaves the service default. */
    static String groupCursor(
            StreamClient client,
            String streamId,
            String group,
            String instance,
            CreateGroupCursorDetails.Type type,
            Boolean commitOnGet) {
        return client.createGroupCursor(CreateGroupCursorRequest.builder()
                        .streamId(streamId)
                        .createGroupCursorDetails(CreateGroupCursorDetails.builder()
                                .groupName(group)
                                .instanceName(instance)
                                .type(type)
                                .commitOnGet(commitOnGet)
                                .build())
                        .build())
                .getCursor()
                .getValue();
    }

    static int refused(List<PutMessagesResultEntry> entries) {
        int refused = 0;
        for (PutMessagesResultEntry e : entries) {
            if (e.getError() != null) {
                refused++;
            }
        }
        return refused;
    }

    @Override
    public void close() throws IOException {
        List<AutoCloseable> all;
        synchronized (opened) {
            all = new ArrayList<>(opened);
            opened.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                // best effort: the benchmark is ending
            }
        }
        admin.close();
    }
}
