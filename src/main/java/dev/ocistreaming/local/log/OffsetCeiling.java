package dev.ocistreaming.local.log;

import dev.ocistreaming.local.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A durable upper bound on the offsets a partition has handed out, so that offsets are never given
 * out twice even when recovery has to cut acknowledged records (or a power loss takes them).
 *
 * <p>Before an append would reach the stored ceiling, a new one a step ahead is written (atomically
 * and durably), so the file is rewritten once per {@link #STEP} offsets, not per write. A clean close
 * stores the exact next offset and marks the shutdown clean.
 *
 * <p>File {@code offsets.ceiling}: {@code int magic, long ceiling, byte clean, int crc32c}.
 */
final class OffsetCeiling {

    static final String FILE = "offsets.ceiling";
    /** Offsets reserved per rewrite: a rewrite every 65 536 messages costs nothing measurable. */
    static final long STEP = 65_536;

    private static final int MAGIC = 0x4F53434C; // "OSCL"
    private static final int LENGTH = 4 + 8 + 1 + 4;

    /** What the file said at open, or (assumed) what a damaged one stood for. */
    record Stored(long ceiling, boolean clean, boolean assumed) {}

    private final Path file;
    private long ceiling;

    private OffsetCeiling(Path file, long ceiling) {
        this.file = file;
        this.ceiling = ceiling;
    }

    /** Whether the file is there: where {@link #read} answered null, tells a damaged file from a missing one. */
    static boolean exists(Path dir) {
        return Files.exists(dir.resolve(FILE));
    }

    /**
     * What a damaged file stood for, assumed from the records found: the most it can have been is unknown, so
     * numbering is taken a full {@link #STEP} past the records, plus as many offsets as the bytes recovery cut
     * could have held. That covers a file damaged on its own and a damaged tail beside it; an unclean stop under
     * fsync=interval or never that also lost more than a step of acknowledged messages is the one case it cannot.
     */
    static Stored assumedAfterDamage(long next, long cutBytes) {
        return new Stored(next + STEP + cutBytes / Frames.MIN_RECORD_BYTES, false, true);
    }

    /** The stored value, or null when the file is missing or damaged (then nothing is known). */
    static Stored read(Path dir) {
        try {
            Path f = dir.resolve(FILE);
            if (!Files.isRegularFile(f) || Files.size(f) != LENGTH) {
                return null;
            }
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(f));
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), 0, LENGTH - 4);
            if (buf.getInt(0) != MAGIC || buf.getInt(LENGTH - 4) != (int) crc.getValue()) {
                return null;
            }
            long ceiling = buf.getLong(4);
            return ceiling < 0 ? null : new Stored(ceiling, buf.get(12) == 1, false);
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts from {@code next}, the first offset the log will hand out; nothing is written yet. */
    static OffsetCeiling startingAt(Path dir, long next) {
        return new OffsetCeiling(dir.resolve(FILE), next);
    }

    /** Makes sure offsets below {@code next} are covered, writing a new ceiling if needed (caller holds the write lock). */
    void cover(long next) throws IOException {
        if (next <= ceiling) {
            return;
        }
        long raised = next + STEP;
        write(raised, false);
        ceiling = raised;
    }

    /** At a clean close: the exact next offset, marked clean. */
    void closeAt(long next) throws IOException {
        write(next, true);
        ceiling = next;
    }

    private void write(long value, boolean clean) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        buf.putInt(MAGIC).putLong(value).put((byte) (clean ? 1 : 0));
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, LENGTH - 4);
        buf.putInt((int) crc.getValue());
        AtomicFile.write(file, buf.array(), true);
    }
}
