package dev.ocistreaming.app;

import static org.assertj.core.api.Assertions.assertThat;

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
                "frobnicate                          | Unknown command 'frobnicate'",
                "producer                            | producer takes STREAM and an optional ENDPOINT",
                "consumer                            | consumer takes STREAM and an optional ENDPOINT",
                "consumer a http://x b               | consumer takes STREAM and an optional ENDPOINT",
                "producer tutorial not-a-url         | ENDPOINT must be an http:// or https:// URL",
                "producer tutorial ftp://host        | ENDPOINT must be an http:// or https:// URL",
                "producer --port                     | Not a stream name or OCID",
                "server --port                       | Option --port needs a value",
                "server --port abc                   | --port must be a number",
                "server --port 70000                 | --port must be 0..65535",
                "server --port -1                    | --port must be 0..65535",
                "server --kafka-port 70000           | --kafka-port must be 0..65535",
                "server --verbose                    | Unknown server option '--verbose'",
                "run --fast                          | run takes route files, not options",
                "bench --fast                        | Unknown bench option '--fast' (allowed: --quick, --fsync POLICY)",
                "bench --quick 10                    | Unknown bench option '10'",
                "bench --quick --quick               | Unknown bench option '--quick'",
                "bench --fsync                       | --fsync takes always, interval or never",
                "bench --fsync sometimes             | --fsync takes always, interval or never",
                "run routes/notes.txt                | Route file must be a .yaml file",
                "run missing.camel.yaml              | Route file not found: missing.camel.yaml",
            })
    void badArgumentsPrintUsageAndExitTwo(String commandLine, String expected) {
        int code = launch(commandLine.trim().split("\\s+"));

        assertThat(code).isEqualTo(Launcher.USAGE_ERROR);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains(expected).contains("Usage: java -jar camel-oci-streaming-app.jar");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(launch("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("producer STREAM [ENDPOINT]");
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
        Command c = CommandLineParser.parse("server", "--kafka-port", "0", "--port", "8421");
        assertThat(((Command.Server) c).settings())
                .containsEntry("local-server.kafka.port", "0")
                .containsEntry("local-server.port", "8421");
    }
}
