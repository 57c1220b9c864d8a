package dev.ocistreaming.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns arguments into a {@link Command}; anything wrong is a {@link UsageException} naming it. */
final class CommandLineParser {

    static final String USAGE = String.join(
            System.lineSeparator(),
            "Usage: java -jar camel-oci-streaming-app.jar [command]",
            "  run [ROUTE_FILE...]                       local server + routes (default: the seed's demo pair)",
            "  server [--port N] [--kafka-port N] [--data-dir DIR] [--host H]   the local server alone",
            "  producer STREAM [ENDPOINT]                the seed's producer (timer-to-stream route)",
            "  consumer STREAM [ENDPOINT]                the seed's group consumer (stream-to-log route)",
            "  bench [--quick] [--fsync POLICY]          benchmarks on an embedded server (--quick: under a minute;",
            "                                            POLICY: always (default), interval, never)",
            "  help                                      this text",
            "STREAM is a stream name or OCID; ENDPOINT a local server URL or an OCI messages endpoint.");

    private static final Map<String, String> SERVER_FLAGS = Map.of(
            "--port", "local-server.port",
            "--kafka-port", "local-server.kafka.port",
            "--data-dir", "local-server.data-dir",
            "--host", "local-server.host");

    private static final List<String> FSYNC_POLICIES = List.of("always", "interval", "never");

    private CommandLineParser() {}

    static Command parse(String... args) {
        if (args.length == 0) {
            return new Command.Run(List.of());
        }
        String name = args[0].toLowerCase(Locale.ROOT);
        List<String> rest = List.of(args).subList(1, args.length);
        return switch (name) {
            case "run" -> run(rest);
            case "server" -> server(rest);
            case "producer" -> demo(Command.DemoRole.PRODUCER, rest);
            case "consumer" -> demo(Command.DemoRole.CONSUMER, rest);
            case "bench" -> bench(rest);
            case "help", "-h", "--help" -> new Command.Help();
            default -> throw new UsageException("Unknown command '" + args[0] + "'");
        };
    }

    private static Command run(List<String> args) {
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("-")) {
                throw new UsageException("run takes route files, not options: '" + arg + "'");
            }
            if (!arg.endsWith(".yaml") && !arg.endsWith(".yml")) {
                throw new UsageException("Route file must be a .yaml file: '" + arg + "'");
            }
            files.add(Path.of(arg));
        }
        return new Command.Run(List.copyOf(files));
    }

    private static Command server(List<String> args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String key = SERVER_FLAGS.get(flag);
            if (key == null) {
                throw new UsageException(
                        "Unknown server option '" + flag + "' (allowed: --port, --kafka-port, --data-dir, --host)");
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new UsageException("Option " + flag + " needs a value");
            }
            settings.put(key, args.get(++i));
        }
        String port = settings.get("local-server.port");
        if (port != null) {
            checkPort(port);
        }
        String kafkaPort = settings.get("local-server.kafka.port");
        if (kafkaPort != null) {
            checkPort("--kafka-port", kafkaPort);
        }
        return new Command.Server(settings);
    }

    private static Command bench(List<String> args) {
        boolean quick = false;
        String fsync = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--quick") && !quick) {
                quick = true;
            } else if (arg.equals("--fsync") && fsync == null) {
                if (i + 1 >= args.size() || !FSYNC_POLICIES.contains(args.get(i + 1))) {
                    throw new UsageException("--fsync takes always, interval or never");
                }
                fsync = args.get(++i);
            } else {
                throw new UsageException("Unknown bench option '" + arg + "' (allowed: --quick, --fsync POLICY)");
            }
        }
        return new Command.Bench(quick, fsync);
    }

    private static Command demo(Command.DemoRole role, List<String> args) {
        String command = role.name().toLowerCase(Locale.ROOT);
        if (args.isEmpty() || args.size() > 2) {
            throw new UsageException(command + " takes STREAM and an optional ENDPOINT");
        }
        String stream = args.get(0);
        if (stream.isBlank() || stream.startsWith("-")) {
            throw new UsageException("Not a stream name or OCID: '" + stream + "'");
        }
        String endpoint = args.size() == 2 ? checkEndpoint(args.get(1)) : null;
        return new Command.Demo(role, stream, endpoint);
    }

    private static void checkPort(String value) {
        checkPort("--port", value);
    }

    private static void checkPort(String flag, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new UsageException(flag + " must be 0..65535, was " + value);
            }
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a number, was '" + value + "'");
        }
    }

    private static String checkEndpoint(String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UsageException("ENDPOINT must be an http:// or https:// URL, was '" + value + "'");
    }

    /** A command line we cannot act on; the message says what is wrong. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
