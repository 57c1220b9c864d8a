package dev.ocistreaming.camel;

import dev.ocistreaming.camel.consumer.ConsumerInstance;
import dev.ocistreaming.camel.consumer.CursorSession;
import dev.ocistreaming.camel.consumer.GroupCursorSession;
import dev.ocistreaming.camel.consumer.InstanceState;
import dev.ocistreaming.camel.consumer.PartitionCursorSession;
import dev.ocistreaming.camel.metrics.MetersSupport;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code consumersCount} {@link ConsumerInstance} loops (group instances, or one partition reader) on threads
 * of its own, plus one heartbeat task for all of them.
 */
@ManagedResource(description = "OCI Streaming consumer")
public class OciStreamingConsumer extends DefaultConsumer implements Suspendable {

    private static final Logger LOG = LoggerFactory.getLogger(OciStreamingConsumer.class);
    private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    // Read by the heartbeat task, health checks and the dev console while doStart fills it.
    private final List<ConsumerInstance> instances = new CopyOnWriteArrayList<>();
    private ExecutorService executor;
    private ScheduledExecutorService heartbeats;
    private AutoCloseable meters;

    public OciStreamingConsumer(OciStreamingEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public OciStreamingEndpoint getEndpoint() {
        return (OciStreamingEndpoint) super.getEndpoint();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        // Picked up by camel-health's consumers repository when health checks are on.
        OciStreamingConsumerHealthCheck check = new OciStreamingConsumerHealthCheck(this, getRouteId());
        check.setEnabled(((OciStreamingComponent) getEndpoint().getComponent()).isHealthCheckConsumerEnabled());
        setHealthCheck(check);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        startInstances();
        OciStreamingConfiguration c = getEndpoint().getConfiguration();
        meters = MetersSupport.bind(
                getEndpoint().getCamelContext(),
                m -> m.counter(
                                "oci.streaming.consumer.messages",
                                "Messages received",
                                this,
                                OciStreamingConsumer::getMessagesReceived)
                        .counter(
                                "oci.streaming.consumer.commits",
                                "Commits made",
                                this,
                                OciStreamingConsumer::getCommits)
                        .counter(
                                "oci.streaming.consumer.failed.exchanges",
                                "Exchanges failed without being handled",
                                this,
                                OciStreamingConsumer::getFailedExchanges)
                        .counter(
                                "oci.streaming.consumer.service.errors",
                                "Failed calls to the service",
                                this,
                                OciStreamingConsumer::getServiceErrors)
                        .counter(
                                "oci.streaming.consumer.reservations.lost",
                                "Commits or heartbeats refused after a" + " rebalance",
                                this,
                                OciStreamingConsumer::getReservationsLost),
                "routeId",
                String.valueOf(getRouteId()),
                "stream",
                getEndpoint().streamLabel(),
                "group",
                c.groupMode() ? c.getGroupName() : "",
                "partition",
                c.groupMode() ? "" : c.getPartition());
    }

    private void startInstances() {
        OciStreamingEndpoint endpoint = getEndpoint();
        OciStreamingConfiguration c = endpoint.getConfiguration();
        String streamId = endpoint.getStream().id();
        List<ConsumerInstance> created = new ArrayList<>();
        for (int i = 0; i < c.getConsumersCount(); i++) {
            created.add(createInstance(c, streamId, i));
        }
        instances.clear();
        instances.addAll(created);
        var executors = endpoint.getCamelContext().getExecutorServiceManager();
        executor = executors.newFixedThreadPool(this, "OciStreamingConsumer[" + c.getStream() + "]", instances.size());
        instances.forEach(executor::execute);
        if (c.groupMode()) {
            long interval = c.effectiveHeartbeatIntervalMs();
            heartbeats =
                    executors.newSingleThreadScheduledExecutor(this, "OciStreamingHeartbeat[" + c.getStream() + "]");
            long period = Math.max(50, interval / 4);
            heartbeats.scheduleWithFixedDelay(
                    () -> instances.forEach(in -> in.heartbeatIfDue(interval)), period, period, TimeUnit.MILLISECONDS);
        }
    }

    private ConsumerInstance createInstance(OciStreamingConfiguration c, String streamId, int index) {
        var client = getEndpoint().getClient();
        if (!c.groupMode()) {
            Instant time = c.getStartTime() == null ? null : ConfigurationValidator.startInstant(c.getStartTime());
            CursorSession session =
                    new PartitionCursorSession(client, streamId, c.getPartition(), c.cursorType(), c.getOffset(), time);
            return new ConsumerInstance(this, session, c, streamId, "partition " + c.getPartition(), null);
        }
        String name = instanceName(c, index);
        Instant time = c.getStartTime() == null ? null : ConfigurationValidator.startInstant(c.getStartTime());
        CursorSession session = new GroupCursorSession(
                client,
                streamId,
                c.getGroupName(),
                name,
                c.initialPosition(),
                time,
                Math.toIntExact(c.getGroupTimeoutMs()),
                c.commitMode() == CommitMode.ON_GET);
        return new ConsumerInstance(this, session, c, streamId, name, name);
    }

    private static String instanceName(OciStreamingConfiguration c, int index) {
        if (c.getInstanceName() != null) {
            return c.getConsumersCount() == 1 ? c.getInstanceName() : c.getInstanceName() + "-" + (index + 1);
        }
        StringBuilder name = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            name.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
        }
        return name.toString();
    }

