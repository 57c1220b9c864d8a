package dev.ocistreaming.app;

import dev.ocistreaming.app.bench.BenchScale;
import dev.ocistreaming.app.bench.Benchmark;
import dev.ocistreaming.local.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar camel-oci-streaming-app.jar [run|server|producer|consumer|bench|help] …} and
 * {@code mvn compile camel:run} (no arguments: {@code run}).
 */
public final class Launcher {

    static final int USAGE_ERROR = 2;
    static final int FAILURE = 1;

    private static final String LOG4J_CONFIGURATION = "log4j2.configurationFile";

    private Launcher() {}

    public static void main(String[] args) {
        // The launcher's logging configuration lives under its package, not at the classpath root, where an
        // application using the component keeps its own; a -Dlog4j2.configurationFile still wins.
        if (System.getProperty(LOG4J_CONFIGURATION) == null) {
            System.setProperty(LOG4J_CONFIGURATION, "classpath:dev/ocistreaming/app/log4j2.properties");
        }
        int code = execute(Path.of("").toAbsolutePath(), System.out, System.err, args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Parses, checks and runs a command; returns the process exit code. */
    static int execute(Path workingDirectory, PrintStream out, PrintStream err, String... args) {
        try {
            Command command = LauncherCommandLine.parse(args);
            return dispatch(command, workingDirectory, out, err);
        } catch (LauncherCommandLine.UsageException e) {
            err.println("Error: " + e.getMessage());
            err.print(e.usage());
            return USAGE_ERROR;
        } catch (Exception e) {
            err.println("Error: " + describe(e));
            return FAILURE;
        }
    }

    private static int dispatch(Command command, Path workingDirectory, PrintStream out, PrintStream err)
            throws Exception {
        AppProperties properties = AppProperties.load(workingDirectory);
        if (command instanceof Command.Help help) {
            out.print(help.usage());
            return 0;
        }
        if (command instanceof Command.Server server) {
            Map<String, String> settings = new HashMap<>(properties.localServerSettings());
            settings.putAll(server.settings());
            new ServerApplication(ServerConfig.fromProperties(settings)).run();
            return 0;
        }
        if (command instanceof Command.Bench bench) {
            // Missed targets are figures, not failures: the table says which.
            ServerConfig server = bench.fsync() == null
                    ? ServerConfig.builder().build()
                    : ServerConfig.fromProperties(Map.of("local-server.fsync", bench.fsync()));
            new Benchmark(
                            bench.quick() ? BenchScale.QUICK : BenchScale.FULL,
                            server.fsyncPolicy(),
                            bench.figures(),
                            out,
                            err)
                    .run();
            return 0;
        }
        if (command instanceof Command.Demo demo) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put(CamelApplication.STREAM_PROPERTY, demo.stream());
            if (demo.endpoint() != null) {
                overrides.put(CamelApplication.ENDPOINT_PROPERTY, demo.endpoint());
            }
            String route = RouteFiles.bundled(workingDirectory, demo.role().routeFile());
            return new CamelApplication(List.of(route), overrides, null).run();
        }
        Command.Run run = (Command.Run) command;
        List<String> routes = new ArrayList<>();
        if (run.routeFiles().isEmpty()) {
            RouteFiles.DEMO.forEach(name -> routes.add(RouteFiles.bundled(workingDirectory, name)));
        } else {
            run.routeFiles().forEach(file -> routes.add(RouteFiles.userFile(workingDirectory, file)));
        }
        ServerConfig server =
                properties.localServerEnabled() ? ServerConfig.fromProperties(properties.localServerSettings()) : null;
        Map<String, String> overrides = run.dev() ? DevMode.reloadSettings(routes) : Map.of();
        return new CamelApplication(routes, overrides, server).run();
    }

    /** The message a user needs, without a stack trace: the innermost cause usually names the problem. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == e || e.getMessage() == null ? message : e.getMessage() + " (" + message + ")";
    }
}
