package dev.ocistreaming.app.bridges;

import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.local.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of the stream-to-file bridge: their names, and which messages they already hold.
 *
 * <p>A file is named {@code <stream>+<partition>+<first offset>+<last offset>.<extension>}, offsets in 20 digits, so
 * names sort by offset and the folder itself records what was written. OCI commits whole batches, so after a restart
 * or a re-created cursor the service delivers again from the last committed batch, which may begin in the middle of
 * a written file: {@link #isWritten} tells those messages apart (they are skipped), and the next file starts right
 * after the last written one, as it would have without the interruption.
 *
 * <p>What this instance wrote is remembered; the folder is read again for a partition when its offsets do not follow
 * on (first message, a redelivery, a partition coming back from another instance that wrote to the same folder).
 */
public class WrittenFiles {

    private static final Logger LOG = LoggerFactory.getLogger(WrittenFiles.class);
    /** Offsets in file names: 20 digits, so names sort by offset. */
    static final String OFFSET_FORMAT = "%020d";

    private Path directory = Path.of("out");
    private String extension = "txt";
    private final Map<String, Position> partitions = new HashMap<>();

    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    public void setExtension(String extension) {
        this.extension = extension.startsWith(".") ? extension.substring(1) : extension;
    }

    /** @return true when a file in the folder already holds this message */
    public synchronized boolean isWritten(Exchange message) {
        String prefix = prefix(message);
        long offset = message.getMessage().getHeader(OciStreamingConstants.OFFSET, long.class);
        Position p = partitions.computeIfAbsent(prefix, k -> new Position());
        if (offset > p.lastWritten && offset != p.nextExpected) {
            p.lastWritten = Math.max(p.lastWritten, lastOffsetOnDisk(prefix));
        }
        p.nextExpected = offset + 1;
        return offset <= p.lastWritten;
    }

    /** The file name of a group of messages made by {@link GroupedMessages}. */
    String fileName(Exchange group) {
        return prefix(group) + String.format(OFFSET_FORMAT, first(group)) + "+"
                + String.format(OFFSET_FORMAT, last(group)) + "." + extension;
    }

    /**
     * Writes the group made by {@link GroupedMessages} to its file, durably (see {@link AtomicFile}: Camel 4.18's file
     * producer renames atomically but does not sync, its forceWrites option being unused) and remembers it; the
     * file name is left in header {@code CamelFileName}. A rewrite after a crash replaces the hidden temporary file
     * of the first attempt, which is named by the first offset only.
     */
    public void write(Exchange group) throws IOException, InvalidPayloadException {
        String name = fileName(group);
        String temp = "." + prefix(group) + String.format(OFFSET_FORMAT, first(group)) + "." + extension + ".part";
        Files.createDirectories(directory);
        AtomicFile.write(
                directory.resolve(name),
                directory.resolve(temp),
                group.getMessage().getMandatoryBody(byte[].class),
                true);
        group.getMessage().setHeader(Exchange.FILE_NAME, name);
        synchronized (this) {
            Position p = partitions.computeIfAbsent(prefix(group), k -> new Position());
            p.lastWritten = Math.max(p.lastWritten, last(group));
        }
    }

    /** {@code <stream>+<partition>+}, the stream name reduced to characters safe in a file name. */
    static String prefix(Exchange exchange) {
        String stream = exchange.getMessage().getHeader(OciStreamingConstants.STREAM_NAME, String.class);
        if (stream == null) {
            stream = exchange.getMessage().getHeader(OciStreamingConstants.STREAM_ID, String.class);
        }
        String partition = exchange.getMessage().getHeader(OciStreamingConstants.PARTITION, String.class);
        return safe(stream) + "+" + safe(partition) + "+";
    }

    private long lastOffsetOnDisk(String prefix) {
        long last = -1;
        String suffix = "." + extension;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*" + suffix)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String[] offsets = name.substring(prefix.length(), name.length() - suffix.length())
                        .split("\\+");
                if (offsets.length == 2 && offsets[1].matches("\\d{20}")) {
                    last = Math.max(last, Long.parseLong(offsets[1]));
                }
            }
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
        LOG.debug("Files {}* in {} hold offsets up to {}", prefix, directory, last);
        return last;
    }

    private static long first(Exchange group) {
        return group.getProperty(GroupedMessages.FIRST_OFFSET, long.class);
    }

    private static long last(Exchange group) {
        return group.getProperty(GroupedMessages.LAST_OFFSET, long.class);
    }

    /** The text with every character that is not safe in a file name replaced by {@code _}. */
    private static String safe(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("Message without stream or partition header: bridge files are named"
                    + " after messages read from an oci-streaming consumer");
        }
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** What is known of one partition's files. */
    private static final class Position {
        long lastWritten = -1;
        long nextExpected = -1;
    }
}
