package dev.ocistreaming.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file all at once: write a temporary sibling, optionally fsync it, rename it over the target, then fsync
 * the directory. A crash leaves either the old or the new content, never a mix; with {@code durable}, a power loss
 * too. The one way the project writes such files: the server's metadata, group state and sealed indexes, and the
 * launcher's bridges, which commit a stream position only after the file they wrote is durable.
 */
public final class AtomicFile {

    private AtomicFile() {}

    /** Writes {@code content} to {@code target} through the sibling {@code <name>.tmp}. */
    public static void write(Path target, byte[] content, boolean durable) throws IOException {
        write(target, target.resolveSibling(target.getFileName() + ".tmp"), content, durable);
    }

    /**
     * @param temp    the temporary file, in the target's directory (a name that readers of the directory ignore)
     * @param durable whether to fsync file and directory; without it the rename is still atomic against a process
     *     crash, but a power loss may lose the change
     */
    public static void write(Path target, Path temp, byte[] content, boolean durable) throws IOException {
        try {
            try (FileChannel ch = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // no space or an I/O error: the old file stays as it was, and no half-written sibling is left
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        if (durable) {
            syncDirectory(target.getParent());
        }
    }

    /** Makes a directory's entries (new, renamed or deleted files) durable; a no-op where unsupported. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a directory; their file systems keep the rename by themselves.
        }
    }
}
