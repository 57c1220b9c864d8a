package dev.ocistreaming.camel;

import dev.ocistreaming.camel.metrics.MetersSupport;
import dev.ocistreaming.camel.producer.ExchangeSend;
import dev.ocistreaming.camel.producer.OutgoingMessage;
import dev.ocistreaming.camel.producer.PendingRecord;
import dev.ocistreaming.camel.producer.ProducerStats;
import dev.ocistreaming.camel.producer.PutResult;
import dev.ocistreaming.camel.producer.RecordAccumulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asynchronous producer: each exchange's messages join a lane of the {@link RecordAccumulator} and the exchange
 * completes (on a worker thread) when the service has answered for all of them.
 */
@ManagedResource(description = "OCI Streaming producer")
public class OciStreamingProducer extends DefaultAsyncProducer {

    private static final Logger LOG = LoggerFactory.getLogger(OciStreamingProducer.class);
    private static final long DRAIN_TIMEOUT_MS = 30_000;

    private final ProducerStats stats = new ProducerStats();
    private ExecutorService senders;
    private ExecutorService callbacks;
    private RecordAccumulator accumulator;
    private OciStreamingProducerHealthCheck healthCheck;
    private WritableHealthCheckRepository healthRepository;
    private AutoCloseable meters;

    public OciStreamingProducer(OciStreamingEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public OciStreamingEndpoint getEndpoint() {
        return (OciStreamingEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        OciStreamingEndpoint endpoint = getEndpoint();
        OciStreamingConfiguration c = endpoint.getConfiguration();
        var executors = endpoint.getCamelContext().getExecutorServiceManager();
        senders = executors.newFixedThreadPool(this, "OciStreamingProducer[" + c.getStream() + "]", c.getMaxInFlight());
        // Routing after the send continues here, not on a sender thread, so a slow route never holds a lane.
        callbacks = executors.newDefaultThreadPool(this, "OciStreamingProducerCallback[" + c.getStream() + "]");
        accumulator = RecordAccumulator.create(
                endpoint::getClient, endpoint.getStream().id(), c, stats, senders);
        healthRepository = HealthCheckHelper.getHealthCheckRepository(
                endpoint.getCamelContext(), "producers", WritableHealthCheckRepository.class);
        if (healthRepository != null) {
            healthCheck = new OciStreamingProducerHealthCheck(this, endpoint.getId());
            healthCheck.setEnabled(((OciStreamingComponent) endpoint.getComponent()).isHealthCheckProducerEnabled());
            healthRepository.addHealthCheck(healthCheck);
        }
        endpoint.producers().add(this);
        meters = MetersSupport.bind(
                endpoint.getCamelContext(),
                m -> m.counter(
                                "oci.streaming.producer.messages",
                                "Messages the service accepted",
                                this,
                                OciStreamingProducer::getMessagesSent)
                        .counter(
                                "oci.streaming.producer.failed",
                                "Messages that failed for good",
                                this,
                                OciStreamingProducer::getMessagesFailed)
                        .counter(
                                "oci.streaming.producer.requests",
                                "PutMessages requests",
                                this,
                                OciStreamingProducer::getRequests)
                        .counter(
                                "oci.streaming.producer.retries",
                                "Messages sent again after throttling or a failure",
                                this,
                                OciStreamingProducer::getRetries)
                        .gauge(
                                "oci.streaming.producer.queued",
                                "Messages waiting for a request",
                                this,
                                OciStreamingProducer::getQueued)
                        .gauge(
                                "oci.streaming.producer.queued.bytes",
                                "Bytes waiting for a request",
                                this,
                                OciStreamingProducer::getQueuedBytes),
                "endpoint",
                endpoint.getId(),
                "stream",
                endpoint.streamLabel());
    }

    @Override
    protected void doStop() throws Exception {
        if (meters != null) {
            meters.close();
            meters = null;
        }
        getEndpoint().producers().remove(this);
        if (healthRepository != null && healthCheck != null) {
            healthRepository.removeHealthCheck(healthCheck);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MS);
        while (accumulator != null && !accumulator.isIdle() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        executors.shutdownGraceful(senders);
        executors.shutdownGraceful(callbacks);
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        OutgoingMessage message;
        try {
            message = OutgoingMessage.of(exchange, getEndpoint().getConfiguration());
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (message.values().isEmpty()) {
            complete(exchange, message, List.of());
            callback.done(true);
            return true;
        }
        ExchangeSend send = new ExchangeSend(
                message.values().size(),
                results -> continueRouting(() -> {
                    complete(exchange, message, results);
                    callback.done(false);
                }));
        List<PendingRecord> records = new ArrayList<>(message.values().size());
        for (int i = 0; i < message.values().size(); i++) {
            records.add(
                    new PendingRecord(message.keys().get(i), message.values().get(i), send, i));
        }
        try {
            if (accumulator.append(records)) {
                return false;
            }
            OciStreamingConfiguration c = getEndpoint().getConfiguration();
            exchange.setException(new OciStreamingQueueFullException("The producer's queue for stream "
                    + getEndpoint().streamLabel() + " is full: " + accumulator.queuedBytes() + " bytes wait for the"
                    + " service (maxQueuedBytes=" + c.getMaxQueuedBytes() + ") and no room came within maxBlockMs="
                    + c.getMaxBlockMs() + "; the service is slow or unreachable"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.setException(new OciStreamingException("Interrupted while waiting for room in the producer's"
                    + " queue for stream " + getEndpoint().streamLabel()));
        }
        callback.done(true);
        return true;
    }

    /** Runs the rest of the route on a callback thread; inline if the pool is gone (stopping). */
    private void continueRouting(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private void complete(Exchange exchange, OutgoingMessage message, List<PutResult> results) {
        var out = exchange.getMessage();
        out.setHeader(OciStreamingConstants.STREAM_ID, getEndpoint().getStream().id());
        if (getEndpoint().getStream().name() != null) {
            // Known when the stream was given or looked up by name; an OCID alone does not tell it.
            out.setHeader(
                    OciStreamingConstants.STREAM_NAME, getEndpoint().getStream().name());
        }
        PutResult last = null;
        int failed = 0;
        for (PutResult r : results) {
            if (r.failed()) {
                failed++;
            } else {
                last = r;
            }
        }
        if (last != null) {
            out.setHeader(OciStreamingConstants.PARTITION, last.partition());
            out.setHeader(OciStreamingConstants.OFFSET, last.offset());
            out.setHeader(OciStreamingConstants.TIMESTAMP, last.timestamp());
        }
        if (message.iterable()) {
            out.setHeader(OciStreamingConstants.RESULTS, results);
            out.setHeader(OciStreamingConstants.FAILED_COUNT, failed);
        }
        if (failed > 0) {
            PutResult first =
                    results.stream().filter(PutResult::failed).findFirst().orElseThrow();
            String what = message.iterable() ? failed + " of " + results.size() + " messages" : "The message";
            exchange.setException(new OciStreamingException(
                    what + " could not be put to stream " + getEndpoint().streamLabel() + ": service error "
                            + first.error() + ": " + first.errorMessage(),
                    first.error(),
                    null));
            LOG.debug(
                    "Put failed for exchange {}: {} {}", exchange.getExchangeId(), first.error(), first.errorMessage());
        }
    }

    ProducerStats stats() {
        return stats;
    }

    @ManagedAttribute(description = "Messages the service accepted")
    public long getMessagesSent() {
        return stats.messagesSent();
    }

    @ManagedAttribute(description = "Messages that failed for good")
    public long getMessagesFailed() {
        return stats.messagesFailed();
    }

    @ManagedAttribute(description = "PutMessages requests made")
    public long getRequests() {
        return stats.requests();
    }

    @ManagedAttribute(description = "Messages sent again after throttling or a failure")
    public long getRetries() {
        return stats.retries();
    }

    @ManagedAttribute(description = "Messages waiting for a request")
    public int getQueued() {
        return accumulator == null ? 0 : accumulator.queued();
    }

    @ManagedAttribute(description = "Bytes of keys and values waiting for a request (bounded by maxQueuedBytes)")
    public long getQueuedBytes() {
        return accumulator == null ? 0 : accumulator.queuedBytes();
    }
}
