package dev.ocistreaming.local.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocistreaming.local.http.Json;
import java.util.Map;

/**
 * A stream pool as persisted; {@code defaultPool} marks the one made for a compartment.
 *
 * @param kafkaSettings what Kafka clients of the pool get (absent from files of earlier versions: see
 *     {@link #fillAbsent})
 */
public record PoolInfo(
        String id,
        String name,
        String compartmentId,
        boolean defaultPool,
        long timeCreated,
        long deleteRequestedAt,
        Map<String, String> freeformTags,
        Map<String, Map<String, Object>> definedTags,
        PoolKafkaSettings kafkaSettings,
        long version) {

    public String state(long now, long lifecycleDelayMs) {
        return Lifecycle.state(timeCreated, deleteRequestedAt, now, lifecycleDelayMs);
    }

    public boolean deleted() {
        return deleteRequestedAt >= 0;
    }

    PoolInfo with(
            String newName,
            Map<String, String> freeform,
            Map<String, Map<String, Object>> defined,
            PoolKafkaSettings.Change kafka) {
        return new PoolInfo(
                id,
                newName == null ? name : newName,
                compartmentId,
                defaultPool,
                timeCreated,
                deleteRequestedAt,
                freeform == null ? freeformTags : freeform,
                defined == null ? definedTags : defined,
                kafkaSettings.with(kafka),
                version + 1);
    }

    PoolInfo deletedAt(long now) {
        return new PoolInfo(
                id,
                name,
                compartmentId,
                defaultPool,
                timeCreated,
                now,
                freeformTags,
                definedTags,
                kafkaSettings,
                version + 1);
    }

    /**
     * Gives a pool file written before pools had Kafka settings the defaults of its kind, so it loads as it did; a
     * file that has them, or is no object, is left as it is for the strict reading to judge.
     */
    static void fillAbsent(ObjectNode file) {
        if (file.has("kafkaSettings")) {
            return;
        }
        boolean defaultPool =
                file.path("defaultPool").isBoolean() && file.get("defaultPool").booleanValue();
        file.set("kafkaSettings", Json.MAPPER.valueToTree(PoolKafkaSettings.defaults(defaultPool)));
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
                kafkaSettings.problem(),
                Checks.range("version", version, 1, Long.MAX_VALUE));
    }
}
