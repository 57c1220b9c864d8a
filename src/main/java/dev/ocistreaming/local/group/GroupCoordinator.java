package dev.ocistreaming.local.group;

import dev.ocistreaming.local.AtomicFile;
import dev.ocistreaming.local.admin.DamagedFiles;
import dev.ocistreaming.local.admin.MetadataJson;
import dev.ocistreaming.local.admin.StorageFailure;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Json;
import dev.ocistreaming.local.log.PartitionLog;
import java.io.IOException;
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
    private final DamagedFiles damaged;
    private final Map<String, Map<String, ConsumerGroup>> byStream = new ConcurrentHashMap<>();

    /**
     * @param durableCommits fsync each commit (the {@code always} policy), else rename only
     */
    public GroupCoordinator(Path groupsDir, int maxGroupsPerStream, boolean durableCommits, DamagedFiles damaged)
            throws IOException {
        this.groupsDir = Files.createDirectories(groupsDir);
        this.damaged = damaged;
        this.maxGroupsPerStream = maxGroupsPerStream;
        this.durableCommits = durableCommits;
    }

    /**
     * Loads the persisted groups of a stream (called once per live stream at start). A file that does not parse
     * strictly, holds values this server could not have written, or is not named after the group it holds is set
     * aside: that group starts again as new.
     */
    public void load(String streamId, int partitions) throws IOException {
        Path dir = groupsDir.resolve(streamId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Map<String, ConsumerGroup> groups = groupsOf(streamId);
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.sorted().toList();
        }
        for (Path f : files) {
            if (!f.getFileName().toString().endsWith(".json")) {
                Files.deleteIfExists(f);
                continue;
            }
            GroupState state;
            try {
                state = MetadataJson.read(f, GroupState.class);
            } catch (IOException | RuntimeException e) {
                damaged.setAside(
                        f,
                        "a consumer group of stream " + streamId + " (unreadable)",
                        LOST_GROUP_COST,
                        MetadataJson.describe(e));
                continue;
            }
            String wrong = state.problem(partitions);
            if (wrong == null && !f.getFileName().toString().equals(fileName(state.name()))) {
                wrong = "the file is not named after the group it holds";
            }
            if (wrong != null) {
                damaged.setAside(
                        f, "consumer group " + state.name() + " of stream " + streamId, LOST_GROUP_COST, wrong);
                continue;
            }
            groups.put(state.name(), new ConsumerGroup(streamId, state, s -> save(streamId, s)));
        }
    }

    private static final String LOST_GROUP_COST = "its committed offsets are lost: the group starts again at the"
            + " position its next CreateGroupCursor asks for (the service's rule for a new group), so messages can be"
            + " delivered again or skipped";

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
            save(streamId, state); // before it is visible: a group that cannot be stored is not created
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

    /**
     * Writes a group's state; when that fails (a full disk) the caller's change is not applied and the client gets a
     * 5xx naming the cause. A folder made for the first group of a stream is removed again if the write fails.
     */
    private void save(String streamId, GroupState state) {
        Path dir = groupsDir.resolve(streamId);
        boolean existed = Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
            AtomicFile.write(dir.resolve(fileName(state.name())), Json.MAPPER.writeValueAsBytes(state), durableCommits);
        } catch (IOException e) {
            if (!existed) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException notEmpty) {
                    e.addSuppressed(notEmpty);
                }
            }
            throw StorageFailure.answer("Storing consumer group " + state.name() + " of stream " + streamId, e);
        }
    }

    private static String fileName(String groupName) {
        try {
            return HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(groupName.getBytes(StandardCharsets.UTF_8)))
                    + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
