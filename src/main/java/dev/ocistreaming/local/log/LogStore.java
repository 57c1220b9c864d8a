package dev.ocistreaming.local.log;

import dev.ocistreaming.local.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The partition logs of every stream, under {@code <root>/<streamId>/<partition>/}. */
public final class LogStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);

    private final Path root;
    private final LogSettings settings;
    private final Map<String, PartitionLog[]> streams = new ConcurrentHashMap<>();
    /** One low-priority thread that checks the sealed segments of each stream opened. */
    private final ExecutorService scrubber = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "log-scrub");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    public LogStore(Path root, LogSettings settings) throws IOException {
        this.root = Files.createDirectories(root);
        this.settings = settings;
    }

    /**
     * Opens (creating if needed) the logs of a stream; {@code streamId} must be server-generated. All or nothing: if
     * one partition cannot be opened, those already opened are closed and a folder this call created is removed.
     */
    public PartitionLog[] open(String streamId, int partitions) throws IOException {
        Path dir = root.resolve(streamId);
        boolean existed = Files.isDirectory(dir);
        PartitionLog[] logs = new PartitionLog[partitions];
        try {
            for (int p = 0; p < partitions; p++) {
                logs[p] = PartitionLog.open(
                        dir.resolve(Integer.toString(p)), settings, "stream " + streamId + " partition " + p);
            }
        } catch (IOException | RuntimeException e) {
            for (PartitionLog log : logs) {
                if (log != null) {
                    closeQuietly(log);
                }
            }
            if (!existed) {
                deleteTree(dir);
            }
            throw e;
        }
        AtomicFile.syncDirectory(root);
        streams.put(streamId, logs);
        scrubber.execute(() -> verify(streamId, logs));
        return logs;
    }

    /**
     * Checks every record of a stream's sealed segments once, in the background, so damage that no
     * read has reached yet is reported at start (a scrub); then one line with what was found.
     */
    private void verify(String streamId, PartitionLog[] logs) {
        long started = System.nanoTime();
        long ranges = 0;
        long lost = 0;
        for (PartitionLog log : logs) {
            log.verify();
            DamageReport.Counts c = log.damage();
            ranges += c.damagedRanges();
            lost += c.lostOffsets();
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (ranges > 0 || lost > 0) {
            LOG.warn(
                    "Stream {}: {} damaged range(s) and {} offset(s) without a message found in its {} partition(s)"
                            + " (checked in {} ms); the console shows them per partition",
                    streamId,
                    ranges,
                    lost,
                    logs.length,
                    ms);
        } else {
            LOG.debug("Stream {}: every record of its {} partition(s) checks out ({} ms)", streamId, logs.length, ms);
        }
    }

    private static void closeQuietly(PartitionLog log) {
        try {
            log.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed: {}", log.directory(), e.toString());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", dir, e.toString());
        }
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
        scrubber.shutdown();
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
