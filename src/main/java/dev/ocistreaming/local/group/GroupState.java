package dev.ocistreaming.local.group;

/**
 * What survives a restart of a group: its generation (bumped by UpdateGroup), where partitions
 * without a commit start ({@code -1} = the trim horizon at read time), and the committed offsets
 * ({@code -1} = none). Reservations are deliberately not persisted: instances re-join.
 */
public record GroupState(
        String name, long generation, String initialType, long[] startOffsets, long[] committed, long createdAt) {}
