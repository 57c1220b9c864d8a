package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.model.BmcException;
import dev.ocistreaming.camel.OciStreamingException;
import dev.ocistreaming.camel.OciStreamingManualCommit;
import dev.ocistreaming.camel.client.ServiceErrors;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code commitMode=MANUAL} for one consumer instance: watermark (cumulative) acknowledgements, and the commits they
 * allow.
 *
 * <p>A route's {@code commit()} acknowledges its message and every earlier message of the same partition that this
 * instance delivered. The service commits per cursor, and a group cursor carries the position of every partition
 * read so far in the session, so the only cursor that may be committed is that of the newest batch which, together
 * with every batch before it, is wholly acknowledged. A {@code commit()} that completes no such batch sends nothing;
 * the later one that does sends the commit, and that covers the earlier batches too.
 *
 * <p>Commits are sent by the thread that calls {@code commit()}, which waits for the service's answer; a lock sends
 * them one at a time, in batch order, so the group's position never moves back. A discard (an unhandled failure, a
 * re-created cursor, a refused commit) takes the same lock, forgets every delivered batch and acknowledgement and
 * starts a new generation: nothing of a discarded session is committed after it, and a late {@code commit()} of an
 * exchange from before is ignored. Nothing is ever committed without a {@code commit()} call.
 */
final class WatermarkCommits {

    private static final Logger LOG = LoggerFactory.getLogger(WatermarkCommits.class);

    private final CursorSession session;
    private final Committer committer;
    private final InstanceState state;
    private final String label;
    private final int maxUncommittedMessages;
    /** Held while a commit is sent and while discarding: commits go out in order, never after a discard. */
    private final ReentrantLock sending = new ReentrantLock();

    // Guarded by this.
    private final ArrayDeque<CommitPoint> uncommitted = new ArrayDeque<>();
    /** Per partition, the highest offset acknowledged in this generation. */
    private final Map<String, Long> acknowledged = new HashMap<>();
    /** Per partition, the highest offset delivered in this generation. */
    private final Map<String, Long> delivered = new HashMap<>();

    private long generation;
    private long committedSequence = -1;
    private int uncommittedMessages;
    private boolean closed;

    WatermarkCommits(
            CursorSession session, Committer committer, InstanceState state, String label, int maxUncommittedMessages) {
        this.session = session;
        this.committer = committer;
        this.state = state;
        this.label = label;
        this.maxUncommittedMessages = maxUncommittedMessages;
    }

    /** @return the current generation; read before a poll, so a batch fetched across a discard is recognised */
    synchronized long generation() {
        return generation;
    }

    synchronized boolean isCurrent(long generation) {
        return this.generation == generation;
    }

