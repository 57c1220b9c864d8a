package dev.ocistreaming.local.group;

import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.log.PartitionLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer group of one stream: members with reservation deadlines, one owner per partition,
 * committed offsets. Every method is synchronized: group calls are small and a group's state must
 * change atomically (that is what guarantees a partition never has two owners).
 *
 * <p>Each time a partition goes to a different instance than its last owner, its epoch is bumped.
 * Cursors tag delivered offsets with the epoch, so offsets read under an earlier reservation are
 * never committed or resumed from once another instance has owned the partition (even if it later
 * came back). An instance that lapsed and gets its partition back with no other owner in between
 * keeps its epoch: nobody else can have read or committed there (the Python consumer of Oracle's quickstart tutorial, with a 1 s
 * timeout and a 1 s sleep before each poll, lapses on every poll and must still progress).
 * Epochs start from the load time in microseconds, so a cursor from before a restart never matches.
 */
public final class ConsumerGroup {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);

    /** A reserved partition and the epoch of the reservation. */
    public record Reserved(int partition, long epoch) {}

    /** The last offset delivered on a partition, tagged with the epoch of the reservation it was read under. */
    public record Delivered(long offset, long epoch) {}

    /** What an instance holds right now. */
    public record Assignment(long generation, List<Reserved> partitions) {}

    /** One row of GetGroup. */
    public record Reservation(int partition, long committedOffset, String instance, long reservedUntil) {}

    private record Member(int timeoutMs, long expiresAt) {}

    private final String streamId;
    private final String name;
    private final Consumer<GroupState> persist;
    private final long createdAt;
    private String initialType;
    private long generation;
    private final long[] startOffsets;
    private final long[] committed;
    private final LinkedHashMap<String, Member> members = new LinkedHashMap<>();
    private String[] owners;
    private final String[] lastOwners;
    private final long[] epochs;

    ConsumerGroup(String streamId, GroupState state, Consumer<GroupState> persist) {
        this.streamId = streamId;
        this.name = state.name();
        this.persist = persist;
        this.createdAt = state.createdAt();
        this.initialType = state.initialType();
        this.generation = state.generation();
        this.startOffsets = state.startOffsets().clone();
        this.committed = state.committed().clone();
        this.owners = new String[startOffsets.length];
        this.lastOwners = new String[startOffsets.length];
        this.epochs = new long[startOffsets.length];
        Arrays.fill(epochs, System.currentTimeMillis() * 1000);
    }

    /** Start offsets for a new or reset group: {@code -1} means the trim horizon when read. */
    static long[] startOffsets(String type, long timeMs, PartitionLog[] logs) {
        long[] starts = new long[logs.length];
        for (int p = 0; p < logs.length; p++) {
            starts[p] = switch (type) {
                case "LATEST" -> logs[p].nextOffset();
                case "AT_TIME" -> logs[p].offsetForTime(timeMs);
                default -> -1;
            };
        }
        return starts;
    }

    public String name() {
        return name;
    }

    /**
     * An instance shows it is alive (CreateGroupCursor, GetMessages, commit, heartbeat): expired
     * instances are dropped, this one joins or has its deadline pushed back, and partitions are
     * rebalanced if membership changed.
     */
    public synchronized Assignment touch(String instance, int timeoutMs, long now) {
        boolean changed = expire(now);
        Member previous = members.put(instance, new Member(timeoutMs, now + timeoutMs));
        if (previous == null) {
            LOG.info("Group {}: instance {} joined (timeout {} ms)", name, instance, timeoutMs);
            changed = true;
        }
        if (changed) {
            rebalance(previous == null ? "instance " + instance + " joined" : "an instance timed out");
        }
        List<Reserved> mine = new ArrayList<>();
        for (int p = 0; p < owners.length; p++) {
            if (instance.equals(owners[p])) {
                mine.add(new Reserved(p, epochs[p]));
            }
        }
        return new Assignment(generation, mine);
    }

    private boolean expire(long now) {
        boolean changed = false;
        for (Iterator<Map.Entry<String, Member>> it = members.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Member> e = it.next();
            if (e.getValue().expiresAt() < now) {
                it.remove();
                LOG.info(
                        "Group {}: instance {} timed out after {} ms without a request",
                        name,
                        e.getKey(),
                        e.getValue().timeoutMs());
                changed = true;
            }
        }
        return changed;
    }

    private void rebalance(String reason) {
        String[] next = Balancer.balance(owners, new ArrayList<>(members.keySet()));
        for (int p = 0; p < next.length; p++) {
            String before = owners[p];
            String after = next[p];
            if (before == null ? after == null : before.equals(after)) {
                continue;
            }
            if (after != null && !after.equals(lastOwners[p])) {
                epochs[p]++;
                lastOwners[p] = after;
            }
            if (before != null) {
                LOG.info("Group {}: partition {} released by instance {} ({})", name, p, before, reason);
            }
            if (after != null) {
                LOG.info("Group {}: partition {} reserved by instance {} ({})", name, p, after, reason);
            }
        }
        owners = next;
    }

    /**
     * ConsumerCommit: the instance must still hold a live reservation on every partition of the
     * cursor under the same epoch and generation, else 400 and nothing is committed (an instance
     * that timed out cannot commit, as the service documents for commitOnGet=false without a
     * commit for longer than the timeout). A successful commit refreshes the instance.
     */
    public synchronized Assignment commitStrict(
            String instance, int timeoutMs, long cursorGeneration, Map<Integer, Delivered> positions, long now) {
        if (expire(now)) {
            rebalance("an instance timed out");
        }
        if (!positions.isEmpty()) {
            if (!members.containsKey(instance)) {
                throw ApiException.invalid("Trying to commit unreserved partition: instance " + instance
                        + " has no reservation (timed out)");
            }
            if (cursorGeneration != generation) {
                throw ApiException.invalid("Trying to commit unreserved partition: the group was reset by UpdateGroup");
            }
            for (Map.Entry<Integer, Delivered> e : positions.entrySet()) {
                if (!ownedUnderEpoch(instance, e.getKey(), e.getValue().epoch())) {
                    throw ApiException.invalid("Trying to commit unreserved partition " + e.getKey());
                }
            }
            apply(instance, positions);
        }
        return touch(instance, timeoutMs, now);
    }

    /**
     * commitOnGet: commits the offsets of partitions this instance (already refreshed by
     * {@link #touch}) still owns under the same epoch; the others are skipped.
     */
    public synchronized void commitLenient(String instance, long cursorGeneration, Map<Integer, Delivered> positions) {
        if (cursorGeneration != generation) {
            return;
        }
        Map<Integer, Delivered> valid = new TreeMap<>();
        positions.forEach((p, d) -> {
            if (ownedUnderEpoch(instance, p, d.epoch())) {
                valid.put(p, d);
            }
        });
        apply(instance, valid);
    }

    private boolean ownedUnderEpoch(String instance, int p, long epoch) {
        return p >= 0 && p < owners.length && instance.equals(owners[p]) && epochs[p] == epoch;
    }

    /** Stores the new offsets first and keeps them only once stored: a failed write commits nothing. */
    private void apply(String instance, Map<Integer, Delivered> positions) {
        long[] next = committed.clone();
        boolean changed = false;
        for (Map.Entry<Integer, Delivered> e : positions.entrySet()) {
            if (next[e.getKey()] != e.getValue().offset()) {
                next[e.getKey()] = e.getValue().offset();
                changed = true;
            }
        }
        if (changed) {
            persist.accept(new GroupState(name, generation, initialType, startOffsets.clone(), next, createdAt));
            System.arraycopy(next, 0, committed, 0, next.length);
            LOG.debug("Group {}: instance {} committed {}", name, instance, positions);
        }
    }

    /** Where a partition's next read starts for an instance without a position: committed + 1, or the start. */
    public synchronized long startOffset(int partition, PartitionLog log) {
        if (committed[partition] >= 0) {
            return committed[partition] + 1;
        }
        return startOffsets[partition] >= 0 ? startOffsets[partition] : log.trimHorizon();
    }

    /** UpdateGroup: forget every commit, start again from the given position, invalidate old cursors. */
    public synchronized void reset(String type, long timeMs, PartitionLog[] logs) {
        long[] starts = startOffsets(type, timeMs, logs);
        long[] none = new long[committed.length];
        Arrays.fill(none, -1);
        // stored before it takes effect: an UpdateGroup that cannot be written changes nothing
        persist.accept(new GroupState(name, generation + 1, type, starts, none, createdAt));
        generation++;
        initialType = type;
        System.arraycopy(starts, 0, startOffsets, 0, starts.length);
        Arrays.fill(committed, -1);
        LOG.info("Group {}: reset to {} by UpdateGroup (generation {})", name, type, generation);
    }

    /** GetGroup's rows, after dropping expired instances. */
    public synchronized List<Reservation> describe(long now) {
        if (expire(now)) {
            rebalance("an instance timed out");
        }
        List<Reservation> rows = new ArrayList<>();
        for (int p = 0; p < owners.length; p++) {
            Member m = owners[p] == null ? null : members.get(owners[p]);
            rows.add(new Reservation(p, committed[p], owners[p], m == null ? -1 : m.expiresAt()));
        }
        return rows;
    }

    public String streamId() {
        return streamId;
    }
}
