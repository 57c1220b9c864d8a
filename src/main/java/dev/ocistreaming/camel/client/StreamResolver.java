package dev.ocistreaming.camel.client;

import com.oracle.bmc.auth.BasicAuthenticationDetailsProvider;
import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.model.StreamSummary;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import com.oracle.bmc.streaming.requests.GetStreamRequest;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import dev.ocistreaming.camel.OciStreamingConfiguration;
import dev.ocistreaming.camel.OciStreamingException;
import dev.ocistreaming.camel.OciStreamingStreamNotUsableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.support.task.Tasks;
import org.apache.camel.support.task.budget.Budgets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the stream an endpoint names: an OCID with a known endpoint needs no call; an OCID without one, or a name,
 * is looked up with the admin API, and a missing named stream is created when {@code createStreamIfMissing}.
 */
public final class StreamResolver {

    private static final Logger LOG = LoggerFactory.getLogger(StreamResolver.class);
    private static final Duration ACTIVE_POLL_INTERVAL = Duration.ofMillis(200);
    private static final long FIRST_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 5000;

    private StreamResolver() {}

    /**
     * Resolves the stream, retrying while the service cannot be reached or answers 429/5xx, for up to
     * {@code startTimeoutMs} (waits from 0.5 s doubling to 5 s): a route started before the service (a container
     * starting in parallel, the local server a moment later) waits for it instead of failing. A refusal (401, 404),
     * a stream that cannot be used, or a bug fails at once.
     *
     * @throws OciStreamingStreamNotUsableException when the stream does not exist (and may not be created) or is not
     *     ACTIVE in time
     * @throws OciStreamingException when the service could not be reached within {@code startTimeoutMs}
     */
    public static ResolvedStream resolve(OciStreamingConfiguration c, BasicAuthenticationDetailsProvider auth)
            throws InterruptedException {
        if (c.isStreamOcid() && (c.getEndpoint() != null || c.getStreamClient() != null)) {
            return new ResolvedStream(c.getStream(), null, c.getEndpoint());
        }
        RetrySchedule retries = new RetrySchedule(RetrySchedule.doubling(FIRST_RETRY_MS, MAX_RETRY_MS)
                .maxElapsedTime(c.getStartTimeoutMs())
                .build());
        while (true) {
            try {
                return lookUp(c, auth);
            } catch (RuntimeException e) {
                if (!ServiceErrors.isRetryable(e)) {
                    throw e;
                }
                if (!retries.canRetry()) {
                    throw new OciStreamingException(
                            "Could not look up stream '" + c.getStream() + "' within startTimeoutMs="
                                    + c.getStartTimeoutMs() + ": " + ServiceErrors.describe(e),
                            null,
                            e);
                }
                long waitMs = retries.nextDelayMillis(ServiceErrors.retryHintMillis(e));
                LOG.info(
                        "Cannot look up stream {} yet ({}); trying again in {} ms, for up to {} s more",
                        c.getStream(),
                        ServiceErrors.describe(e),
                        waitMs,
                        (retries.remainingMillis() + 999) / 1000);
                Thread.sleep(waitMs);
            }
        }
    }

    private static ResolvedStream lookUp(OciStreamingConfiguration c, BasicAuthenticationDetailsProvider auth)
            throws InterruptedException {
        try (StreamAdminClient admin = OciClientFactory.adminClient(c, auth)) {
            Stream stream = c.isStreamOcid()
                    ? admin.getStream(GetStreamRequest.builder()
                                    .streamId(c.getStream())
                                    .build())
                            .getStream()
                    : findOrCreate(admin, c);
            String endpoint = c.getEndpoint() != null ? c.getEndpoint() : stream.getMessagesEndpoint();
            return new ResolvedStream(stream.getId(), stream.getName(), endpoint);
        }
    }

