package dev.ocistreaming.local.admin;

import dev.ocistreaming.local.AtomicFile;
import dev.ocistreaming.local.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code damaged/} folder of the data directory: a stream, pool, group or cursor-secret file the server cannot
 * read is moved there (same relative path) instead of stopping the start, with an ERROR saying what it held and what
 * its loss costs. A {@code <file>.why.json} beside it keeps that explanation, so the console lists what was set aside
 * at any earlier start too, until someone deletes the folder. Putting a repaired file back where it came from and
 * restarting undoes the loss.
 */
public final class DamagedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DamagedFiles.class);
    public static final String FOLDER = "damaged";
    private static final String WHY = ".why.json";

    /**
     * One file set aside.
     *
     * @param file where it came from, relative to the data directory
     * @param movedTo where it is now, relative to the data directory ({@code null} if it could not be moved)
     * @param held what the file held, as far as it could be read
     * @param cost what its loss means for clients
     * @param reason what is wrong with it
     * @param time when it was set aside (RFC 3339)
     */
    public record SetAside(String file, String movedTo, String held, String cost, String reason, String time) {}

    private final Path dataDir;
    private final Path folder;
    private final Clock clock;
    private final List<SetAside> entries = new CopyOnWriteArrayList<>();

    public DamagedFiles(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.folder = dataDir.resolve(FOLDER);
        this.clock = clock;
        entries.addAll(earlier());
    }

    /** Everything set aside so far, oldest first. */
    public List<SetAside> list() {
        return List.copyOf(entries);
    }

    /**
     * Moves {@code file} to the damaged folder and says so at ERROR. Never throws: a file that cannot be moved (a full
     * disk may refuse even a rename) is left where it is, ignored for this start, and listed all the same.
     */
    public void setAside(Path file, String held, String cost, String reason) {
        String relative = dataDir.relativize(file).toString();
        String movedTo = null;
        try {
            Path target = freeName(folder.resolve(relative));
            Files.createDirectories(target.getParent());
            Files.move(file, target);
            AtomicFile.syncDirectory(target.getParent());
            AtomicFile.syncDirectory(file.getParent());
            movedTo = dataDir.relativize(target).toString();
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not move {} to {}/ ({}); it is ignored at this start", relative, FOLDER, e.toString());
        }
        SetAside entry = new SetAside(relative, movedTo, held, cost, reason, Json.formatTime(clock.millis()));
        entries.add(entry);
        LOG.error(
                "Damaged file {} set aside{}: it held {}; {}. What this costs: {}",
                relative,
                movedTo == null ? "" : " to " + movedTo,
                held,
                reason,
                cost);
        if (movedTo != null) {
            try {
                AtomicFile.write(dataDir.resolve(movedTo + WHY), Json.MAPPER.writeValueAsBytes(entry), false);
            } catch (IOException e) {
                LOG.warn("Could not write why {} was set aside next to it: {}", relative, e.toString());
            }
        }
    }

    /** A name not taken yet: the same one, or with {@code .1}, {@code .2}, ... appended. */
    private static Path freeName(Path wanted) {
        Path candidate = wanted;
        for (int i = 1;
                Files.exists(candidate) || Files.exists(candidate.resolveSibling(candidate.getFileName() + WHY));
                i++) {
            candidate = wanted.resolveSibling(wanted.getFileName() + "." + i);
        }
        return candidate;
    }

    private List<SetAside> earlier() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<SetAside> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder, 8)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(WHY) && Files.isRegularFile(f)) {
                    try {
                        found.add(MetadataJson.read(f, SetAside.class));
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("Unreadable note {}: {}", f, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not list {}: {}", folder, e.toString());
        }
        found.sort(Comparator.comparing(SetAside::time));
        if (!found.isEmpty()) {
            LOG.info(
                    "{} file(s) set aside at earlier starts are still in {} (see the console, or delete the folder once"
                            + " they are no longer wanted)",
                    found.size(),
                    folder);
        }
        return found;
    }
}
