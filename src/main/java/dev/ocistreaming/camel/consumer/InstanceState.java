package dev.ocistreaming.camel.consumer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What one consumer instance has done and is doing: read by the health check, the dev console and JMX. */
public final class InstanceState {

    /** Where the instance's loop is. */
    public enum Phase {
        STARTING,
        POLLING,
        IDLE,
        PROCESSING,
        BACKING_OFF,
        /** MANUAL: not fetching until the route commits (maxUncommittedMessages); still heartbeating. */
        WAITING_FOR_COMMITS,
        STOPPED
    }

    private final String instanceName;
    private volatile Phase phase = Phase.STARTING;
    private volatile String lastError;
    private volatile int consecutiveFailures;
    private volatile boolean gaveUp;
    private volatile String lastPartition;
    private volatile Long lastOffset;
    private volatile long lastCommitMillis;
    private volatile long lastHeartbeatMillis;
    private volatile long lastPollMillis;
    private volatile int uncommittedMessages;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong failedExchanges = new AtomicLong();
    private final AtomicLong reservationsLost = new AtomicLong();
    private final AtomicLong serviceErrors = new AtomicLong();
    /** Per partition: the last offset committed by this instance. */
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    /** Per partition: when this instance last got a message from it (the service does not announce assignments). */
    private final Map<String, Long> partitionsSeen = new ConcurrentHashMap<>();

    public InstanceState(String instanceName) {
        this.instanceName = instanceName;
    }

    void phase(Phase phase) {
        this.phase = phase;
    }

    void polled(int messages) {
        lastPollMillis = System.currentTimeMillis();
        received.addAndGet(messages);
    }

    void delivered(String partition, long offset) {
        lastPartition = partition;
        lastOffset = offset;
        partitionsSeen.put(partition, System.currentTimeMillis());
    }

    /** @return the number of failures this success ended (0 if there was none) */
    int succeeded() {
        int ended = consecutiveFailures;
        consecutiveFailures = 0;
        lastError = null;
        return ended;
    }

    int failed(String reason) {
        serviceErrors.incrementAndGet();
        lastError = reason;
        return ++consecutiveFailures;
    }

    void gaveUp(String reason) {
        lastError = reason;
        gaveUp = true;
        phase = Phase.STOPPED;
    }

    void committed(CommitPoint point) {
        lastCommitMillis = System.currentTimeMillis();
        commits.incrementAndGet();
        point.lastOffsets().forEach((partition, offset) -> committed.merge(partition, offset, Math::max));
    }

    void uncommitted(int messages) {
        uncommittedMessages = messages;
    }

    void heartbeat() {
        lastHeartbeatMillis = System.currentTimeMillis();
    }

    void reservationLost() {
        reservationsLost.incrementAndGet();
    }

    void exchangeFailed() {
        failedExchanges.incrementAndGet();
    }

    public String instanceName() {
        return instanceName;
    }

    public Phase phase() {
        return phase;
    }

    /** @return why the instance cannot talk to the service, or null while it can */
    public String lastError() {
        return lastError;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public boolean gaveUp() {
        return gaveUp;
    }

    public String lastPartition() {
        return lastPartition;
    }

    public Long lastOffset() {
        return lastOffset;
    }

    public long lastCommitMillis() {
        return lastCommitMillis;
    }

    public long lastHeartbeatMillis() {
        return lastHeartbeatMillis;
    }

    public long lastPollMillis() {
        return lastPollMillis;
    }

    /** @return in MANUAL mode, the delivered messages whose commit the route has not yet made */
    public int uncommittedMessages() {
        return uncommittedMessages;
    }

    public long received() {
        return received.get();
    }

    public long commits() {
        return commits.get();
    }

    public long failedExchanges() {
        return failedExchanges.get();
    }

    /** @return failed calls to the service since the start */
    public long serviceErrors() {
        return serviceErrors.get();
    }

    /** @return how often the service refused a commit or heartbeat because a partition had moved on */
    public long reservationsLost() {
        return reservationsLost.get();
    }

    public Map<String, Long> committedOffsets() {
        return Map.copyOf(committed);
    }

    /** @return partitions this instance got messages from within the last {@code withinMillis} */
    public java.util.Set<String> recentPartitions(long withinMillis) {
        long since = System.currentTimeMillis() - withinMillis;
        java.util.Set<String> recent = new java.util.TreeSet<>();
        partitionsSeen.forEach((p, t) -> {
            if (t >= since) {
                recent.add(p);
            }
        });
        return recent;
    }
}
