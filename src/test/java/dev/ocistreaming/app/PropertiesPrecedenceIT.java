package dev.ocistreaming.app;

import static dev.ocistreaming.testsupport.Ports.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.model.StreamSummary;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import dev.ocistreaming.testsupport.JavaProcess;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run from a working directory with its own {@code application.properties}: that file wins over the
 * bundled one key by key — a camel-main key, a route placeholder, a component key and a {@code local-server.*} key —
 * keys it leaves out keep their bundled values (the demo routes still find their group settings), and {@code -D} wins
 * over both.
 */
class PropertiesPrecedenceIT {

    private static final Path JAR = Path.of("target", "camel-oci-streaming-app.jar");
    private static final Duration START = Duration.ofSeconds(60);
    private static final String COMPARTMENT = "ocid1.compartment.oc1..workingdirectory";

    @TempDir
    Path workingDirectory;

    @Test
    void theWorkingDirectoryFileOverridesTheBundledOneKeyByKey() throws Exception {
        int port = freePort();
        writeLocalProperties(port);
        try (JavaProcess app = JavaProcess.startJar("run", JAR, workingDirectory)) {
            app.awaitLine(Pattern.quote("http://127.0.0.1:" + port), START); // local-server.port
            app.awaitLine("Apache Camel .* \\(from-working-directory\\) started", START); // camel.main.name
            // demo.stream names the stream the demo routes create, in the component's compartment
            assertThat(awaitStreams(port, COMPARTMENT)).containsExactly("stream-from-working-directory");
            app.awaitLine("\\[MESSAGE\\] time: \\d+", START); // demo.group etc. came from the bundled file
            assertThat(app.stop()).isIn(0, 130, 143); // stopped by SIGTERM within the bound
        }
    }

    @Test
    void systemPropertiesOverrideBothFiles() throws Exception {
        int filePort = freePort();
        int port = freePort();
        writeLocalProperties(filePort);
        try (JavaProcess app = JavaProcess.startJar(
                "run",
                JAR,
                workingDirectory,
                List.of(
                        "-Dlocal-server.port=" + port,
                        "-Dcamel.main.name=from-command-line",
                        "-Ddemo.stream=stream-from-command-line"))) {
            app.awaitLine(Pattern.quote("http://127.0.0.1:" + port), START);
            app.awaitLine("Apache Camel .* \\(from-command-line\\) started", START);
            assertThat(awaitStreams(port, COMPARTMENT)).containsExactly("stream-from-command-line");
            assertThat(app.stop()).isIn(0, 130, 143); // stopped by SIGTERM within the bound
        }
    }

    private void writeLocalProperties(int port) throws Exception {
        Files.writeString(
                workingDirectory.resolve("application.properties"),
                String.join(
                        "\n",
                        "camel.main.name = from-working-directory",
                        "demo.stream = stream-from-working-directory",
                        "camel.component.oci-streaming.compartment-id = " + COMPARTMENT,
                        "local-server.port = " + port,
                        "local-server.data-dir = " + workingDirectory.resolve("data"),
                        ""));
    }

    private static List<String> awaitStreams(int port, String compartment) {
        try (StreamAdminClient admin = SdkClients.adminClient("http://127.0.0.1:" + port)) {
            return Awaitility.await()
                    .atMost(START)
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> admin
                                    .listStreams(ListStreamsRequest.builder()
                                            .compartmentId(compartment)
                                            .build())
                                    .getItems()
                                    .stream()
                                    .map(StreamSummary::getName)
                                    .toList(),
                            names -> !names.isEmpty());
        }
    }
}
