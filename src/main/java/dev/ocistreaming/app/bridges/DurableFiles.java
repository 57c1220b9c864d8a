package dev.ocistreaming.app.bridges;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file so that after a crash or a power loss it is either whole under its name or not there at all: a
 * temporary file, synced, renamed atomically, then the folder synced. A bridge commits the stream position only after
 * this returns. (Camel 4.18's file producer renames atomically but does not sync: its forceWrites option is unused.)
 */
final class DurableFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);

    private DurableFiles() {}

    /** Writes {@code content} to {@code directory/name} through {@code directory/tempName}; returns the file. */
    static Path write(Path directory, String name, String tempName, byte[] content) throws IOException {
        Files.createDirectories(directory);
        Path temp = directory.resolve(tempName);
        try (FileChannel out = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Path target = directory.resolve(name);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(directory);
        return target;
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some platforms (Windows) cannot open a folder; their file systems keep the rename by themselves
            LOG.debug("Cannot sync folder {}: {}", directory, e.getMessage());
        }
    }
}