    private static Stream findOrCreate(StreamAdminClient admin, OciStreamingConfiguration c)
            throws InterruptedException {
        StreamSummary found = findByName(admin, c);
        if (found != null) {
            LOG.debug("Stream {} is {}", c.getStream(), found.getId());
            return waitUntilActive(admin, found.getId(), c);
        }
        if (!c.isCreateStreamIfMissing()) {
            throw new OciStreamingStreamNotUsableException("Stream '" + c.getStream() + "' not found in " + where(c)
                    + "; set createStreamIfMissing=true to create it, or check the name");
        }
        LOG.info("Creating stream {} with {} partition(s) in {}", c.getStream(), c.getPartitions(), where(c));
        Stream created = admin.createStream(CreateStreamRequest.builder()
                        .createStreamDetails(CreateStreamDetails.builder()
                                .name(c.getStream())
                                .partitions(c.getPartitions())
                                .compartmentId(c.getCompartmentId())
                                .streamPoolId(c.getStreamPoolId())
                                .build())
                        .build())
                .getStream();
        return waitUntilActive(admin, created.getId(), c);
    }

    private static StreamSummary findByName(StreamAdminClient admin, OciStreamingConfiguration c) {
        String page = null;
        do {
            var response = admin.listStreams(ListStreamsRequest.builder()
                    .compartmentId(c.getCompartmentId())
                    .streamPoolId(c.getStreamPoolId())
                    .name(c.getStream())
                    .limit(50)
                    .page(page)
                    .build());
            List<StreamSummary> items = response.getItems();
            for (StreamSummary s : items == null ? List.<StreamSummary>of() : items) {
                if (c.getStream().equals(s.getName())
                        && s.getLifecycleState() != null
                        && isUsable(Stream.LifecycleState.create(
                                s.getLifecycleState().getValue()))) {
                    return s;
                }
            }
            page = response.getOpcNextPage();
        } while (page != null);
        return null;
    }

    private static boolean isUsable(Stream.LifecycleState state) {
        return state != Stream.LifecycleState.Deleted
                && state != Stream.LifecycleState.Deleting
                && state != Stream.LifecycleState.Failed;
    }

    /**
     * Polls GetStream every 200 ms until ACTIVE, for up to {@code streamActiveTimeoutMs}, with Camel's foreground task
     * (the SDK's waiter would leave threads behind a stopped route). A failed call ends the wait and goes to the
     * caller's retries.
     */
    private static Stream waitUntilActive(StreamAdminClient admin, String id, OciStreamingConfiguration c)
            throws InterruptedException {
        AtomicReference<Stream> last = new AtomicReference<>();
        boolean active = Tasks.foregroundTask()
                .withName("oci-streaming-wait-for-active-" + id)
                .withBudget(Budgets.iterationTimeBudget()
                        .withMaxDuration(Duration.ofMillis(Math.max(1, c.getStreamActiveTimeoutMs())))
                        .withInterval(ACTIVE_POLL_INTERVAL)
                        .build())
                .build()
                .run(null, () -> {
                    Stream stream = admin.getStream(
                                    GetStreamRequest.builder().streamId(id).build())
                            .getStream();
                    last.set(stream);
                    if (!isUsable(stream.getLifecycleState())) {
                        throw notActive(stream, id, c);
                    }
                    return stream.getLifecycleState() == Stream.LifecycleState.Active;
                });
        if (active) {
            return last.get();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("stopped while waiting for stream " + id + " to become ACTIVE");
        }
        throw notActive(last.get(), id, c);
    }

    private static OciStreamingStreamNotUsableException notActive(
            Stream stream, String id, OciStreamingConfiguration c) {
        String name = stream == null ? c.getStream() : stream.getName();
        Object state = stream == null ? "unknown" : stream.getLifecycleState();
        return new OciStreamingStreamNotUsableException("Stream '" + name + "' (" + id + ") is " + state
                + ", not ACTIVE, after " + c.getStreamActiveTimeoutMs() + " ms (streamActiveTimeoutMs)");
    }

    private static String where(OciStreamingConfiguration c) {
        return c.getCompartmentId() != null
                ? "compartment " + c.getCompartmentId()
                : "stream pool " + c.getStreamPoolId();
    }
}
