package dev.ocistreaming.local.log;

import dev.ocistreaming.local.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The partition logs of every stream, under {@code <root>/<streamId>/<partition>/}. */
public final class LogStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);

    private final Path root;
    private final LogSettings settings;
    private final Map<String, PartitionLog[]> streams = new ConcurrentHashMap<>();

    public LogStore(Path root, LogSettings settings) throws IOException {
        this.root = Files.createDirectories(root);
        this.settings = settings;
    }

    /** Opens (creating if needed) the logs of a stream; {@code streamId} must be server-generated. */
    public PartitionLog[] open(String streamId, int partitions) throws IOException {
        Path dir = root.resolve(streamId);
        PartitionLog[] logs = new PartitionLog[partitions];
        for (int p = 0; p < partitions; p++) {
            logs[p] = PartitionLog.open(dir.resolve(Integer.toString(p)), settings);
        }
        AtomicFile.syncDirectory(root);
        streams.put(streamId, logs);
        return logs;
    }

    /** The logs of an open stream, or null. */
    public PartitionLog[] get(String streamId) {
        return streams.get(streamId);
    }

    /** Closes and deletes every file of a stream. */
    public void delete(String streamId) throws IOException {
        PartitionLog[] logs = streams.remove(streamId);
        Path dir = root.resolve(streamId);
        if (logs != null) {
            for (PartitionLog log : logs) {
                log.deleteAll();
            }
        }
        Files.deleteIfExists(dir);
        AtomicFile.syncDirectory(root);
    }

    /** Forces every log with unsynced records (the {@code interval} policy's tick). */
    public void flushAll() {
        for (PartitionLog[] logs : streams.values()) {
            for (PartitionLog log : logs) {
                try {
                    log.flush();
                } catch (IOException e) {
                    LOG.warn("fsync of {} failed: {}", log.directory(), e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        for (PartitionLog[] logs : streams.values()) {
            for (PartitionLog log : logs) {
                try {
                    log.close();
                } catch (IOException e) {
                    LOG.warn("Closing {} failed: {}", log.directory(), e.toString());
                }
            }
        }
        streams.clear();
    }
}
