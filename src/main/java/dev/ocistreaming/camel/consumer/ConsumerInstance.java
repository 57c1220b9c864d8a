package dev.ocistreaming.camel.consumer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.oracle.bmc.streaming.model.Message;
import dev.ocistreaming.camel.CommitMode;
import dev.ocistreaming.camel.OciStreamingConfiguration;
import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.PollOnError;
import dev.ocistreaming.camel.client.ServiceErrors;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader thread: poll, process each message synchronously in order, then commit the batch. A failed exchange
 * stops the batch and rewinds the session, so the batch comes again; a failed call to the service backs off and
 * re-creates the cursor. Stopping lets the batch in progress finish and commit.
 */
public final class ConsumerInstance implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerInstance.class);
    private static final int MAX_THROTTLED_COMMITS = 5;

    private final DefaultConsumer consumer;
    private final CursorSession session;
    private final OciStreamingConfiguration config;
    private final CommitMode commitMode;
    private final String label;
    private final MessageMapper mapper;
    private final InstanceState state;
    private final PollPacer pacer;
    private final DeliveryAttempts attempts = new DeliveryAttempts();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Batch inProgress;
    /** ON_GET: the last batch, which the service commits only with the next GetMessages. */
    private Batch committedByNextGet;
    private long lastIdleLogMillis;
    private long lastMessageMillis;

    /**
     * @param label        the instance name in group mode, "partition N" in partition mode, for logs
     * @param instanceName the group instance name, or null in partition mode
     */
    public ConsumerInstance(DefaultConsumer consumer, CursorSession session, OciStreamingConfiguration config,
            String streamId, String label, String instanceName) {
        this.consumer = consumer;
        this.session = session;
        this.config = config;
        this.commitMode = config.commitMode();
        this.label = label;
        this.mapper = new MessageMapper(streamId, config.getGroupName(), instanceName);
        this.state = new InstanceState(label);
        this.pacer = new PollPacer(config.getMinPollIntervalMs(), config.effectiveMaxIdlePollIntervalMs(),
                config.getErrorBackoffMs(), config.getMaxErrorBackoffMs());
    }

    @Override
    public void run() {
        if (config.groupMode()) {
            LOG.info("Starting a consumer with instance ID: {}", label);
        }
        try {
            while (running) {
                step();
            }
            commitLastOnGetBatch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("Consumer {} interrupted; the batch in progress is not committed", label);
        } catch (RuntimeException | Error e) {
            // Not a service failure (those are handled in step): a bug or the JVM in trouble. Say so, and let the
            // health check report the instance as stopped rather than let the thread die silently.
            LOG.error("Consumer {} of stream {} stopped by an unexpected error", label, config.getStream(), e);
            state.gaveUp(e.toString());
            throw e;
        } finally {
            if (!state.gaveUp()) {
                state.phase(InstanceState.Phase.STOPPED);
            }
            finished.countDown();
        }
    }

    private void step() throws InterruptedException {
        try {
            if (!session.isOpen()) {
                session.open();
            }
            state.phase(InstanceState.Phase.POLLING);
            long started = System.currentTimeMillis();
            Batch batch = session.poll(config.getMaxMessagesPerPoll());
            recovered();
            state.polled(batch.size());
            // ON_GET: this GetMessages has committed the previous batch.
            committedByNextGet = null;
            if (batch.isEmpty()) {
                state.phase(InstanceState.Phase.IDLE);
                reportIdle(started);
            } else if (!running) {
                // Stopping began while this batch was fetched: leave it uncommitted for the next reader.
                LOG.debug("Consumer {} stopping: {} fetched message(s) left uncommitted", label, batch.size());
                return;
            } else {
                lastMessageMillis = started;
                process(batch);
                if (commitMode == CommitMode.ON_GET) {
                    committedByNextGet = batch;
                }
            }
            pause(pacer.afterPoll(batch.size(), config.getMaxMessagesPerPoll(), started,
                    System.currentTimeMillis()));
        } catch (RuntimeException e) {
            onServiceError(e);
        }
    }

    private void process(Batch batch) throws InterruptedException {
        state.phase(InstanceState.Phase.PROCESSING);
        inProgress = batch;
        int failedAt = -1;
        try {
            for (int i = 0; i < batch.size() && failedAt < 0; i++) {
                if (!processOne(batch, i) && config.isBreakOnFirstError() && commitMode != CommitMode.ON_GET) {
                    failedAt = i;
                }
            }
        } finally {
            inProgress = null;
        }
        if (failedAt >= 0) {
            Message failed = batch.messages().get(failedAt);
            LOG.warn("Message at partition {}, offset {} failed; its batch of {} message(s) is not committed and will"
                    + " be read again", failed.getPartition(), failed.getOffset(), batch.size());
            session.rewind(batch, failedAt);
            state.phase(InstanceState.Phase.BACKING_OFF);
            pause(pacer.afterError());
        } else if (commitMode == CommitMode.AFTER_PROCESSING) {
            commit(batch);
        }
    }

    /** @return true when the exchange completed, or failed but was handled by the route's error handler */
    private boolean processOne(Batch batch, int index) {
        Message m = batch.messages().get(index);
        Exchange exchange = consumer.createExchange(false);
        try {
            mapper.fill(exchange, m, index, batch.size(), attempts.attempt(m.getPartition(), m.getOffset()));
            if (commitMode == CommitMode.MANUAL) {
                exchange.getIn().setHeader(OciStreamingConstants.MANUAL_COMMIT, new BatchCommit(session, batch, state));
            }
            state.delivered(m.getPartition(), m.getOffset());
            try {
                consumer.getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Exception error = exchange.getException();
            if (error == null && !exchange.isRollbackOnly()) {
                attempts.done(m.getPartition(), m.getOffset());
                return true;
            }
            state.exchangeFailed();
            attempts.failed(m.getPartition(), m.getOffset());
            consumer.getExceptionHandler().handleException("Error processing message from stream partition "
                    + m.getPartition() + " at offset " + m.getOffset(), exchange, error);
            return false;
        } finally {
            consumer.releaseExchange(exchange, false);
        }
    }

    private void commit(Batch batch) throws InterruptedException {
        try {
            commitThrottled(batch);
        } catch (RuntimeException e) {
            if (!ServiceErrors.isLostReservation(e)) {
                throw e;
            }
            state.reservationLost();
            LOG.warn("Commit refused for {} ({}): its partitions moved to another instance, which reads the"
                    + " uncommitted batch again", label, ServiceErrors.describe(e));
            session.invalidate();
        }
    }

    /**
     * The service limits commits per second too; a throttled commit is tried again shortly rather than treated as a
     * failure, which would make the whole batch come again.
     */
    private void commitThrottled(Batch batch) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                session.commit(batch);
                state.committed(batch);
                return;
            } catch (RuntimeException e) {
                if (!ServiceErrors.isThrottled(e) || attempt >= MAX_THROTTLED_COMMITS) {
                    throw e;
                }
                LOG.debug("Commit of {} throttled, attempt {}", label, attempt);
                Thread.sleep(config.getErrorBackoffMs() * attempt);
            }
        }
    }

    private void onServiceError(RuntimeException e) throws InterruptedException {
        String reason = ServiceErrors.describe(e);
        int failures = state.failed(reason);
        // A group cursor is cheap to re-create and resumes after the last commit; a partition cursor is kept unless
        // the service rejected it, because re-creating LATEST would skip what arrived meanwhile. Throttling (429)
        // says nothing about the cursor: keep it and just wait.
        if (!ServiceErrors.isThrottled(e) && (config.groupMode() || !ServiceErrors.isRetryable(e))) {
            session.invalidate();
        }
        PollOnError policy = config.pollOnError();
        if (policy == PollOnError.STOP) {
            LOG.error("Consumer {} of stream {} stops (pollOnError=STOP): {}", label, config.getStream(), reason);
            state.gaveUp(reason);
            running = false;
            return;
        }
        if (policy == PollOnError.ERROR_HANDLER) {
            consumer.getExceptionHandler().handleException("OCI Streaming call failed for consumer " + label, e);
        }
        long wait = pacer.afterError();
        if (failures == 1) {
            LOG.warn("Consumer {} cannot read stream {}: {}; retrying with backoff", label, config.getStream(), reason);
        } else {
            LOG.debug("Consumer {} failure {}: {}; next try in {} ms", label, failures, reason, wait);
        }
        state.phase(InstanceState.Phase.BACKING_OFF);
        pause(wait);
    }

    private void recovered() {
        int failures = state.succeeded();
        if (failures > 0) {
            LOG.info("Consumer {} reads stream {} again after {} failed attempt(s)", label, config.getStream(),
                    failures);
        }
    }

    /** Logs only for an instance that has had no message for a while, and then at most once per interval. */
    private void reportIdle(long now) {
        long interval = config.getIdleLogIntervalMs();
        if (now - lastMessageMillis >= interval && now - lastIdleLogMillis >= interval) {
            lastIdleLogMillis = now;
            LOG.info("No new messages... ({})", label);
        }
    }

    /** ON_GET at stop: the last batch would otherwise wait for a GetMessages that never comes. */
    private void commitLastOnGetBatch() {
        Batch last = committedByNextGet;
        if (last == null || !session.isOpen()) {
            return;
        }
        try {
            session.commit(last);
            state.committed(last);
        } catch (RuntimeException e) {
            LOG.debug("Final commit of {} failed: {}", label, ServiceErrors.describe(e));
        }
    }

    /** Sleeps, but wakes at once when stopping so shutdown never waits for a backoff. */
    private void pause(long millis) throws InterruptedException {
        if (millis > 0 && running) {
            stopSignal.await(millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Called by the consumer's heartbeat task: keeps a long batch's partitions reserved. */
    public void heartbeatIfDue(long intervalMillis) {
        Batch batch = inProgress;
        if (batch == null || System.nanoTime() - session.lastContactNanos()
                < TimeUnit.MILLISECONDS.toNanos(intervalMillis)) {
            return;
        }
        try {
            if (session.heartbeat(batch)) {
                state.heartbeat();
                LOG.debug("Heartbeat sent for {}", label);
            }
        } catch (RuntimeException e) {
            if (ServiceErrors.isLostReservation(e)) {
                state.reservationLost();
                LOG.warn("Heartbeat refused for {} ({}): the batch in progress may be read again by another"
                        + " instance", label, ServiceErrors.describe(e));
            } else {
                LOG.debug("Heartbeat failed for {}: {}", label, ServiceErrors.describe(e));
            }
        }
    }

    /** Asks the loop to stop after the batch in progress. */
    public void stop() {
        running = false;
        stopSignal.countDown();
    }

    /** @return true if the loop ended within the time */
    public boolean awaitStopped(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    public InstanceState state() {
        return state;
    }
}
