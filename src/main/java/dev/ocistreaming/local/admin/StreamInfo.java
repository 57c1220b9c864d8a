package dev.ocistreaming.local.admin;

import java.util.Map;

/**
 * A stream's metadata as persisted. Immutable: a change writes a new version. The lifecycle state
 * is derived from the times, so CREATING and DELETING end without a timer.
 *
 * @param deleteRequestedAt epoch ms of DeleteStream, or -1
 */
public record StreamInfo(
        String id,
        String name,
        int partitions,
        int retentionInHours,
        String compartmentId,
        String streamPoolId,
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

    StreamInfo withTags(Map<String, String> freeform, Map<String, Map<String, Object>> defined) {
        return new StreamInfo(
                id,
                name,
                partitions,
                retentionInHours,
                compartmentId,
                streamPoolId,
                timeCreated,
                deleteRequestedAt,
                freeform == null ? freeformTags : freeform,
                defined == null ? definedTags : defined,
                version + 1);
    }

    StreamInfo withPool(String poolId, String compartment) {
        return new StreamInfo(
                id,
                name,
                partitions,
                retentionInHours,
                compartment,
                poolId,
                timeCreated,
                deleteRequestedAt,
                freeformTags,
                definedTags,
                version + 1);
    }

    StreamInfo deletedAt(long now) {
        return new StreamInfo(
                id,
                name,
                partitions,
                retentionInHours,
                compartmentId,
                streamPoolId,
                timeCreated,
                now,
                freeformTags,
                definedTags,
                version + 1);
    }

    String etag() {
        return Etags.of(id, version);
    }

    /** Why this cannot be a stream this server wrote to {@code <expectedId>.json}, or null if it can be. */
    String problem(String expectedId) {
        return Checks.first(
                Checks.id("id", id, "ocid1.stream.", expectedId),
                Checks.name("name", name),
                Checks.range("partitions", partitions, 1, Checks.MAX_PARTITIONS),
                Checks.range("retentionInHours", retentionInHours, 24, 168),
                Checks.name("compartmentId", compartmentId),
                Checks.id("streamPoolId", streamPoolId, "ocid1.streampool.", null),
                Checks.range("timeCreated", timeCreated, 0, Long.MAX_VALUE),
                Checks.range("deleteRequestedAt", deleteRequestedAt, -1, Long.MAX_VALUE),
                Checks.range("version", version, 1, Long.MAX_VALUE));
    }
}
