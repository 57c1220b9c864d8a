package dev.ocistreaming.app;

import dev.ocistreaming.app.bench.Benchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the user asked the launcher to do, parsed and checked, before anything starts. */
sealed interface Command {

    /**
     * camel-main with the embedded server (unless disabled) and the given route files; {@code dev}: reload a route
     * file when it is saved.
     */
    record Run(List<Path> routeFiles, boolean dev) implements Command {}

    /** The local server alone; {@code settings} are {@code local-server.*} keys from the command line. */
    record Server(Map<String, String> settings) implements Command {}

    /** The demo's producer or consumer as a Camel route, against an existing server or real OCI. */
    record Demo(DemoRole role, String stream, String endpoint) implements Command {}

    /**
     * The benchmark against an embedded server: {@code quick} is the under-a-minute run; {@code fsync} the servers'
     * {@code local-server.fsync} policy, null for the default; {@code figures} the rows to measure.
     */
    record Bench(boolean quick, String fsync, Set<Benchmark.Figures> figures) implements Command {}

    /** Print {@code usage}: the program's, or one command's. */
    record Help(String usage) implements Command {}

    enum DemoRole {
        PRODUCER("timer-to-stream.camel.yaml"),
        CONSUMER("stream-to-log.camel.yaml");

        private final String routeFile;

        DemoRole(String routeFile) {
            this.routeFile = routeFile;
        }

        String routeFile() {
            return routeFile;
        }
    }
}
