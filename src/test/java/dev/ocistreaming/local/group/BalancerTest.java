package dev.ocistreaming.local.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The balance rule on its own: shares differ by at most one, and only what must move moves. */
class BalancerTest {

    private static Map<String, Integer> counts(String[] owners) {
        Map<String, Integer> m = new HashMap<>();
        for (String o : owners) {
            if (o != null) {
                m.merge(o, 1, Integer::sum);
            }
        }
        return m;
    }

    private static int moved(String[] before, String[] after) {
        int n = 0;
        for (int p = 0; p < before.length; p++) {
            if (before[p] != null && !before[p].equals(after[p])) {
                n++;
            }
        }
        return n;
    }

    @Test
    void tenPartitionsOverFourInstancesAreTwoTwoThreeThree() {
        String[] owners = Balancer.balance(new String[10], List.of("a", "b", "c", "d"));
        assertThat(counts(owners).values()).containsExactlyInAnyOrder(2, 2, 3, 3);
    }

    @Test
    void aJoiningInstanceTakesOnlyItsShareFromTheOthers() {
        String[] three = Balancer.balance(new String[12], List.of("a", "b", "c"));
        String[] four = Balancer.balance(three, List.of("a", "b", "c", "d"));
        assertThat(counts(four)).containsEntry("d", 3);
        assertThat(moved(three, four)).isEqualTo(3);
    }

    @Test
    void aLeavingInstancesPartitionsAreTheOnlyOnesThatMove() {
        String[] four = Balancer.balance(new String[12], List.of("a", "b", "c", "d"));
        String[] three = Balancer.balance(four, List.of("a", "b", "c"));
        assertThat(counts(three).values()).containsOnly(4);
        for (int p = 0; p < 12; p++) {
            if (!"d".equals(four[p])) {
                assertThat(three[p]).as("partition " + p).isEqualTo(four[p]);
            }
        }
    }

    @Test
    void randomMembershipChangesAlwaysGiveOneOwnerAndSharesWithinOne() {
        Random random = new Random(1);
        String[] owners = new String[7];
        List<String> members = new ArrayList<>();
        for (int step = 0; step < 500; step++) {
            if (members.isEmpty() || (random.nextBoolean() && members.size() < 10)) {
                members.add("i" + step);
            } else {
                members.remove(random.nextInt(members.size()));
            }
            owners = Balancer.balance(owners, members);
            Map<String, Integer> c = counts(owners);
            int assigned = c.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(assigned).isEqualTo(members.isEmpty() ? 0 : 7);
            assertThat(members).containsAll(c.keySet());
            int min = members.stream().mapToInt(m -> c.getOrDefault(m, 0)).min().orElse(0);
            int max = members.stream().mapToInt(m -> c.getOrDefault(m, 0)).max().orElse(0);
            assertThat(max - min).isLessThanOrEqualTo(1);
        }
    }
}
