package dev.ocistreaming.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, small file system for disk-full tests: a tmpfs of a few MiB mounted on a temporary folder. Mounting needs
 * root (CI runs as root); elsewhere the test is skipped, saying why, rather than faking a full disk.
 *
 * <pre>
 * try (SmallDisk disk = SmallDisk.mount(8)) {
 *     ... server on disk.path() ...
 *     disk.fill();        // no space left: the next write fails with ENOSPC
 *     disk.freeFill();    // space back
 * }
 * </pre>
 */
public final class SmallDisk implements AutoCloseable {

    private static final String FILLER = "filler.bin";

    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code megabytes} MiB, or skips the calling test when this process may not mount. */
    public static SmallDisk mount(int megabytes) {
        assumeTrue(
                isRoot(),
                "disk-full tests mount a small tmpfs and need root (CI runs as root); skipped as "
                        + System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("small-disk-");
            run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
            return new SmallDisk(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mounted folder. */
    public Path path() {
        return mountPoint;
    }

    /** Writes a filler file until the file system refuses: afterwards every write that needs a new block fails. */
    public void fill() {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve(FILLER))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException expected) {
            // ENOSPC: the disk is full now
        }
    }

    /** Deletes the filler: the space {@link #fill()} took is free again. */
    public void freeFill() {
        try {
            Files.deleteIfExists(mountPoint.resolve(FILLER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts and deletes the folder; what was on the tmpfs is gone. */
    @Override
    public void close() {
        run("umount", "-l", mountPoint.toString());
        try (Stream<Path> files = Files.walk(mountPoint)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String output = new String(p.getInputStream().readAllBytes());
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
