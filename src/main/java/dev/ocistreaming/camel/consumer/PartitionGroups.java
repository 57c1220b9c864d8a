package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.model.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * batching=true: the messages of one GetMessages answer grouped by partition, each group in the answer's order (which
 * is offset order within a partition), the groups in the order their partitions first appear. Order matters only
 * within a partition, so a route may treat each group as one unit of work.
 */
final class PartitionGroups {

    private PartitionGroups() {}

    /** @return per partition, the indexes of its messages in {@code messages} */
    static List<int[]> of(List<Message> messages) {
        int[] sizes = new int[messages.size()];
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (Message m : messages) {
            Integer slot = slots.putIfAbsent(m.getPartition(), slots.size());
            sizes[slot == null ? slots.size() - 1 : slot]++;
        }
        int[] filled = new int[slots.size()];
        List<int[]> result = new ArrayList<>(slots.size());
        for (int slot = 0; slot < slots.size(); slot++) {
            result.add(new int[sizes[slot]]);
        }
        for (int i = 0; i < messages.size(); i++) {
            int slot = slots.get(messages.get(i).getPartition());
            result.get(slot)[filled[slot]++] = i;
        }
        return result;
    }
}
