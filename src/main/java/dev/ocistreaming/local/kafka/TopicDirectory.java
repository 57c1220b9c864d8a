package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.admin.PoolInfo;
import dev.ocistreaming.local.admin.PoolKafkaSettings;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.admin.StreamRegistry;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.log.PartitionLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.Uuid;

/**
 * The service's model of Kafka topics: a stream pool is the cluster, its live streams are the
 * topics (by name), a stream's partitions are the topic's partitions. Backed by the same registry
 * and logs as the REST API.
 */
final class TopicDirectory {

    private final StreamRegistry registry;
    private final String defaultCompartmentId;

    TopicDirectory(StreamRegistry registry, String defaultCompartmentId) {
        this.registry = registry;
        this.defaultCompartmentId = defaultCompartmentId;
    }

    /** The pool of connections that name none (no SASL, or a username without a known pool). */
    String defaultPoolId() {
        return registry.defaultPool(defaultCompartmentId).id();
    }

    /** The live pool with this OCID, or null. */
    PoolInfo livePool(String poolId) {
        try {
            PoolInfo p = registry.pool(poolId);
            return p.deleted() ? null : p;
        } catch (ApiException e) {
            return null;
        }
    }

    /**
     * The Kafka settings of the live pool with this OCID, or null when it is gone (deleted, or set aside as damaged,
     * while a connection still uses it): then no topic is made in it.
     */
    PoolKafkaSettings settings(String poolId) {
        PoolInfo p = livePool(poolId);
        return p == null ? null : p.kafkaSettings();
    }

    /** The live stream of this name in the pool, or null. */
    StreamInfo find(String poolId, String name) {
        for (StreamInfo s : registry.streams()) {
            if (!s.deleted() && s.streamPoolId().equals(poolId) && s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Every live stream of the pool. */
    List<StreamInfo> topics(String poolId) {
        List<StreamInfo> out = new ArrayList<>();
        for (StreamInfo s : registry.streams()) {
            if (!s.deleted() && s.streamPoolId().equals(poolId)) {
                out.add(s);
            }
        }
        return out;
    }

    boolean active(StreamInfo s) {
        return "ACTIVE".equals(registry.state(s));
    }

    PartitionLog[] logs(StreamInfo s) {
        return registry.logs(s);
    }

    /** Creates a stream in the pool; ApiException (conflict, limit) when the registry refuses. */
    StreamInfo create(String poolId, String name, int partitions, int retentionHours) {
        return registry.create(name, partitions, retentionHours, null, poolId, null, null);
    }

    void delete(StreamInfo s) {
        registry.delete(s.id(), null);
    }

    /** A stable topic id for a stream (clients of newer protocol versions key topics by it). */
    static Uuid topicId(StreamInfo s) {
        UUID u = UUID.nameUUIDFromBytes(s.id().getBytes(StandardCharsets.UTF_8));
        return new Uuid(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    /** A stream name as the REST API accepts it (1 to 255 characters); also a legal Kafka topic name. */
    static boolean validName(String name) {
        return name != null && !name.isEmpty() && name.length() <= 249 && name.matches("[A-Za-z0-9._-]+");
    }
}