    /**
     * Registers a batch about to be delivered.
     *
     * @return false when the batch must not be delivered (it comes again from the group's last commit): the session
     *         was discarded since {@code generation} was read; or the service went back in a partition, which it does
     *         only when the group's position was reset under this instance (a partition lost and regained, UpdateGroup,
     *         a restarted service). Either way the session is discarded here, so that within one generation a
     *         partition's offsets only grow and "earlier" means delivered before
     */
    boolean admit(Batch batch, long generation) {
        String again = null;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (generation == this.generation) {
                again = deliveredBefore(batch);
                if (again == null) {
                    batch.messages().forEach(m -> delivered.merge(m.getPartition(), m.getOffset(), Math::max));
                    uncommitted.addLast(batch.commitPoint());
                    uncommittedMessages += batch.size();
                    state.uncommitted(uncommittedMessages);
                    return true;
                }
            }
        }
        if (again == null) {
            // Fetched before a discard (a poll made ahead, or under way while a route thread discarded): the session's
            // cursor has moved past it, so it is discarded again, and it comes again from the group's last commit with
            // whatever was fetched after it. Were the session kept, a later batch's commit would pass these messages.
            discard("a batch fetched before the last discard");
            return false;
        }
        LOG.warn(
                "Consumer {}: the service delivered {} again, so the group's position was reset under this instance"
                        + " (a partition lost and regained, UpdateGroup, a restarted service); what is not committed comes"
                        + " again from the group's last commit",
                label,
                again);
        discard("position reset by the service");
        return false;
    }

    private String deliveredBefore(Batch batch) {
        for (var m : batch.messages()) {
            Long before = delivered.get(m.getPartition());
            if (before != null && m.getOffset() <= before) {
                return "partition " + m.getPartition() + " offset " + m.getOffset();
            }
        }
        return null;
    }

    /** @return the header value for one delivered message */
    OciStreamingManualCommit handle(long generation, CommitPoint batch, String partition, long offset) {
        return new Acknowledgement(this, generation, batch.sequence(), partition, offset);
    }

    /** @return true while fewer than maxUncommittedMessages delivered messages wait for a commit */
    synchronized boolean hasRoom() {
        return uncommittedMessages < maxUncommittedMessages;
    }

    synchronized boolean hasUncommitted() {
        return !uncommitted.isEmpty();
    }

    synchronized int uncommittedMessages() {
        return uncommittedMessages;
    }

    /** Waits, while there is no room, until a commit or discard, {@link #wakeUp()}, or the time is up. */
    synchronized void awaitRoom(long millis) throws InterruptedException {
        if (!closed && !hasRoom()) {
            wait(millis);
        }
    }

    synchronized void wakeUp() {
        notifyAll();
    }

    /**
     * Forgets every delivered batch and acknowledgement and invalidates the session, so everything after the
     * group's last commit is delivered again; later commits of exchanges delivered before are ignored.
     */
    void discard(String reason) {
        sending.lock();
        try {
            discardWhileSending(reason);
        } finally {
            sending.unlock();
        }
    }

    /** The instance stopped: commits of its exchanges that come later are ignored. */
    synchronized void close() {
        closed = true;
        reset();
    }

    private void discardWhileSending(String reason) {
        // The session first, then the generation: a poll that reads the new generation then polls after the session
        // was invalidated, so its batch comes from a new cursor at the group's last commit, never from the old one.
        session.invalidate();
        int dropped;
        synchronized (this) {
            dropped = uncommittedMessages;
            reset();
        }
        if (dropped > 0) {
            LOG.debug(
                    "Consumer {}: {} delivered message(s) not committed are dropped ({}); they come again from the"
                            + " group's last commit",
                    label,
                    dropped,
                    reason);
        }
    }

    private void reset() {
        generation++;
        uncommitted.clear();
        acknowledged.clear();
        delivered.clear();
        committedSequence = -1;
        uncommittedMessages = 0;
        state.uncommitted(0);
        notifyAll();
    }

    /** @return true when the message is committed once this returns, false when only acknowledged or ignored */
    private boolean acknowledge(long generation, long sequence, String partition, long offset) {
        synchronized (this) {
            if (ignored(generation, partition, offset)) {
                return false;
            }
            acknowledged.merge(partition, offset, Math::max);
        }
        sending.lock();
        try {
            CommitPoint target;
            synchronized (this) {
                if (ignored(generation, partition, offset)) {
                    return false;
                }
                if (committedSequence >= sequence) {
                    return true; // a commit answered while this one waited covers it
                }
                target = newestWhollyAcknowledged();
                if (target == null) {
                    return false;
                }
            }
            send(target, generation);
            synchronized (this) {
                return this.generation == generation && committedSequence >= sequence;
            }
        } finally {
            sending.unlock();
        }
    }

    private boolean ignored(long generation, String partition, long offset) {
        if (generation == this.generation) {
            return false;
        }
        LOG.debug(
                "Consumer {}: commit of partition {} offset {} ignored: it was delivered before the session was"
                        + " discarded or the consumer stopped, and comes again from the group's last commit",
                label,
                partition,
                offset);
        return true;
    }

    /** @return the last batch of the longest run, from the oldest, of wholly acknowledged batches; null if none */
    private CommitPoint newestWhollyAcknowledged() {
        CommitPoint newest = null;
        for (CommitPoint point : uncommitted) {
            for (Map.Entry<String, Long> last : point.lastOffsets().entrySet()) {
                Long watermark = acknowledged.get(last.getKey());
                if (watermark == null || watermark < last.getValue()) {
                    return newest;
                }
            }
            newest = point;
        }
        return newest;
    }

    private void send(CommitPoint target, long generation) {
        try {
            committer.commit(target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciStreamingException(
                    "Manual commit for consumer " + label + " interrupted; the acknowledged"
                            + " messages are not committed yet",
                    null,
                    e);
        } catch (RuntimeException e) {
            throw failed(e);
        }
        synchronized (this) {
            if (this.generation == generation) {
                while (!uncommitted.isEmpty() && uncommitted.peekFirst().sequence() <= target.sequence()) {
                    uncommittedMessages -= uncommitted.pollFirst().size();
                }
                committedSequence = target.sequence();
                state.uncommitted(uncommittedMessages);
                notifyAll();
            }
        }
    }

    /**
     * A refusal (lost reservation, expired cursor: any answer other than throttling or a server error) cannot be
     * cured by trying again: the session is discarded. After a server or network error the acknowledgements are
     * kept, and the next commit() tries again.
     */
    private OciStreamingException failed(RuntimeException e) {
        String code = e instanceof BmcException b ? b.getServiceCode() : null;
        String reason = ServiceErrors.describe(e);
        boolean lost = committer.refused(
                e, "the acknowledged messages after the group's last commit will be" + " delivered again");
        if (lost || !ServiceErrors.isRetryable(e)) {
            if (!lost) {
                LOG.warn(
                        "Commit refused for {} ({}): the acknowledged messages after the group's last commit will be"
                                + " delivered again",
                        label,
                        reason);
            }
            discardWhileSending("commit refused");
            return new OciStreamingException(
                    "Manual commit refused for consumer " + label + " (" + reason + "): the"
                            + " messages acknowledged since the group's last commit are not committed and will be delivered"
                            + " again",
                    code,
                    e);
        }
        return new OciStreamingException(
                "Manual commit failed for consumer " + label + " (" + reason + "): the"
                        + " acknowledgements are kept and the next commit() tries again",
                code,
                e);
    }

    /** The header of one delivered message: what it acknowledges, and the generation it belongs to. */
    private record Acknowledgement(
            WatermarkCommits owner, long generation, long sequence, String partition, long offset)
            implements OciStreamingManualCommit {

        @Override
        public boolean commit() {
            return owner.acknowledge(generation, sequence, partition, offset);
        }

        @Override
        public String toString() {
            return "OciStreamingManualCommit[" + owner.label + " partition " + partition + " offset " + offset + "]";
        }
    }
}
