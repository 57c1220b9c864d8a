package dev.ocistreaming.local.kafka.group;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocistreaming.local.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed offsets of Kafka groups, one small file per group (name: a hash of pool and group
 * id, which may hold any character), replaced atomically at each commit and forced to disk when the
 * server's fsync policy is {@code always}: an acknowledged commit survives a crash like an
 * acknowledged produce.
 */
final class CommittedOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedOffsets.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One committed position. */
    record Committed(long offset, String metadata) {}

    /** What a group's file holds. */
    record GroupFile(String poolId, String groupId, Map<String, Map<Integer, Committed>> offsets) {}

    private final Path dir;
    private final boolean durable;
    private final Map<String, GroupFile> groups = new ConcurrentHashMap<>();

    CommittedOffsets(Path dir, boolean durable) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.durable = durable;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                } else if (name.endsWith(".json")) {
                    try {
                        GroupFile g = JSON.readValue(f.toFile(), new TypeReference<GroupFile>() {});
                        groups.put(key(g.poolId(), g.groupId()), g);
                    } catch (IOException e) {
                        LOG.warn("Ignoring unreadable Kafka group offsets file {}: {}", f, e.toString());
                    }
                }
            }
        }
    }

    static String key(String poolId, String groupId) {
        return poolId + "/" + groupId;
    }

    /** Records the offsets and returns once they are written (and forced, under fsync=always). */
    synchronized void commit(String poolId, String groupId, String topic, Map<Integer, Committed> partitions)
            throws IOException {
        String k = key(poolId, groupId);
        GroupFile old = groups.get(k);
        Map<String, Map<Integer, Committed>> next = new TreeMap<>();
        if (old != null) {
            old.offsets().forEach((t, p) -> next.put(t, new TreeMap<>(p)));
        }
        next.computeIfAbsent(topic, t -> new TreeMap<>()).putAll(partitions);
        GroupFile g = new GroupFile(poolId, groupId, next);
        AtomicFile.write(file(k), JSON.writeValueAsBytes(g), durable);
        groups.put(k, g);
    }

    /** The group's committed offsets by topic and partition (empty if none). */
    Map<String, Map<Integer, Committed>> get(String poolId, String groupId) {
        GroupFile g = groups.get(key(poolId, groupId));
        return g == null ? Map.of() : g.offsets();
    }

    /** Group ids of the pool that have committed offsets. */
    List<String> groupIds(String poolId) {
        return groups.values().stream()
                .filter(g -> g.poolId().equals(poolId))
                .map(GroupFile::groupId)
                .toList();
    }

    private Path file(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
