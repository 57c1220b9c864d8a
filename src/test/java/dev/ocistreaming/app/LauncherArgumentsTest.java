package dev.ocistreaming.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.app.bench.Benchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wrong or missing arguments print what is wrong and the usage, exit 2, and start nothing. */
class LauncherArgumentsTest {

    @TempDir
    Path workingDirectory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int launch(String... args) {
        return Launcher.execute(
                workingDirectory,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "frobnicate                          | Unknown command 'frobnicate' (commands: run, server, producer",
                "producer                            | Missing required parameter: 'STREAM'",
                "consumer                            | Missing required parameter: 'STREAM'",
                "consumer a http://x b               | Unmatched argument at index 3: 'b'",
                "producer tutorial not-a-url         | ENDPOINT must be an http:// or https:// URL",
                "producer tutorial ftp://host        | ENDPOINT must be an http:// or https:// URL",
                "producer --port                     | Unknown option: '--port'",
                "server --port                       | Missing required parameter for option '--port' (N)",
                "server --port abc                   | --port must be a number",
                "server --port=abc                   | --port must be a number",
                "server --port 70000                 | --port must be 0..65535",
                "server --port -1                    | --port must be 0..65535",
                "server --verbose                    | Unknown option: '--verbose'",
                "server --port 1 --port 2            | option '--port' (N) should be specified only once",
                "run --fast                          | Unknown option: '--fast'",
                "bench --fast                        | Unknown option: '--fast'",
                "bench --quick 10                    | Unmatched argument at index 2: '10'",
                "bench --fsync                       | Missing required parameter for option '--fsync' (POLICY)",
                "bench --fsync sometimes             | expected one of [always, interval, never]",
                "bench --figures producer,disk       | expected one of [PRODUCER, CONSUMER, LATENCY, DATABASE, SERVER, KAFKA]",
                "server --kafka-port 70000           | --kafka-port must be 0..65535",
                "run routes/notes.txt                | Route file must be a .yaml file",
                "run missing.camel.yaml              | Route file not found: missing.camel.yaml",
                "help frobnicate                     | Unknown command 'frobnicate' (commands: run, server, producer",
            })
    void badArgumentsPrintUsageAndExitTwo(String commandLine, String expected) {
        int code = launch(commandLine.trim().split("\\s+"));

        assertThat(code).isEqualTo(Launcher.USAGE_ERROR);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains(expected).contains("Usage: java -jar camel-oci-streaming-app.jar");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aBadFlagPrintsTheUsageOfItsOwnCommand() {
        launch("server", "--verbose");

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Usage: java -jar camel-oci-streaming-app.jar server")
                .contains("--data-dir=DIR")
                .doesNotContain("--fsync");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(launch("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("producer")
                .contains("consumer")
                .contains("server")
                .contains("bench");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "help server        | --port=N",
                "server --help      | --port=N",
                "bench -h           | --fsync=POLICY",
                "help bench         | always, interval, never",
                "help producer      | STREAM [ENDPOINT]",
                "run --help         | --dev",
            })
    void eachCommandHasItsOwnHelp(String commandLine, String expected) {
        assertThat(launch(commandLine.trim().split("\\s+"))).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains(expected);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "server --port 8420 --host 127.0.0.2 --data-dir d | 8420",
                "server --port=8420 --host=127.0.0.2 --data-dir=d | 8420",
            })
    void flagsTakeTheirValueAfterASpaceOrAnEqualsSign(String commandLine, String port) {
        Command command = LauncherCommandLine.parse(commandLine.trim().split("\\s+"));

        assertThat(command)
                .isEqualTo(new Command.Server(java.util.Map.of(
                        "local-server.port", port, "local-server.host", "127.0.0.2", "local-server.data-dir", "d")));
    }

    @Test
    void commandsParseIntoWhatTheLauncherRuns() {
        assertThat(LauncherCommandLine.parse()).isEqualTo(new Command.Run(java.util.List.of(), false));
        assertThat(LauncherCommandLine.parse("run", "--dev", "routes/a.camel.yaml"))
                .isEqualTo(new Command.Run(java.util.List.of(Path.of("routes/a.camel.yaml")), true));
        assertThat(LauncherCommandLine.parse("consumer", "s1", "http://127.0.0.1:1/"))
                .isEqualTo(new Command.Demo(Command.DemoRole.CONSUMER, "s1", "http://127.0.0.1:1"));
        assertThat(LauncherCommandLine.parse("bench", "--fsync=NEVER", "--quick"))
                .isEqualTo(new Command.Bench(true, "never", java.util.Set.of(Benchmark.Figures.values())));
        assertThat(LauncherCommandLine.parse("bench", "--figures", "producer,latency"))
                .isEqualTo(new Command.Bench(
                        false, null, java.util.Set.of(Benchmark.Figures.PRODUCER, Benchmark.Figures.LATENCY)));
    }

    @Test
    void badServerSettingInPropertiesIsAFailureNamingTheKey() throws Exception {
        java.nio.file.Files.writeString(
                workingDirectory.resolve("application.properties"), "local-server.port = eighty\n");

        int code = launch("server");

        assertThat(code).isEqualTo(Launcher.FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("local-server.port");
    }

    @org.junit.jupiter.api.Test
    void serverTakesTheKafkaPort() {
        Command c = LauncherCommandLine.parse("server", "--kafka-port=0", "--port", "8421");
        assertThat(((Command.Server) c).settings())
                .containsEntry("local-server.kafka.port", "0")
                .containsEntry("local-server.port", "8421");
    }

    @org.junit.jupiter.api.Test
    void serverTurnsOnTlsOnTheKafkaPortOnlyWhenAsked() {
        Command tls = LauncherCommandLine.parse("server", "--kafka-tls");
        assertThat(((Command.Server) tls).settings()).containsEntry("local-server.kafka.tls", "true");
        Command plain = LauncherCommandLine.parse("server");
        assertThat(((Command.Server) plain).settings()).doesNotContainKey("local-server.kafka.tls");
    }
}
