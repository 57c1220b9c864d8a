package dev.ocistreaming.bridges;

import static dev.ocistreaming.testsupport.Ports.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.bridges.StreamData.Stored;
import dev.ocistreaming.camel.OciStreamingEndpoint;
import dev.ocistreaming.camel.OciStreamingProducer;
import dev.ocistreaming.camel.ServiceLimits;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** routes/http-to-stream.camel.yaml under camel-main against a local server, POSTed to with the JDK HttpClient. */
class IngestBridgeIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String STREAM = "ingest";

    private static int port;
    private static String streamId;
    private static BridgeApp bridge;

    @BeforeAll
    static void startBridge() throws Exception {
        streamId = SERVER.createStream(STREAM, 3).getId();
        port = freePort();
        bridge = BridgeApp.start(
                "http-to-stream.camel.yaml",
                SERVER,
                Map.of(
                        "bridge.ingest.stream",
                        STREAM,
                        "bridge.ingest.port",
                        Integer.toString(port),
                        // a failing stream is reported after one retry, not five
                        "camel.component.oci-streaming.max-retries",
                        "1"));
    }

    @AfterAll
    static void stopBridge() throws Exception {
        bridge.close();
    }

    @Test
    void aThousandConcurrentPostsAreAllStoredWhereTheAnswersSay() throws Exception {
        int count = 1000;
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int n = i;
                // keys alternately in the header and in the query
                answers.add(clients.submit(() -> n % 2 == 0
                        ? post("/ingest", "body-" + n, Map.of("Oci-Streaming-Key", "k-" + (n % 20)))
                        : post(
                                "/ingest?key=" + URLEncoder.encode("k-" + (n % 20), StandardCharsets.UTF_8),
                                "body-" + n,
                                Map.of())));
            }
            Map<String, String> bodyAt = new HashMap<>();
            for (int i = 0; i < count; i++) {
                HttpResponse<String> answer = answers.get(i).get();
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
                JsonNode where = JSON.readTree(answer.body());
                assertThat(where.get("stream").asText()).isEqualTo(STREAM);
                bodyAt.put(
                        where.get("partition").asText() + "/"
                                + where.get("offset").asLong(),
                        "body-" + i);
            }
            assertThat(bodyAt).hasSize(count);

            StreamClient client = SERVER.streamClient();
            List<Stored> stored = StreamData.readAll(client, streamId, 3).values().stream()
                    .flatMap(List::stream)
                    .filter(m -> m.value().startsWith("body-"))
                    .toList();
            assertThat(stored).hasSize(count).allSatisfy(m -> {
                assertThat(bodyAt.get(m.partition() + "/" + m.offset())).isEqualTo(m.value());
                int n = Integer.parseInt(m.value().substring("body-".length()));
                assertThat(m.key()).isEqualTo("k-" + (n % 20));
            });
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void badRequestsGetAClearStatus() throws Exception {
        HttpResponse<String> empty = post("/ingest", "", Map.of());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(empty.body()).get("error").asText()).contains("empty");

        String oneMiB = "x".repeat(ServiceLimits.MAX_REQUEST_BYTES);
        assertThat(post("/ingest", oneMiB, Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> tooBig = post("/ingest", oneMiB + "x", Map.of());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooBig.body()).get("error").asText()).contains("1048577 bytes");
        // past the server's own limit the body is not even read
        assertThat(post("/ingest", oneMiB.repeat(3), Map.of()).statusCode()).isEqualTo(413);

        HttpResponse<String> longKey = post("/ingest", "v", Map.of("Oci-Streaming-Key", "k".repeat(257)));
        assertThat(longKey.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(longKey.body()).get("error").asText()).contains("257 bytes");
        assertThat(post("/ingest?key=", "v", Map.of()).statusCode()).isEqualTo(400);

        HttpResponse<String> form = post("/ingest", "a=b", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(form.body()).get("error").asText()).contains("Content-Type");

        HttpResponse<String> get =
                HTTP.send(HttpRequest.newBuilder(uri("/ingest")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void aClientCannotSetTheComponentsHeaders() throws Exception {
        HttpResponse<String> answer = post("/ingest", "no-key", Map.of("CamelOciStreamingKey", "injected"));
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode where = JSON.readTree(answer.body());
        Stored stored =
                storedAt(where.get("partition").asInt(), where.get("offset").asLong());
        assertThat(stored.value()).isEqualTo("no-key");
        assertThat(stored.key()).isNull();
    }

    @Test
    void anUnreachableStreamIsAnswered503() throws Exception {
        SERVER.server().close();
        try {
            HttpResponse<String> answer = post("/ingest", "while-down", Map.of());
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(JSON.readTree(answer.body()).get("error").asText()).contains("could not be put");
        } finally {
            SERVER.restart();
        }
        assertThat(post("/ingest", "after-restart", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamSlowerThanItsCallersIsAnswered503SoonAndWhatWasQueuedIsStored() throws Exception {
        int slowPort = freePort();
        String body = "q".repeat(600_000);
        try (BridgeApp slow = BridgeApp.start(
                "http-to-stream.camel.yaml",
                SERVER,
                Map.of(
                        "bridge.ingest.stream",
                        STREAM,
                        "bridge.ingest.port",
                        Integer.toString(slowPort),
                        "bridge.ingest.max-block-ms",
                        "200",
                        // the smallest queue (one request's worth), and a producer that keeps retrying meanwhile
                        "camel.component.oci-streaming.max-queued-bytes",
                        "1048576",
                        "camel.component.oci-streaming.max-retries",
                        "200",
                        "camel.component.oci-streaming.retry-backoff-ms",
                        "50",
                        "camel.component.oci-streaming.max-retry-backoff-ms",
                        "50"))) {
            OciStreamingProducer producer = slow.context().getEndpoints().stream()
                    .filter(OciStreamingEndpoint.class::isInstance)
                    .flatMap(e -> ((OciStreamingEndpoint) e).producers().stream())
                    .findFirst()
                    .orElseThrow();
            String url = "http://127.0.0.1:" + slowPort + "/ingest";
            SERVER.server().close();
            CompletableFuture<HttpResponse<String>> inFlight;
            CompletableFuture<HttpResponse<String>> queued;
            try {
                inFlight = HTTP.sendAsync(ingest(url, "1" + body), HttpResponse.BodyHandlers.ofString());
                await().until(() -> producer.getRetries() > 0);
                queued = HTTP.sendAsync(ingest(url, "2" + body), HttpResponse.BodyHandlers.ofString());
                await().until(() -> producer.getQueuedBytes() == 600_001);

                HttpResponse<String> refused = HTTP.send(ingest(url, "3" + body), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("maxQueuedBytes=1048576");
            } finally {
                SERVER.restart();
            }
            for (var answer : List.of(inFlight.get(), queued.get())) {
                assertThat(answer.statusCode()).isEqualTo(200);
                JsonNode stored = JSON.readTree(answer.body());
                assertThat(storedAt(
                                        stored.get("partition").asInt(),
                                        stored.get("offset").asLong())
                                .value())
                        .hasSize(600_001);
            }
        }
    }

    private static HttpRequest ingest(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The embedded HTTP server is declared by http-to-stream.camel.yaml: other route files open no port. */
    @Test
    void otherRouteFilesOpenNoHttpPort(@TempDir Path out) throws Exception {
        int otherPort = freePort();
        try (BridgeApp files = BridgeApp.start(
                "stream-to-file.camel.yaml",
                SERVER,
                Map.of(
                        "bridge.file.stream",
                        STREAM,
                        "bridge.file.directory",
                        out.toString(),
                        "bridge.ingest.port",
                        Integer.toString(otherPort)))) {
            assertThat(files.context().getRoutes()).isNotEmpty();
            assertThatThrownBy(() -> new Socket("127.0.0.1", otherPort).close()).isInstanceOf(ConnectException.class);
        }
    }

    private static Stored storedAt(int partition, long offset) {
        return StreamData.readAll(SERVER.streamClient(), streamId, 3).get(partition).stream()
                .filter(m -> m.offset() == offset)
                .findFirst()
                .orElseThrow();
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
