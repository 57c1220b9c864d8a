package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.model.Message;
import dev.ocistreaming.camel.CommitMode;
import dev.ocistreaming.camel.OciStreamingConfiguration;
import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingManualCommit;
import dev.ocistreaming.camel.PollOnError;
import dev.ocistreaming.camel.client.ServiceErrors;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader thread: poll, process each message synchronously in order, then commit the batch (or, in MANUAL mode,
 * leave the commits to the route through {@link WatermarkCommits}). A failed exchange stops the batch and rewinds the
 * session, so the batch comes again; a failed call to the service backs off and re-creates the cursor. Stopping lets
 * the batch in progress finish and commit.
 */
public final class ConsumerInstance implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerInstance.class);

    private final DefaultConsumer consumer;
    private final CursorSession session;
    private final OciStreamingConfiguration config;
    private final CommitMode commitMode;
    private final String label;
    private final MessageMapper mapper;
    private final InstanceState state;
    private final PollPacer pacer;
    private final DeliveryAttempts attempts = new DeliveryAttempts();
    private final Committer committer;
    /** MANUAL mode only: what the route acknowledged and what that lets the component commit. */
    private final WatermarkCommits watermarks;

    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Batch inProgress;
    /** MANUAL only: the next poll, made while the batch before it is delivered; null in the other modes. */
    private final ReadAhead readAhead;
    /** ON_GET: the last batch, which the service commits only with the next GetMessages. */
    private Batch committedByNextGet;

    private long lastIdleLogMillis;
    private long lastMessageMillis;

    /**
     * @param label        the instance name in group mode, "partition N" in partition mode, for logs
     * @param instanceName the group instance name, or null in partition mode
     */
    public ConsumerInstance(
            DefaultConsumer consumer,
            CursorSession session,
            OciStreamingConfiguration config,
            String streamId,
            String label,
            String instanceName) {
        this.consumer = consumer;
        this.session = session;
        this.config = config;
        this.commitMode = config.commitMode();
        this.label = label;
        this.mapper = new MessageMapper(streamId, config.getGroupName(), instanceName);
        this.state = new InstanceState(label);
        this.pacer = new PollPacer(
                config.getMinPollIntervalMs(),
                config.effectiveMaxIdlePollIntervalMs(),
                config.getErrorBackoffMs(),
                config.getMaxErrorBackoffMs());
        this.committer =
                new Committer(session, state, config.getErrorBackoffMs(), config.getMaxErrorBackoffMs(), label);
        this.watermarks = commitMode == CommitMode.MANUAL
                ? new WatermarkCommits(session, committer, state, label, config.getMaxUncommittedMessages())
                : null;
        this.readAhead = watermarks != null
                ? new ReadAhead(
                        consumer.getEndpoint().getCamelContext().getExecutorServiceManager(),
                        consumer,
                        "OciStreamingReadAhead[" + label + "]")
                : null;
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
            // Not a service failure (those are handled in step): a bug or the JVM in trouble. Trying again would fail
            // the same way, so the instance stops, says so, and the health check reports it as stopped with the
            // cause, rather than count it as a service error and retry it for ever.
            LOG.error(
                    "Consumer {} of stream {} stopped by an unexpected error (a bug, not a failure of the service;"
                            + " not retried)",
                    label,
                    config.getStream(),
                    e);
            state.gaveUp(e.toString());
            if (e instanceof Error error) {
                throw error; // the JVM's own trouble goes on to the thread's handler; a bug has been reported here
            }
        } finally {
            if (readAhead != null) {
                readAhead.close();
            }
            if (watermarks != null) {
                watermarks.close();
            }
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
            if (watermarks != null && !watermarks.hasRoom()) {
                waitForCommits();
                return;
            }
            if (state.phase() == InstanceState.Phase.WAITING_FOR_COMMITS) {
                LOG.info("Consumer {} fetches again: the route's commits caught up", label);
            }
            state.phase(InstanceState.Phase.POLLING);
            ReadAhead.Fetched fetched = readAhead != null && readAhead.hasNext() ? readAhead.take() : fetch(0);
            long started = fetched.startedMillis();
            long generation = fetched.generation();
            Batch batch = fetched.batch();
            recovered();
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
                if (readAhead != null && watermarks.hasRoom()) {
                    // the next poll, after the pacer's wait, while this batch is delivered (see ReadAhead)
                    long wait = pacer.afterPoll(batch.size(), started, System.currentTimeMillis());
                    readAhead.start(() -> fetch(wait));
                }
                process(batch, generation);
                if (commitMode == CommitMode.ON_GET) {
                    committedByNextGet = batch;
                }
                if (readAhead == null || !readAhead.hasNext()) {
                    pause(pacer.afterPoll(batch.size(), started, System.currentTimeMillis()));
                }
                return;
            }
            pause(pacer.afterPoll(batch.size(), started, System.currentTimeMillis()));
        } catch (RuntimeException e) {
            if (!ServiceErrors.isServiceFailure(e)) {
                throw e; // not the service's: a bug, which run() reports and which trying again would not cure
            }
            onServiceError(e);
        }
    }

    /**
     * One GetMessages after {@code waitMillis} (cut short when stopping), with the watermark generation read before it:
     * on the instance's thread, or on the read-ahead thread while the instance delivers the batch before.
     */
    private ReadAhead.Fetched fetch(long waitMillis) throws InterruptedException {
        pause(waitMillis);
        long started = System.currentTimeMillis();
        long generation = watermarks == null ? 0 : watermarks.generation();
        Batch batch = session.poll(config.getMaxMessagesPerPoll());
        state.polled(batch.size()); // counted when received, also when that is ahead of the delivery
        return new ReadAhead.Fetched(batch, generation, started);
    }

    /**
     * MANUAL: stops fetching while too many delivered messages wait for the route's commits; the heartbeat task keeps
     * the reservation meanwhile, and a commit (or a stop) wakes the loop.
     */
    private void waitForCommits() throws InterruptedException {
        if (state.phase() != InstanceState.Phase.WAITING_FOR_COMMITS) {
            state.phase(InstanceState.Phase.WAITING_FOR_COMMITS);
            LOG.info(
                    "Consumer {} stops fetching: {} delivered message(s) are not committed yet"
                            + " (maxUncommittedMessages={}); it keeps its partitions and goes on once the route commits",
                    label,
                    watermarks.uncommittedMessages(),
                    config.getMaxUncommittedMessages());
        }
        watermarks.awaitRoom(config.effectiveHeartbeatIntervalMs());
    }

    /** @param generation MANUAL: the watermark generation read before the poll */
    private void process(Batch batch, long generation) throws InterruptedException {
        if (watermarks != null && !watermarks.admit(batch, generation)) {
            LOG.debug(
                    "Consumer {}: {} fetched message(s) not delivered: the session was discarded; they come again",
                    label,
                    batch.size());
            return;
        }
        state.phase(InstanceState.Phase.PROCESSING);
        inProgress = batch;
        int failedAt = -1;
        try {
            List<int[]> deliveries = config.isBatching() ? PartitionGroups.of(batch.messages()) : null;
            int count = deliveries == null ? batch.size() : deliveries.size();
            for (int i = 0; i < count && failedAt < 0; i++) {
                if (watermarks != null && !watermarks.isCurrent(generation)) {
                    LOG.debug("Consumer {}: the session was discarded; the rest of the batch comes again", label);
                    break;
                }
                boolean done = deliveries == null
                        ? processOne(batch, i, generation)
                        : processPartition(batch, deliveries.get(i), i, count, generation);
                if (!done && config.isBreakOnFirstError() && commitMode != CommitMode.ON_GET) {
                    failedAt = deliveries == null ? i : deliveries.get(i)[0];
                }
            }
        } finally {
            inProgress = null;
        }
        if (failedAt >= 0) {
            Message failed = batch.messages().get(failedAt);
            if (watermarks != null) {
                LOG.warn(
                        "Message at partition {}, offset {} failed; what was delivered after the group's last commit"
                                + " will be read again",
                        failed.getPartition(),
                        failed.getOffset());
                watermarks.discard("unhandled failure");
            } else {
                LOG.warn(
                        "Message at partition {}, offset {} failed; its batch of {} message(s) is not committed and"
                                + " will be read again",
                        failed.getPartition(),
                        failed.getOffset(),
                        batch.size());
                session.rewind(batch, failedAt);
            }
            state.phase(InstanceState.Phase.BACKING_OFF);
            pause(pacer.afterError());
        } else if (commitMode == CommitMode.AFTER_PROCESSING) {
            commit(batch);
        }
    }

    /** @return true when the exchange completed, or failed but was handled by the route's error handler */
    private boolean processOne(Batch batch, int index, long generation) {
        Message m = batch.messages().get(index);
        Exchange exchange = consumer.createExchange(false);
        try {
            fill(exchange, batch, index, index, batch.size(), generation);
            state.delivered(m.getPartition(), m.getOffset());
            if (deliver(exchange)) {
                attempts.done(m.getPartition(), m.getOffset());
                return true;
            }
            attempts.failed(m.getPartition(), m.getOffset());
            consumer.getExceptionHandler()
                    .handleException(
                            "Error processing message from stream partition " + m.getPartition() + " at offset "
                                    + m.getOffset(),
                            exchange,
                            exchange.getException());
            return false;
        } finally {
            consumer.releaseExchange(exchange, false);
        }
    }

    /**
     * batching=true: one exchange for the messages of one partition in the batch (their indexes, in offset order);
     * its body is their exchanges, each made when the route first reads it.
     *
     * @return true when the exchange completed, or failed but was handled by the route's error handler
     */
    private boolean processPartition(Batch batch, int[] group, int index, int count, long generation) {
        List<Exchange> messages = new MessageExchanges(
                group.length,
                i -> batch.messages().get(group[i]),
                i -> manualCommit(batch, group[i], generation),
                i -> {
                    Exchange message = consumer.getEndpoint().createExchange();
                    fill(message, batch, group[i], i, group.length, generation);
                    return message;
                });
        Message first = batch.messages().get(group[0]);
        Message last = batch.messages().get(group[group.length - 1]);
        Exchange exchange = consumer.createExchange(false);
        try {
            mapper.fillGroup(exchange, messages, last, index, count);
            if (watermarks != null) {
                exchange.getIn()
                        .setHeader(
                                OciStreamingConstants.MANUAL_COMMIT,
                                manualCommit(batch, group[group.length - 1], generation));
            }
            state.delivered(last.getPartition(), last.getOffset());
            if (deliver(exchange)) {
                for (int i : group) {
                    Message m = batch.messages().get(i);
                    attempts.done(m.getPartition(), m.getOffset());
                }
                return true;
            }
            for (int i : group) {
                Message m = batch.messages().get(i);
                attempts.failed(m.getPartition(), m.getOffset());
            }
            consumer.getExceptionHandler()
                    .handleException(
                            "Error processing messages from stream partition " + first.getPartition() + " at offsets "
                                    + first.getOffset() + ".." + last.getOffset(),
                            exchange,
                            exchange.getException());
            return false;
        } finally {
            consumer.releaseExchange(exchange, false);
        }
    }

    /**
     * The body and headers of the batch's message {@code message}, and in MANUAL mode the commit that acknowledges it;
     * {@code index} of {@code size} is its place among the messages delivered together (the batch, or its group).
     */
    private void fill(Exchange exchange, Batch batch, int message, int index, int size, long generation) {
        Message m = batch.messages().get(message);
        mapper.fill(exchange, m, index, size, attempts.attempt(m.getPartition(), m.getOffset()));
        if (watermarks != null) {
            exchange.getIn().setHeader(OciStreamingConstants.MANUAL_COMMIT, manualCommit(batch, message, generation));
        }
    }

    /** In MANUAL mode, the commit that acknowledges the batch's message {@code message}; null otherwise. */
    private OciStreamingManualCommit manualCommit(Batch batch, int message, long generation) {
        if (watermarks == null) {
            return null;
        }
        Message m = batch.messages().get(message);
        return watermarks.handle(generation, batch.commitPoint(), m.getPartition(), m.getOffset());
    }

    /** @return true when the exchange completed (false: failed, and not handled by the route's error handler) */
    private boolean deliver(Exchange exchange) {
        try {
            consumer.getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() == null && !exchange.isRollbackOnly()) {
            return true;
        }
        state.exchangeFailed();
        return false;
    }

    private void commit(Batch batch) throws InterruptedException {
        try {
            committer.commit(batch.commitPoint());
        } catch (RuntimeException e) {
            if (!committer.refused(
                    e, "its partitions moved to another instance, which reads the uncommitted batch" + " again")) {
                throw e;
            }
            session.invalidate();
        }
    }

    private void onServiceError(RuntimeException e) throws InterruptedException {
        String reason = ServiceErrors.describe(e);
        int failures = state.failed(reason);
        // A group cursor is cheap to re-create and resumes after the last commit; a partition cursor is kept unless
        // the service rejected it, because re-creating LATEST would skip what arrived meanwhile. Throttling (429)
        // says nothing about the cursor: keep it and just wait.
        if (!ServiceErrors.isThrottled(e) && (config.groupMode() || !ServiceErrors.isRetryable(e))) {
            if (watermarks != null) {
                watermarks.discard("the cursor is re-created after " + reason);
            } else {
                session.invalidate();
            }
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
            LOG.info(
                    "Consumer {} reads stream {} again after {} failed attempt(s)",
                    label,
                    config.getStream(),
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
            session.commit(last.commitPoint());
            state.committed(last.commitPoint());
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

    /**
     * Called by the consumer's heartbeat task: keeps the partitions reserved while a long batch is in progress, and
     * in MANUAL mode while delivered messages wait for the route's commits (fetching may be paused then).
     */
    public void heartbeatIfDue(long intervalMillis) {
        boolean holding = inProgress != null || (watermarks != null && watermarks.hasUncommitted());
        if (!holding
                || System.nanoTime() - session.lastContactNanos() < TimeUnit.MILLISECONDS.toNanos(intervalMillis)) {
            return;
        }
        try {
            if (session.heartbeat()) {
                state.heartbeat();
                LOG.debug("Heartbeat sent for {}", label);
            }
        } catch (RuntimeException e) {
            if (ServiceErrors.isLostReservation(e)) {
                state.reservationLost();
                LOG.warn(
                        "Heartbeat refused for {} ({}): the batch in progress may be read again by another"
                                + " instance",
                        label,
                        ServiceErrors.describe(e));
            } else {
                LOG.debug("Heartbeat failed for {}: {}", label, ServiceErrors.describe(e));
            }
        }
    }

    /** Asks the loop to stop after the batch in progress. */
    public void stop() {
        running = false;
        stopSignal.countDown();
        if (watermarks != null) {
            watermarks.wakeUp();
        }
    }

    /** @return true if the loop ended within the time */
    public boolean awaitStopped(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    public InstanceState state() {
        return state;
    }
}
