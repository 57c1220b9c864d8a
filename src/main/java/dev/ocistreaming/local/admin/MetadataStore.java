package dev.ocistreaming.local.admin;

import dev.ocistreaming.local.AtomicFile;
import dev.ocistreaming.local.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * One small JSON file per stream and per pool, replaced atomically and durably on each change: a change costs O(one
 * record), never O(data). Nothing read back is trusted: a file that does not parse strictly, or holds values this
 * server could not have written, is set aside in {@link DamagedFiles} and the rest load.
 */
final class MetadataStore {

    private final Path streamsDir;
    private final Path poolsDir;
    private final DamagedFiles damaged;

    MetadataStore(Path metaDir, DamagedFiles damaged) throws IOException {
        this.streamsDir = Files.createDirectories(metaDir.resolve("streams"));
        this.poolsDir = Files.createDirectories(metaDir.resolve("pools"));
        this.damaged = damaged;
    }

    /** Writes the stream's file; on failure the previous version (or none) is still there. */
    void save(StreamInfo s) throws IOException {
        write(streamsDir.resolve(s.id() + ".json"), s);
    }

    void save(PoolInfo p) throws IOException {
        write(poolsDir.resolve(p.id() + ".json"), p);
    }

    /** Removes a stream's file (undoing a creation that could not finish). */
    void remove(StreamInfo s) throws IOException {
        Files.deleteIfExists(streamsDir.resolve(s.id() + ".json"));
    }

    List<StreamInfo> loadStreams() throws IOException {
        return load(
                streamsDir,
                f -> MetadataJson.read(f, StreamInfo.class),
                StreamInfo::problem,
                s -> "stream " + s.name() + " (" + s.id() + ", " + s.partitions() + " partition(s))",
                "a stream's metadata",
                "the stream is gone from the API (GetStream answers 404, ListStreams leaves it out); its messages"
                        + " stay in logs/<id>/ and its consumer groups in groups/<id>/, unused until a repaired"
                        + " file is put back in meta/streams/");
    }

    List<PoolInfo> loadPools() throws IOException {
        return load(
                poolsDir,
                f -> MetadataJson.read(f, PoolInfo.class, PoolInfo::fillAbsent),
                PoolInfo::problem,
                p -> "stream pool " + p.name() + " (" + p.id() + ")",
                "a stream pool's metadata",
                "the pool is gone from the API (GetStreamPool answers 404, ListStreamPools leaves it out); its"
                        + " streams keep working and are still listed by compartment; a lost default pool is"
                        + " made anew for its compartment when next needed");
    }

    private static void write(Path file, Object value) throws IOException {
        AtomicFile.write(file, Json.MAPPER.writeValueAsBytes(value), true);
    }

    /** Reads one file; an exception says why it cannot be used. */
    private interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private <T> List<T> load(
            Path dir,
            Reader<T> reader,
            BiFunction<T, String, String> problem,
            java.util.function.Function<T, String> describe,
            String unreadable,
            String cost)
            throws IOException {
        List<T> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".tmp")) {
                // a write that never got renamed into place: the previous version is the file itself
                Files.deleteIfExists(f);
                continue;
            }
            if (!name.endsWith(".json")) {
                continue;
            }
            String expectedId = name.substring(0, name.length() - ".json".length());
            T value;
            try {
                value = reader.read(f);
            } catch (IOException | RuntimeException e) {
                damaged.setAside(f, unreadable + " (unreadable)", cost, MetadataJson.describe(e));
                continue;
            }
            String wrong = problem.apply(value, expectedId);
            if (wrong != null) {
                damaged.setAside(f, describe.apply(value), cost, wrong);
                continue;
            }
            out.add(value);
        }
        return out;
    }
}
