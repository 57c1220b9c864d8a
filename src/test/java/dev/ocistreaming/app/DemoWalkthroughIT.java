package dev.ocistreaming.app;

import static dev.ocistreaming.testsupport.Ports.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import dev.ocistreaming.testsupport.JavaProcess;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's walkthrough (after Oracle's "Quickstart: Oracle Streaming Service") with the packaged jar, four terminals as four processes: server,
 * producer, consumer A, consumer B. B idles while A reads the single partition; A is killed with
 * SIGKILL and B carries on from A's last commit with no epoch value lost. Then the server restarts on
 * the same data folder and offsets continue.
 */
class DemoWalkthroughIT {

    private static final Path JAR = Path.of("target", "camel-oci-streaming-app.jar");
    private static final String MESSAGE = "\\[MESSAGE\\] time: (\\d+)";
    /** demo.group-timeout-ms in the bundled application.properties, plus polling slack. */
    private static final Duration TAKEOVER = Duration.ofSeconds(10 + 15);

    private static final Duration START = Duration.ofSeconds(40);

    @TempDir
    Path workingDirectory;

    @Test
    void producerTwoConsumersKillOneTheOtherTakesOver() throws Exception {
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        Path data = workingDirectory.resolve("data");
        List<JavaProcess> processes = new ArrayList<>();
        try {
            JavaProcess server = start(
                    processes,
                    "server",
                    "server",
                    "--port",
                    "" + port,
                    "--kafka-port",
                    "0",
                    "--data-dir",
                    data.toString());
            server.awaitLine(java.util.regex.Pattern.quote(url), START);

            JavaProcess producer = start(processes, "producer", "producer", "tutorial", url);
            producer.awaitLine("Published message to partition 0, offset \\d+", START);

            JavaProcess consumerA = start(processes, "consumer-A", "consumer", "tutorial", url);
            consumerA.awaitLine(MESSAGE, START);

            JavaProcess consumerB = start(processes, "consumer-B", "consumer", "tutorial", url);
            consumerB.awaitLine("Starting a consumer with instance ID", START);
            int idleFrom = consumerB.lineCount();
            consumerB.awaitLine("No new messages", idleFrom, Duration.ofSeconds(20));
            Thread.sleep(6_000);
            assertThat(consumerB.matches(MESSAGE))
                    .as("B idles while A holds the only partition")
                    .isEmpty();
            long idleLines = consumerB.lines().stream()
                    .skip(idleFrom)
                    .filter(l -> l.contains("No new messages"))
                    .count();
            assertThat(idleLines)
                    .as("'No new messages' is not printed on every poll")
                    .isLessThanOrEqualTo(4);

            consumerA.kill();
            List<String> seenByA = consumerA.matches(MESSAGE);
            consumerB.awaitLine(MESSAGE, TAKEOVER);

            producer.stop();
            List<Long> published = streamValues(url);
            String last = String.valueOf(published.get(published.size() - 1));
            consumerB.awaitLine("\\[MESSAGE\\] time: " + last, Duration.ofSeconds(15));

            Set<Long> consumed = new LinkedHashSet<>();
            seenByA.forEach(v -> consumed.add(Long.parseLong(v)));
            consumerB.matches(MESSAGE).forEach(v -> consumed.add(Long.parseLong(v)));
            List<Long> sinceAStarted = published.stream()
                    .filter(v -> v >= Long.parseLong(seenByA.get(0)))
                    .toList();
            assertThat(consumed)
                    .as("every epoch value published after A started was consumed by A or B")
                    .containsAll(sinceAStarted);
            consumerB.stop();

            long lastOffsetBefore = lastOffset(producer);
            assertThat(server.stop()).isIn(0, 130, 143);
            JavaProcess restarted = start(
                    processes,
                    "server-2",
                    "server",
                    "--port",
                    "" + port,
                    "--kafka-port",
                    "0",
                    "--data-dir",
                    data.toString());
            restarted.awaitLine(java.util.regex.Pattern.quote(url), START);
            JavaProcess producer2 = start(processes, "producer-2", "producer", "tutorial", url);
            long firstOffsetAfter = Long.parseLong(producer2
                    .awaitLine("Published message to partition 0, offset (\\d+)", START)
                    .group(1));
            assertThat(firstOffsetAfter).as("offsets continue after a restart").isGreaterThan(lastOffsetBefore);
        } finally {
            for (JavaProcess process : processes) {
                process.close();
            }
        }
    }

    private JavaProcess start(List<JavaProcess> processes, String name, String... args) throws IOException {
        JavaProcess process = JavaProcess.startJar(name, JAR, workingDirectory, args);
        processes.add(process);
        return process;
    }

    private static long lastOffset(JavaProcess producer) {
        List<String> offsets = producer.matches("Published message to partition 0, offset (\\d+)");
        return Long.parseLong(offsets.get(offsets.size() - 1));
    }

    /** Every value in partition 0 of "tutorial", read with the SDK from the trim horizon. */
    private static List<Long> streamValues(String url) {
        try (StreamAdminClient admin = SdkClients.adminClient(url);
                StreamClient client = SdkClients.streamClient(url)) {
            String streamId = admin.listStreams(ListStreamsRequest.builder()
                            .compartmentId("ocid1.compartment.oc1..local")
                            .name("tutorial")
                            .build())
                    .getItems()
                    .get(0)
                    .getId();
            return SdkClients.readFromStart(client, streamId, "0").stream()
                    .map(m -> Long.parseLong(new String(m.getValue(), StandardCharsets.UTF_8)))
                    .toList();
        }
    }
}
