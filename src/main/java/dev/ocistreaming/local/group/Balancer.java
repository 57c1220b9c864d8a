package dev.ocistreaming.local.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides partition owners: every live instance gets {@code partitions / instances} or one more,
 * and as few partitions as possible change hands. Pure function, so it is easy to reason about.
 */
final class Balancer {

    private Balancer() {}

    /**
     * @param owners current owner per partition (null = free); owners not in {@code members} are
     *     treated as free
     * @param members live instances in join order
     * @return the new owner per partition
     */
    static String[] balance(String[] owners, List<String> members) {
        int partitions = owners.length;
        String[] result = new String[partitions];
        if (members.isEmpty()) {
            return result;
        }
        Map<String, List<Integer>> held = new HashMap<>();
        for (String m : members) {
            held.put(m, new ArrayList<>());
        }
        for (int p = 0; p < partitions; p++) {
            if (owners[p] != null && held.containsKey(owners[p])) {
                held.get(owners[p]).add(p);
            }
        }
        int base = partitions / members.size();
        int extra = partitions % members.size();
        // Those already holding most keep the larger quotas: that is what minimizes movement.
        List<String> byHoldings = new ArrayList<>(members);
        byHoldings.sort(
                Comparator.comparingInt((String m) -> held.get(m).size()).reversed());
        Map<String, Integer> quota = new HashMap<>();
        for (int i = 0; i < byHoldings.size(); i++) {
            quota.put(byHoldings.get(i), base + (i < extra ? 1 : 0));
        }
        List<Integer> free = new ArrayList<>();
        for (String m : members) {
            List<Integer> mine = held.get(m);
            while (mine.size() > quota.get(m)) {
                free.add(mine.remove(mine.size() - 1));
            }
            for (int p : mine) {
                result[p] = m;
            }
        }
        for (int p = 0; p < partitions; p++) {
            if (owners[p] == null || !held.containsKey(owners[p])) {
                free.add(p);
            }
        }
        free.sort(Comparator.naturalOrder());
        for (int p : free) {
            String taker = null;
            for (String m : members) {
                if (held.get(m).size() < quota.get(m)
                        && (taker == null
                                || held.get(m).size() < held.get(taker).size())) {
                    taker = m;
                }
            }
            held.get(taker).add(p);
            result[p] = taker;
        }
        return result;
    }
}
