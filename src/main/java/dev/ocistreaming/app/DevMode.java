package dev.ocistreaming.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code run --dev}: camel-main's own routes reload, watching the directory of the route files that run.
 *
 * <p>Only the saved file's routes are replaced ({@code routes-reload-remove-all-routes = false}): the other routes keep
 * running, and a reloaded group consumer stops (committing what it processed) and starts again in the same group, so
 * it resumes at the committed position. A file that does not load leaves the routes as they were; camel-main reports
 * it, and {@link RouteLoadErrors} adds the file, line and allowed values.
 */
final class DevMode {

    private DevMode() {}

    /** camel-main properties that turn the reload on for the given {@code file:} route locations. */
    static Map<String, String> reloadSettings(List<String> routeLocations) {
        List<Path> directories = routeLocations.stream()
                .filter(location -> location.startsWith("file:"))
                .map(location -> Path.of(location.substring("file:".length())).getParent())
                .distinct()
                .toList();
        if (directories.size() != 1) {
            throw new LauncherCommandLine.UsageException("run --dev watches one directory; the route files are in "
                    + (directories.isEmpty()
                            ? "none (the bundled routes: copy them to routes/ first)"
                            : directories.stream().map(Path::toString).collect(Collectors.joining(", "))));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("camel.main.routes-reload-enabled", "true");
        settings.put("camel.main.routes-reload-directory", directories.get(0).toString());
        settings.put("camel.main.routes-reload-pattern", fileNames(routeLocations));
        settings.put("camel.main.routes-reload-remove-all-routes", "false");
        // the line of each step in log lines and errors
        settings.put("camel.main.source-location-enabled", "true");
        return settings;
    }

    /** Only the files that run are watched, not every YAML file beside them. */
    private static String fileNames(List<String> routeLocations) {
        return routeLocations.stream()
                .map(location -> Path.of(location.substring("file:".length()))
                        .getFileName()
                        .toString())
                .collect(Collectors.joining(","));
    }
}
