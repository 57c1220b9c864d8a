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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the stream an endpoint names: an OCID with a known endpoint needs no call; an OCID without one, or a name,
 * is looked up with the admin API, and a missing named stream is created when {@code createStreamIfMissing}.
 */
public final class StreamResolver {

    private static final Logger LOG = LoggerFactory.getLogger(StreamResolver.class);
    private static final long ACTIVE_POLL_MS = 200;
    private static final long FIRST_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 5000;

    private StreamResolver() {}

    /**
     * Resolves the stream, retrying while the service cannot be reached or answers 429/5xx, for up to
     * {@code startTimeoutMs}: a route started before the service (a container starting in parallel, the local
     * server a moment later) waits for it instead of failing. A refusal (401, 404, a bad name) fails at once.
     */
    public static ResolvedStream resolve(OciStreamingConfiguration c, BasicAuthenticationDetailsProvider auth)
            throws InterruptedException {
        if (c.isStreamOcid() && (c.getEndpoint() != null || c.getStreamClient() != null)) {
            return new ResolvedStream(c.getStream(), null, c.getEndpoint());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(c.getStartTimeoutMs());
        long delayMs = FIRST_RETRY_MS;
        while (true) {
            try {
                return lookUp(c, auth);
            } catch (RuntimeException e) {
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                // isRetryable passes any unknown RuntimeException (a dead connection arrives as one); the
                // lookup's own verdicts (no such stream, not ACTIVE) are final
                if (!ServiceErrors.isRetryable(e)
                        || e instanceof IllegalArgumentException
                        || e instanceof IllegalStateException) {
                    throw e;
                }
                if (leftMs <= 0) {
                    throw new IllegalStateException(
                            "Could not look up stream '" + c.getStream() + "' within" + " startTimeoutMs="
                                    + c.getStartTimeoutMs() + ": " + ServiceErrors.describe(e),
                            e);
                }
                long waitMs = Math.min(delayMs, leftMs);
                LOG.info(
                        "Cannot look up stream {} yet ({}); trying again in {} ms, for up to {} s more",
                        c.getStream(),
                        ServiceErrors.describe(e),
                        waitMs,
                        (leftMs + 999) / 1000);
                Thread.sleep(waitMs);
                delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
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
            throw new IllegalArgumentException("Stream '" + c.getStream() + "' not found in " + where(c)
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

    /** Polls GetStream (a plain loop rather than the SDK waiter, whose threads outlive a stopped route). */
    private static Stream waitUntilActive(StreamAdminClient admin, String id, OciStreamingConfiguration c)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(c.getStreamActiveTimeoutMs());
        while (true) {
            Stream stream = admin.getStream(
                            GetStreamRequest.builder().streamId(id).build())
                    .getStream();
            if (stream.getLifecycleState() == Stream.LifecycleState.Active) {
                return stream;
            }
            if (!isUsable(stream.getLifecycleState()) || System.nanoTime() > deadline) {
                throw new IllegalStateException("Stream '" + stream.getName() + "' (" + id + ") is "
                        + stream.getLifecycleState() + ", not ACTIVE, after " + c.getStreamActiveTimeoutMs() + " ms");
            }
            Thread.sleep(ACTIVE_POLL_MS);
        }
    }

    private static String where(OciStreamingConfiguration c) {
        return c.getCompartmentId() != null
                ? "compartment " + c.getCompartmentId()
                : "stream pool " + c.getStreamPoolId();
    }
}
