package dev.ocistreaming.local.admin;

import dev.ocistreaming.local.AtomicFile;
import dev.ocistreaming.local.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small JSON file per stream and per pool, replaced atomically and durably on each change:
 * a change costs O(one record), never O(data).
 */
final class MetadataStore {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);

    private final Path streamsDir;
    private final Path poolsDir;

    MetadataStore(Path metaDir) throws IOException {
        this.streamsDir = Files.createDirectories(metaDir.resolve("streams"));
        this.poolsDir = Files.createDirectories(metaDir.resolve("pools"));
    }

    void save(StreamInfo s) {
        write(streamsDir.resolve(s.id() + ".json"), s);
    }

    void save(PoolInfo p) {
        write(poolsDir.resolve(p.id() + ".json"), p);
    }

    List<StreamInfo> loadStreams() throws IOException {
        return load(streamsDir, StreamInfo.class);
    }

    List<PoolInfo> loadPools() throws IOException {
        return load(poolsDir, PoolInfo.class);
    }

    private static void write(Path file, Object value) {
        try {
            AtomicFile.write(file, Json.MAPPER.writeValueAsBytes(value), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<T> load(Path dir, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                } else if (name.endsWith(".json")) {
                    try {
                        out.add(Json.MAPPER.readValue(f.toFile(), type));
                    } catch (IOException e) {
                        LOG.error("Ignoring unreadable metadata file {}: {}", f, e.getMessage());
                    }
                }
            }
        }
        return out;
    }
}