    /** Stops fetching, lets each batch in progress finish and commit, then closes; in-flight work past the timeout
     * is interrupted and left uncommitted, so it is read again. */
    @Override
    protected void doStop() throws Exception {
        if (meters != null) {
            meters.close();
            meters = null;
        }
        stopInstances();
        super.doStop();
    }

    private void stopInstances() throws InterruptedException {
        instances.forEach(ConsumerInstance::stop);
        long deadline =
                System.currentTimeMillis() + getEndpoint().getConfiguration().getShutdownTimeoutMs();
        for (ConsumerInstance instance : instances) {
            long left = Math.max(0, deadline - System.currentTimeMillis());
            if (!instance.awaitStopped(left)) {
                LOG.warn(
                        "Consumer {} did not finish its batch within shutdownTimeoutMs; it will be read again",
                        instance.state().instanceName());
            }
        }
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (heartbeats != null) {
            executors.shutdownNow(heartbeats);
            heartbeats = null;
        }
        if (executor != null) {
            executors.shutdownNow(executor);
            executor = null;
        }
    }

    /**
     * Suspending is a graceful stop: the batches in progress finish and commit, and the group's other members take
     * the partitions after groupTimeoutMs (a paused member should not hold them). Resuming rejoins the group, which
     * resumes after the last commit.
     */
    @Override
    protected void doSuspend() throws Exception {
        stopInstances();
    }

    @Override
    protected void doResume() throws Exception {
        startInstances();
    }

    /** @return the state of each instance, for health, the dev console and tests */
    public List<InstanceState> instanceStates() {
        List<InstanceState> states = new ArrayList<>(instances.size());
        instances.forEach(i -> states.add(i.state()));
        return states;
    }

    /** @return whether every instance has made its first GetMessages, so a message put now will be read */
    public boolean isPolling() {
        return instanceStates().stream().allMatch(s -> s.lastPollMillis() != 0);
    }

    @ManagedAttribute(description = "Messages received by all instances")
    public long getMessagesReceived() {
        return instanceStates().stream().mapToLong(InstanceState::received).sum();
    }

    @ManagedAttribute(description = "Commits made by all instances")
    public long getCommits() {
        return instanceStates().stream().mapToLong(InstanceState::commits).sum();
    }

    @ManagedAttribute(description = "Exchanges that failed without being handled")
    public long getFailedExchanges() {
        return instanceStates().stream()
                .mapToLong(InstanceState::failedExchanges)
                .sum();
    }

    @ManagedAttribute(description = "Failed calls to the service by all instances")
    public long getServiceErrors() {
        return instanceStates().stream().mapToLong(InstanceState::serviceErrors).sum();
    }

    @ManagedAttribute(description = "Commits or heartbeats the service refused after a rebalance")
    public long getReservationsLost() {
        return instanceStates().stream()
                .mapToLong(InstanceState::reservationsLost)
                .sum();
    }

    @ManagedAttribute(description = "Instance names in the group")
    public String getInstanceNames() {
        return String.join(
                ",", instanceStates().stream().map(InstanceState::instanceName).toList());
    }
}
