package dev.ocistreaming.app;

import dev.ocistreaming.app.bench.Benchmark;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The launcher's commands and flags, declared with picocli: {@code --port 8420} and {@code --port=8420} alike, an
 * unknown flag named, {@code help COMMAND} and {@code COMMAND --help} for each command. Parsing only: the result is a
 * checked {@link Command}; anything wrong is a {@link UsageException} carrying the usage of the command concerned.
 */
final class LauncherCommandLine {

    static final String PROGRAM = "java -jar camel-oci-streaming-app.jar";

    private LauncherCommandLine() {}

    static Command parse(String... args) {
        CommandLine root = commandLine();
        if (args.length > 0
                && !args[0].startsWith("-")
                && !root.getSubcommands().containsKey(args[0])) {
            throw new UsageException("Unknown command '" + args[0] + "' (commands: "
                    + String.join(", ", root.getSubcommands().keySet()) + ")");
        }
        ParseResult result;
        try {
            result = root.parseArgs(args);
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage(), e.getCommandLine().getUsageMessage());
        }
        ParseResult leaf = result;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        CommandLine chosen = leaf.commandSpec().commandLine();
        if (leaf.isUsageHelpRequested()) {
            return new Command.Help(chosen.getUsageMessage());
        }
        Object options = chosen.getCommand();
        try {
            return options instanceof CommandOptions command ? command.toCommand() : new Command.Run(List.of(), false);
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage(), chosen.getUsageMessage());
        }
    }

    /** The usage of the whole program (what {@code help} prints). */
    static String programUsage() {
        return commandLine().getUsageMessage();
    }

    private static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Root());
        root.setCaseInsensitiveEnumValuesAllowed(true);
        root.setUsageHelpWidth(110);
        return root;
    }

    /** What each command turns its parsed flags into; a wrong value is a {@link ParameterException}. */
    private interface CommandOptions {
        Command toCommand();
    }

    @CommandLine.Command(
            name = PROGRAM,
            description = "Camel routes for OCI Streaming, with an embedded OCI-Streaming-compatible server."
                    + " Without a command: run.",
            subcommands = {
                RunOptions.class,
                ServerOptions.class,
                ProducerOptions.class,
                ConsumerOptions.class,
                BenchOptions.class,
                HelpOptions.class
            })
    static final class Root {
        @Mixin
        HelpOption help;
    }

    @CommandLine.Command(
            name = "run",
            description = "The local server (unless local-server.enabled=false) and camel-main running route files"
                    + " (default: the demo's producer and consumer).")
    static final class RunOptions implements CommandOptions {
        @Spec
        CommandSpec spec;

        @Mixin
        HelpOption help;

        @Option(
                names = "--dev",
                description = "Reload a route file when it is saved (camel-main's routes reload); consumers keep their"
                        + " group's position.")
        boolean dev;

        @Parameters(paramLabel = "ROUTE_FILE", arity = "0..*", description = "YAML route files (*.yaml, *.yml).")
        List<Path> routeFiles = new ArrayList<>();

        @Override
        public Command toCommand() {
            for (Path file : routeFiles) {
                String name = file.toString();
                if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
                    throw new ParameterException(spec.commandLine(), "Route file must be a .yaml file: '" + file + "'");
                }
            }
            return new Command.Run(List.copyOf(routeFiles), dev);
        }
    }

    @CommandLine.Command(name = "server", description = "The local server alone, until Ctrl+C.")
    static final class ServerOptions implements CommandOptions {
        @Spec
        CommandSpec spec;

        @Mixin
        HelpOption help;

        @Option(names = "--port", paramLabel = "N", description = "REST port (local-server.port; 0: any free port).")
        String port;

        @Option(
                names = "--kafka-port",
                paramLabel = "N",
                description = "Kafka port (local-server.kafka.port; 0: any free port).")
        String kafkaPort;

        @Option(
                names = "--kafka-tls",
                description = "TLS on the Kafka port (local-server.kafka.tls=true): clients use SSL or SASL_SSL and the"
                        + " truststore the start line names.")
        boolean kafkaTls;

        @Option(names = "--host", paramLabel = "H", description = "Address to listen on (local-server.host).")
        String host;

        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "Where streams and offsets live (local-server.data-dir).")
        String dataDir;

        @Override
        public Command toCommand() {
            Map<String, String> settings = new LinkedHashMap<>();
            if (port != null) {
                settings.put("local-server.port", checkPort("--port", port));
            }
            if (kafkaPort != null) {
                settings.put("local-server.kafka.port", checkPort("--kafka-port", kafkaPort));
            }
            if (kafkaTls) {
                settings.put("local-server.kafka.tls", "true");
            }
            if (host != null) {
                settings.put("local-server.host", host);
            }
            if (dataDir != null) {
                settings.put("local-server.data-dir", dataDir);
            }
            return new Command.Server(settings);
        }

        private String checkPort(String flag, String value) {
            try {
                int number = Integer.parseInt(value);
                if (number >= 0 && number <= 65535) {
                    return value;
                }
                throw new ParameterException(spec.commandLine(), flag + " must be 0..65535, was " + value);
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), flag + " must be a number, was '" + value + "'");
            }
        }
    }

    /** {@code producer} and {@code consumer}: the demo's two roles, each a route against a running server. */
    abstract static class DemoOptions implements CommandOptions {
        @Spec
        CommandSpec spec;

        @Mixin
        HelpOption help;

        // arity 0..1 and checked below: with a required STREAM, picocli would report the missing stream before an
        // unknown flag (producer --port), and the flag is what the user got wrong
        @Parameters(index = "0", arity = "0..1", paramLabel = "STREAM", description = "Stream name or OCID.")
        String stream;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "ENDPOINT",
                description = "Local server URL or OCI messages endpoint (default: camel.component.oci-streaming"
                        + ".endpoint from application.properties).")
        String endpoint;

        abstract Command.DemoRole role();

        @Override
        public Command toCommand() {
            if (stream == null) {
                throw new ParameterException(spec.commandLine(), "Missing required parameter: 'STREAM'");
            }
            if (stream.isBlank()) {
                throw new ParameterException(spec.commandLine(), "Not a stream name or OCID: '" + stream + "'");
            }
            return new Command.Demo(role(), stream, endpoint == null ? null : checkEndpoint(endpoint));
        }

        private String checkEndpoint(String value) {
            try {
                URI uri = URI.create(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new ParameterException(
                    spec.commandLine(), "ENDPOINT must be an http:// or https:// URL, was '" + value + "'");
        }
    }

    @CommandLine.Command(
            name = "producer",
            customSynopsis = PROGRAM + " producer [-h] STREAM [ENDPOINT]",
            description = "The demo's producer: the epoch time every second.")
    static final class ProducerOptions extends DemoOptions {
        @Override
        Command.DemoRole role() {
            return Command.DemoRole.PRODUCER;
        }
    }

    @CommandLine.Command(
            name = "consumer",
            customSynopsis = PROGRAM + " consumer [-h] STREAM [ENDPOINT]",
            description = "The demo's group consumer, logging what it reads.")
    static final class ConsumerOptions extends DemoOptions {
        @Override
        Command.DemoRole role() {
            return Command.DemoRole.CONSUMER;
        }
    }

    /** The values {@code local-server.fsync} takes, for {@code bench --fsync}. */
    enum FsyncChoice {
        always,
        interval,
        never
    }

    @CommandLine.Command(name = "bench", description = "Benchmarks on an embedded server; prints a table of figures.")
    static final class BenchOptions implements CommandOptions {
        @Mixin
        HelpOption help;

        @Option(names = "--quick", description = "The under-a-minute run.")
        boolean quick;

        @Option(
                names = "--fsync",
                paramLabel = "POLICY",
                description = "The servers' fsync policy: ${COMPLETION-CANDIDATES} (default: always).")
        FsyncChoice fsync;

        @Option(
                names = "--figures",
                paramLabel = "FIGURES",
                split = ",",
                description = "Only these rows, comma-separated: ${COMPLETION-CANDIDATES} (default: all).")
        Set<Benchmark.Figures> figures = EnumSet.allOf(Benchmark.Figures.class);

        @Override
        public Command toCommand() {
            return new Command.Bench(quick, fsync == null ? null : fsync.name(), Set.copyOf(figures));
        }
    }

    @CommandLine.Command(name = "help", description = "This text, or a command's: help COMMAND.")
    static final class HelpOptions implements CommandOptions {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "COMMAND", arity = "0..1", description = "The command to explain.")
        String command;

        @Override
        public Command toCommand() {
            CommandLine root = spec.commandLine().getParent();
            if (command == null) {
                return new Command.Help(root.getUsageMessage());
            }
            CommandLine sub = root.getSubcommands().get(command.toLowerCase(Locale.ROOT));
            if (sub == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Unknown command '" + command + "' (commands: "
                                + String.join(", ", root.getSubcommands().keySet()) + ")");
            }
            return new Command.Help(sub.getUsageMessage());
        }
    }

    /** A command line we cannot act on: the message says what is wrong, the usage what would be right. */
    static final class UsageException extends RuntimeException {
        private final String usage;

        UsageException(String message, String usage) {
            super(message);
            this.usage = usage;
        }

        UsageException(String message) {
            this(message, programUsage());
        }

        String usage() {
            return usage;
        }
    }

    /** {@code -h} / {@code --help} on every command: its own usage. */
    static final class HelpOption {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help.")
        boolean help;
    }
}
