package dev.ocistreaming.local.admin;

import java.util.Map;

/** A stream pool as persisted; {@code defaultPool} marks the one made for a compartment. */
public record PoolInfo(
        String id,
        String name,
        String compartmentId,
        boolean defaultPool,
        long timeCreated,
        long deleteRequestedAt,
        Map<String, String> freeformTags,
        Map<String, Map<String, Object>> definedTags,
        long version) {

    public String state(long now, long lifecycleDelayMs) {
        return Lifecycle.state(timeCreated, deleteRequestedAt, now, lifecycleDelayMs);
    }

    public boolean deleted() {
        return deleteRequestedAt >= 0;
    }

    PoolInfo with(String newName, Map<String, String> freeform, Map<String, Map<String, Object>> defined) {
        return new PoolInfo(
                id,
                newName == null ? name : newName,
                compartmentId,
                defaultPool,
                timeCreated,
                deleteRequestedAt,
                freeform == null ? freeformTags : freeform,
                defined == null ? definedTags : defined,
                version + 1);
    }

    PoolInfo deletedAt(long now) {
        return new PoolInfo(
                id, name, compartmentId, defaultPool, timeCreated, now, freeformTags, definedTags, version + 1);
    }

    String etag() {
        return Etags.of(id, version);
    }

    /** Why this cannot be a pool this server wrote to {@code <expectedId>.json}, or null if it can be. */
    String problem(String expectedId) {
        return Checks.first(
                Checks.id("id", id, "ocid1.streampool.", expectedId),
                Checks.name("name", name),
                Checks.name("compartmentId", compartmentId),
                Checks.range("timeCreated", timeCreated, 0, Long.MAX_VALUE),
                Checks.range("deleteRequestedAt", deleteRequestedAt, -1, Long.MAX_VALUE),
                Checks.range("version", version, 1, Long.MAX_VALUE));
    }
}
