package dev.ocistreaming.local.group;

import dev.ocistreaming.local.AtomicFile;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Json;
import dev.ocistreaming.local.log.PartitionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All consumer groups, by stream. A group's committed offsets live in one small file
 * ({@code <groupsDir>/<streamId>/<sha256 of name>.json}) replaced atomically when they change;
 * hashing the name keeps any group name out of path tricks and within file-name limits.
 */
public final class GroupCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    private final Path groupsDir;
    private final int maxGroupsPerStream;
    private final boolean durableCommits;
    private final Map<String, Map<String, ConsumerGroup>> byStream = new ConcurrentHashMap<>();

    /**
     * @param durableCommits fsync each commit (the {@code always} policy), else rename only
     */
    public GroupCoordinator(Path groupsDir, int maxGroupsPerStream, boolean durableCommits) throws IOException {
        this.groupsDir = Files.createDirectories(groupsDir);
        this.maxGroupsPerStream = maxGroupsPerStream;
        this.durableCommits = durableCommits;
    }

    /** Loads the persisted groups of a stream (called once per live stream at start). */
    public void load(String streamId) throws IOException {
        Path dir = groupsDir.resolve(streamId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Map<String, ConsumerGroup> groups = groupsOf(streamId);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().endsWith(".json")) {
                    Files.deleteIfExists(f);
                    continue;
                }
                try {
                    GroupState state = Json.MAPPER.readValue(f.toFile(), GroupState.class);
                    groups.put(state.name(), new ConsumerGroup(streamId, state, s -> save(streamId, s)));
                } catch (IOException e) {
                    LOG.error("Ignoring unreadable group file {}: {}", f, e.getMessage());
                }
            }
        }
    }

    /** The group, created at {@code type}/{@code timeMs} if new (an existing group keeps its position). */
    public ConsumerGroup getOrCreate(
            String streamId, String name, String type, long timeMs, PartitionLog[] logs, long now) {
        Map<String, ConsumerGroup> groups = groupsOf(streamId);
        ConsumerGroup existing = groups.get(name);
        if (existing != null) {
            return existing;
        }
        synchronized (groups) {
            existing = groups.get(name);
            if (existing != null) {
                return existing;
            }
            if (groups.size() >= maxGroupsPerStream) {
                throw ApiException.limitExceeded(
                        "A stream can have at most " + maxGroupsPerStream + " consumer groups");
            }
            long[] committed = new long[logs.length];
            Arrays.fill(committed, -1);
            GroupState state =
                    new GroupState(name, 0, type, ConsumerGroup.startOffsets(type, timeMs, logs), committed, now);
            ConsumerGroup group = new ConsumerGroup(streamId, state, s -> save(streamId, s));
            save(streamId, state);
            groups.put(name, group);
            LOG.info("Group {} created on stream {} at {}", name, streamId, type);
            return group;
        }
    }

    /** An existing group; 404 otherwise. */
    public ConsumerGroup get(String streamId, String name) {
        ConsumerGroup g = groupsOf(streamId).get(name);
        if (g == null) {
            throw ApiException.notFound("Group " + name + " not found on stream " + streamId);
        }
        return g;
    }

    /** The stream's groups, in no particular order (the console lists them; the OCI API cannot). */
    public List<ConsumerGroup> groups(String streamId) {
        Map<String, ConsumerGroup> groups = byStream.get(streamId);
        return groups == null ? List.of() : List.copyOf(groups.values());
    }

    /** Forgets a deleted stream's groups and their files. */
    public void dropStream(String streamId) {
        byStream.remove(streamId);
        Path dir = groupsDir.resolve(streamId);
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete group files of stream {}: {}", streamId, e.toString());
        }
    }

    private Map<String, ConsumerGroup> groupsOf(String streamId) {
        return byStream.computeIfAbsent(streamId, k -> new ConcurrentHashMap<>());
    }

    private void save(String streamId, GroupState state) {
        try {
            Path dir = Files.createDirectories(groupsDir.resolve(streamId));
            String file = HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(state.name().getBytes(StandardCharsets.UTF_8)))
                    + ".json";
            AtomicFile.write(dir.resolve(file), Json.MAPPER.writeValueAsBytes(state), durableCommits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
