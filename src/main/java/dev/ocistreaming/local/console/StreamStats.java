package dev.ocistreaming.local.console;

import dev.ocistreaming.local.group.ConsumerGroup;
import dev.ocistreaming.local.log.DamageReport;
import dev.ocistreaming.local.log.PartitionLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the console shows of a stream's partitions and groups, read from the partition logs and
 * group objects the data plane uses. Offsets are dense except where damage left a gap, so a
 * partition's message count is the distance from its oldest to its next offset less the offsets
 * known to hold no message.
 */
final class StreamStats {

    /**
     * One partition; the offsets are null while it holds no message. {@code damagedRanges} counts
     * the ranges of bytes that failed their checks since the server started (never served), and
     * {@code lostOffsets} the offsets left without a message by damage or skipped so none is reused.
     */
    record PartitionView(
            String partition,
            Long oldestOffset,
            Long latestOffset,
            long messages,
            long bytes,
            long damagedRanges,
            long lostOffsets) {}

    /** How many messages of a partition the group has not committed yet. */
    record PartitionLag(String partition, long lag) {}

    /** A REST group cursor's group; {@code face} is {@value #FACE} (Kafka groups say {@code kafka}). */
    record GroupView(String face, String groupName, List<PartitionLag> partitions) {}

    static final String FACE = "rest";

    private StreamStats() {}

    static List<PartitionView> partitions(PartitionLog[] logs) {
        List<PartitionView> out = new ArrayList<>(logs.length);
        for (int p = 0; p < logs.length; p++) {
            PartitionLog log = logs[p];
            long oldest = log.trimHorizon();
            long next = log.nextOffset();
            DamageReport.Counts damage = log.damage();
            long span = Math.max(0, next - oldest);
            out.add(new PartitionView(
                    Integer.toString(p),
                    span == 0 ? null : oldest,
                    span == 0 ? null : next - 1,
                    Math.max(0, span - damage.lostOffsets()),
                    log.sizeBytes(),
                    damage.damagedRanges(),
                    damage.lostOffsets()));
        }
        return out;
    }

    static long messages(List<PartitionView> partitions) {
        return partitions.stream().mapToLong(PartitionView::messages).sum();
    }

    static long bytes(List<PartitionView> partitions) {
        return partitions.stream().mapToLong(PartitionView::bytes).sum();
    }

    /**
     * Lag per partition: from where the group resumes (committed + 1, or its start position when
     * nothing is committed) to the next offset, so a new TRIM_HORIZON group lags by the whole backlog.
     */
    static List<GroupView> groups(List<ConsumerGroup> groups, PartitionLog[] logs) {
        List<GroupView> out = new ArrayList<>(groups.size());
        for (ConsumerGroup g : groups) {
            List<PartitionLag> lags = new ArrayList<>(logs.length);
            for (int p = 0; p < logs.length; p++) {
                lags.add(new PartitionLag(
                        Integer.toString(p), Math.max(0, logs[p].nextOffset() - g.startOffset(p, logs[p]))));
            }
            out.add(new GroupView(FACE, g.name(), lags));
        }
        out.sort(Comparator.comparing(GroupView::groupName));
        return out;
    }
}
