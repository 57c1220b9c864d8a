package dev.ocistreaming.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Turns route file names into camel-main route locations. */
final class RouteFiles {

    /** What a bare {@code run} starts: the demo pair, producer and group consumer. */
    static final List<String> DEMO =
            List.of(Command.DemoRole.PRODUCER.routeFile(), Command.DemoRole.CONSUMER.routeFile());

    private RouteFiles() {}

    /**
     * A bundled route by name: {@code routes/<name>} in the working directory if present (the one a user
     * edits), else the copy inside the jar, so the jar also runs from any directory.
     */
    static String bundled(Path workingDirectory, String name) {
        Path local = workingDirectory.resolve("routes").resolve(name);
        return Files.isRegularFile(local) ? "file:" + local : "classpath:" + BundledFiles.ROUTES + name;
    }

    /** Route files the user named; each must exist. */
    static String userFile(Path workingDirectory, Path file) {
        Path resolved = workingDirectory.resolve(file).normalize();
        if (!Files.isRegularFile(resolved)) {
            throw new LauncherCommandLine.UsageException("Route file not found: " + file);
        }
        return "file:" + resolved;
    }

    static String includePattern(List<String> locations) {
        return locations.stream().collect(Collectors.joining(","));
    }
}
