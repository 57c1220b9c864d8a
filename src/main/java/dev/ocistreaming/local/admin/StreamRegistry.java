package dev.ocistreaming.local.admin;

import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.log.LogStore;
import dev.ocistreaming.local.log.PartitionLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams and stream pools: their metadata, lifecycle, and the opening and deleting of their logs.
 * Mutations are serialized (they are rare); lookups are lock-free.
 */
public final class StreamRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRegistry.class);

    private final MetadataStore store;
    private final LogStore logs;
    private final Clock clock;
    private final long lifecycleDelayMs;
    private final int maxPartitions;
    private final Map<String, StreamInfo> streams = new ConcurrentHashMap<>();
    private final Map<String, PoolInfo> pools = new ConcurrentHashMap<>();
    private final Consumer<String> onStreamDeleted;

    /**
     * @param onStreamDeleted told the id of a deleted stream (the group coordinator forgets its groups)
     */
    public StreamRegistry(
            Path metaDir, LogStore logs, ServerConfig config, DamagedFiles damaged, Consumer<String> onStreamDeleted)
            throws IOException {
        this.store = new MetadataStore(metaDir, damaged);
        this.logs = logs;
        this.clock = config.clock();
        this.lifecycleDelayMs = config.lifecycleDelayMs();
        this.maxPartitions = config.maxPartitions();
        this.onStreamDeleted = onStreamDeleted;
        for (PoolInfo p : store.loadPools()) {
            pools.put(p.id(), p);
        }
        for (StreamInfo s : store.loadStreams()) {
            streams.put(s.id(), s);
            if (!s.deleted()) {
                logs.open(s.id(), s.partitions());
            }
        }
    }

    public long now() {
        return clock.millis();
    }

    public long lifecycleDelayMs() {
        return lifecycleDelayMs;
    }

    public String state(StreamInfo s) {
        return s.state(now(), lifecycleDelayMs);
    }

    public String state(PoolInfo p) {
        return p.state(now(), lifecycleDelayMs);
    }

    // ---- streams ----

    public synchronized StreamInfo create(
            String name,
            int partitions,
            int retentionHours,
            String compartmentId,
            String poolId,
            Map<String, String> freeformTags,
            Map<String, Map<String, Object>> definedTags) {
        return create(name, partitions, retentionHours, compartmentId, poolId, freeformTags, definedTags, false);
    }

    /** @param activeAtOnce skip CREATING (preloaded streams must be usable as soon as the server is up) */
    private StreamInfo create(
            String name,
            int partitions,
            int retentionHours,
            String compartmentId,
            String poolId,
            Map<String, String> freeformTags,
            Map<String, Map<String, Object>> definedTags,
            boolean activeAtOnce) {
        if (partitions > maxPartitions) {
            throw ApiException.limitExceeded(
                    "You exceed the number of allowed partitions (" + maxPartitions + " per stream on this server)");
        }
        PoolInfo pool = poolId != null ? activePool(poolId) : defaultPool(compartmentId);
        for (StreamInfo other : streams.values()) {
            if (!other.deleted()
                    && other.name().equals(name)
                    && other.streamPoolId().equals(pool.id())) {
                throw ApiException.conflict("A stream named '" + name + "' already exists in stream pool " + pool.id());
            }
        }
        StreamInfo s = new StreamInfo(
                Ids.stream(),
                name,
                partitions,
                retentionHours,
                pool.compartmentId(),
                pool.id(),
                activeAtOnce ? now() - lifecycleDelayMs : now(),
                -1,
                freeformTags == null ? Map.of() : freeformTags,
                definedTags == null ? Map.of() : definedTags,
                1);
        // metadata first: a crash between the two leaves a stream whose folders the next start creates, never a
        // folder no stream owns
        try {
            store.save(s);
            logs.open(s.id(), partitions);
        } catch (IOException e) {
            discard(s);
            throw StorageFailure.answer("CreateStream of " + name, e);
        }
        streams.put(s.id(), s);
        LOG.info(
                "Stream created: {} ({} partition(s), retention {} h) id {}", name, partitions, retentionHours, s.id());
        return s;
    }

    /** Undoes a creation that could not be written: no folder or file of it stays behind. */
    private void discard(StreamInfo s) {
        try {
            logs.delete(s.id());
            store.remove(s);
        } catch (IOException e) {
            LOG.warn("Could not remove what the failed creation of stream {} left: {}", s.id(), e.toString());
        }
    }

    /** Any stream this server knows, deleted ones included; 404 otherwise. */
    public StreamInfo get(String id) {
        return lookup(streams, id, "Stream");
    }

    private static <T> T lookup(Map<String, T> map, String id, String what) {
        T found = Ids.plausible(id) ? map.get(id) : null;
        if (found == null) {
            throw ApiException.notFound(what + " " + id + " not found or not authorized");
        }
        return found;
    }

    /** A stream that can take data-plane calls: ACTIVE. */
    public StreamInfo requireActive(String id) {
        StreamInfo s = get(id);
        String state = state(s);
        if (s.deleted()) {
            throw ApiException.notFound("Stream " + id + " not found or not authorized");
        }
        if (!"ACTIVE".equals(state)) {
            throw ApiException.incorrectState("Stream " + id + " is " + state);
        }
        return s;
    }

    public PartitionLog[] logs(StreamInfo s) {
        PartitionLog[] l = logs.get(s.id());
        if (l == null) {
            throw ApiException.notFound("Stream " + s.id() + " not found or not authorized");
        }
        return l;
    }

    public List<StreamInfo> streams() {
        return new ArrayList<>(streams.values());
    }

    public synchronized StreamInfo update(
            String id,
            String ifMatch,
            String newPoolId,
            Map<String, String> freeform,
            Map<String, Map<String, Object>> defined) {
        StreamInfo s = liveStream(id);
        Etags.check(ifMatch, s.etag());
        StreamInfo updated = s.withTags(freeform, defined);
        if (newPoolId != null && !newPoolId.equals(s.streamPoolId())) {
            PoolInfo pool = activePool(newPoolId);
            updated = updated.withPool(pool.id(), pool.compartmentId());
        }
        save(updated, "UpdateStream of " + s.name());
        streams.put(id, updated);
        return updated;
    }

    public synchronized void delete(String id, String ifMatch) {
        StreamInfo s = liveStream(id);
        Etags.check(ifMatch, s.etag());
        try {
            delete(s);
        } catch (IOException e) {
            throw StorageFailure.answer("DeleteStream of " + s.name(), e);
        }
    }

    /** Marks the stream deleted once that is stored, then drops its data and groups. */
    private void delete(StreamInfo s) throws IOException {
        String id = s.id();
        StreamInfo deleted = s.deletedAt(now());
        store.save(deleted);
        streams.put(id, deleted);
        try {
            logs.delete(id);
        } catch (IOException e) {
            LOG.warn("Could not delete all files of stream {}: {}", id, e.toString());
        }
        onStreamDeleted.accept(id);
        LOG.info("Stream deleted: {} id {}", s.name(), id);
    }

    private void save(StreamInfo s, String operation) {
        try {
            store.save(s);
        } catch (IOException e) {
            throw StorageFailure.answer(operation, e);
        }
    }

    private void save(PoolInfo p, String operation) {
        try {
            store.save(p);
        } catch (IOException e) {
            throw StorageFailure.answer(operation, e);
        }
    }

    private StreamInfo liveStream(String id) {
        StreamInfo s = get(id);
        if (s.deleted()) {
            throw ApiException.notFound("Stream " + id + " not found or not authorized");
        }
        return s;
    }

    /** Creates each declared stream unless a live stream of that name is in the compartment's default pool. */
    public synchronized void preload(List<ServerConfig.StreamSpec> specs, String compartmentId) {
        PoolInfo pool = null;
        for (ServerConfig.StreamSpec spec : specs) {
            if (pool == null) {
                pool = defaultPool(compartmentId);
            }
            String poolId = pool.id();
            boolean exists = streams.values().stream()
                    .anyMatch(s -> !s.deleted()
                            && s.name().equals(spec.name())
                            && s.streamPoolId().equals(poolId));
            if (!exists) {
                create(spec.name(), spec.partitions(), spec.retentionHours(), null, poolId, null, null, true);
            }
        }
    }

    // ---- pools ----

    /** @param kafka the Kafka settings the request gives, each checked already; the rest are the defaults */
    public synchronized PoolInfo createPool(
            String compartmentId,
            String name,
            PoolKafkaSettings.Change kafka,
            Map<String, String> freeform,
            Map<String, Map<String, Object>> defined) {
        PoolInfo p = new PoolInfo(
                Ids.pool(),
                name,
                compartmentId,
                false,
                now(),
                -1,
                freeform == null ? Map.of() : freeform,
                defined == null ? Map.of() : defined,
                PoolKafkaSettings.forCreatedPool().with(kafka),
                1);
        save(p, "CreateStreamPool of " + name);
        pools.put(p.id(), p);
        LOG.info("Stream pool created: {} id {}, {}", name, p.id(), describe(p.kafkaSettings()));
        return p;
    }

    private static String describe(PoolKafkaSettings k) {
        return "Kafka topics " + (k.autoCreateTopicsEnable() ? "auto-created" : "not auto-created") + " with "
                + k.numPartitions() + " partition(s) and " + k.logRetentionHours() + " h retention by default";
    }

    /** Most partitions a stream may have on this server ({@code local-server.max-partitions}). */
    public int maxPartitions() {
        return maxPartitions;
    }

    /** The compartment's default pool, made on first use as the console's "Auto-Create" does. */
    public synchronized PoolInfo defaultPool(String compartmentId) {
        for (PoolInfo p : pools.values()) {
            if (p.defaultPool() && !p.deleted() && p.compartmentId().equals(compartmentId)) {
                return p;
            }
        }
        PoolInfo p = new PoolInfo(
                Ids.pool(),
                "DefaultPool",
                compartmentId,
                true,
                now() - lifecycleDelayMs,
                -1,
                Map.of(),
                Map.of(),
                PoolKafkaSettings.forDefaultPool(),
                1);
        save(p, "Creating the default stream pool of compartment " + compartmentId);
        pools.put(p.id(), p);
        return p;
    }

    public PoolInfo pool(String id) {
        return lookup(pools, id, "Stream pool");
    }

    private PoolInfo activePool(String id) {
        PoolInfo p = pool(id);
        if (p.deleted()) {
            throw ApiException.notFound("Stream pool " + id + " not found or not authorized");
        }
        return p;
    }

    public List<PoolInfo> pools() {
        return new ArrayList<>(pools.values());
    }

    public synchronized PoolInfo updatePool(
            String id,
            String ifMatch,
            String name,
            PoolKafkaSettings.Change kafka,
            Map<String, String> freeform,
            Map<String, Map<String, Object>> defined) {
        PoolInfo p = activePool(id);
        Etags.check(ifMatch, p.etag());
        PoolInfo updated = p.with(name, freeform, defined, kafka);
        save(updated, "UpdateStreamPool of " + p.name());
        pools.put(id, updated);
        if (!updated.kafkaSettings().equals(p.kafkaSettings())) {
            LOG.info("Stream pool {} id {} now has {}", updated.name(), id, describe(updated.kafkaSettings()));
        }
        return updated;
    }

    /** Deletes a pool and every stream in it; a compartment's default pool cannot be deleted. */
    public synchronized void deletePool(String id, String ifMatch) {
        PoolInfo p = activePool(id);
        Etags.check(ifMatch, p.etag());
        if (p.defaultPool()) {
            throw ApiException.conflict("The default stream pool of a compartment cannot be deleted");
        }
        List<StreamInfo> contained = streams.values().stream()
                .filter(s -> !s.deleted() && s.streamPoolId().equals(id))
                .toList();
        int done = 0;
        try {
            for (StreamInfo s : contained) {
                delete(s);
                done++;
            }
        } catch (IOException e) {
            // each stream's deletion is stored on its own: say how far it got, a retry finishes the rest
            throw StorageFailure.answer(
                    "DeleteStreamPool of " + p.name(),
                    e,
                    done + " of its " + contained.size() + " stream(s) were deleted first; the pool and the other"
                            + " streams are unchanged, and the same call finishes the deletion");
        }
        PoolInfo deleted = p.deletedAt(now());
        save(deleted, "DeleteStreamPool of " + p.name());
        pools.put(id, deleted);
        LOG.info("Stream pool deleted: {} id {}", p.name(), id);
    }

    /** Retention: deletes expired segments of every live stream. */
    public void enforceRetention() {
        long now = now();
        for (StreamInfo s : streams.values()) {
            PartitionLog[] l = s.deleted() ? null : logs.get(s.id());
            if (l == null) {
                continue;
            }
            long cutoff = now - s.retentionInHours() * 3_600_000L;
            for (PartitionLog log : l) {
                try {
                    log.deleteOlderThan(cutoff);
                } catch (IOException e) {
                    LOG.warn("Retention on {} failed: {}", log.directory(), e.toString());
                }
            }
        }
    }
}
