package dev.ocistreaming.local.group;

import dev.ocistreaming.local.admin.Checks;
import java.util.Set;

/**
 * What survives a restart of a group: its generation (bumped by UpdateGroup), where partitions
 * without a commit start ({@code -1} = the trim horizon at read time), and the committed offsets
 * ({@code -1} = none). Reservations are deliberately not persisted: instances re-join.
 */
public record GroupState(
        String name, long generation, String initialType, long[] startOffsets, long[] committed, long createdAt) {

    private static final Set<String> TYPES = Set.of("TRIM_HORIZON", "LATEST", "AT_TIME");

    /** Why this cannot be the state of a group of a stream with {@code partitions} partitions, or null. */
    String problem(int partitions) {
        String wrong = Checks.first(
                Checks.name("name", name),
                Checks.range("generation", generation, 0, Long.MAX_VALUE),
                TYPES.contains(initialType) ? null : "initialType is not one of " + TYPES,
                startOffsets.length == partitions
                        ? null
                        : "startOffsets has " + startOffsets.length + " entries for " + partitions + " partition(s)",
                committed.length == partitions
                        ? null
                        : "committed has " + committed.length + " entries for " + partitions + " partition(s)",
                Checks.range("createdAt", createdAt, 0, Long.MAX_VALUE));
        for (int p = 0; wrong == null && p < partitions; p++) {
            wrong = Checks.first(
                    Checks.range("startOffsets[" + p + "]", startOffsets[p], -1, Long.MAX_VALUE),
                    Checks.range("committed[" + p + "]", committed[p], -1, Long.MAX_VALUE));
        }
        return wrong;
    }
}
