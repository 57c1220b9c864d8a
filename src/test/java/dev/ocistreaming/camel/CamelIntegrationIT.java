package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component as users meet it: camel-main, connection options set once as camel.component.oci-streaming.*,
 * YAML routes with parameters, and health checks in camel-main's registry.
 */
class CamelIntegrationIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @Test
    void yamlRoutesUnderCamelMainProduceConsumeAndReportHealth(@TempDir Path dir) throws Exception {
        Stream stream = SERVER.createStream("yaml-main", 1);
        Path routes = dir.resolve("routes.camel.yaml");
        Files.writeString(routes, """
                - route:
                    id: yaml-in
                    from:
                      uri: "oci-streaming:yaml-main"
                      parameters:
                        groupName: yg
                        instanceName: y1
                      steps:
                        - log: "[MESSAGE] ${header.CamelOciStreamingKey}: ${body}"
                        - to: "mock:out"
                - route:
                    id: yaml-out
                    from:
                      uri: "direct:yaml"
                      steps:
                        - to:
                            uri: "oci-streaming:yaml-main"
                            parameters:
                              key: time
                """);
        Main main = startMain(
                routes,
                Map.of(
                        "camel.component.oci-streaming.group-timeout-ms",
                        "1500",
                        "camel.health.enabled",
                        "true",
                        "camel.health.consumers-enabled",
                        "true",
                        "camel.health.producers-enabled",
                        "true"));
        try {
            CamelContext context = main.getCamelContext();
            MockEndpoint out = context.getEndpoint("mock:out", MockEndpoint.class);
            out.expectedBodiesReceived("1700000000");
            out.expectedHeaderReceived(OciStreamingConstants.KEY, "time");
            context.createProducerTemplate().sendBody("direct:yaml", "1700000000");
            out.assertIsSatisfied(20_000);
            assertThat(out.getExchanges().get(0).getIn().getHeader(OciStreamingConstants.STREAM_ID))
                    .isEqualTo(stream.getId());

            // camel-main's consumers repository wraps each route's consumer check as consumer:<routeId>.
            HealthCheck.Result consumer = check(context, "consumer:yaml-in");
            assertThat(consumer.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(consumer.getDetails()).containsEntry("group", "yg");
            String producerId = org.apache.camel.health.HealthCheckRegistry.get(context).getCheckIDs().stream()
                    .filter(id -> id.startsWith("producer:oci-streaming-"))
                    .findFirst()
                    .orElseThrow();
            assertThat(check(context, producerId).getState()).isEqualTo(HealthCheck.State.UP);
        } finally {
            main.stop();
        }
    }

    @Test
    void managementServesComponentMetricsHealthAndTheDevConsole(@TempDir Path dir) throws Exception {
        SERVER.createStream("managed", 2);
        Path routes = dir.resolve("routes.camel.yaml");
        Files.writeString(routes, """
                - route:
                    id: managed-in
                    from:
                      uri: "oci-streaming:managed"
                      parameters:
                        groupName: mg
                      steps:
                        - to: "mock:managed"
                - route:
                    id: managed-out
                    from:
                      uri: "direct:managed"
                      steps:
                        - to: "oci-streaming:managed"
                """);
        int port = dev.ocistreaming.testsupport.Ports.freePort();
        Main main = startMain(
                routes,
                Map.of(
                        "camel.management.enabled",
                        "true",
                        "camel.management.host",
                        "127.0.0.1",
                        "camel.management.port",
                        String.valueOf(port),
                        "camel.management.metrics-enabled",
                        "true",
                        "camel.management.health-check-enabled",
                        "true",
                        "camel.management.dev-console-enabled",
                        "true",
                        "camel.metrics.enabled",
                        "true",
                        "camel.main.dev-console-enabled",
                        "true"));
        try {
            CamelContext context = main.getCamelContext();
            MockEndpoint out = context.getEndpoint("mock:managed", MockEndpoint.class);
            out.expectedMessageCount(3);
            for (int i = 0; i < 3; i++) {
                context.createProducerTemplate().sendBody("direct:managed", "m" + i);
            }
            out.assertIsSatisfied(20_000);

            String metrics = get(port, "/observe/metrics");
            assertThat(metrics)
                    .contains("oci_streaming_consumer_messages_total{")
                    .contains("group=\"mg\"")
                    .contains("oci_streaming_producer_messages_total{")
                    .contains("oci_streaming_producer_queued{")
                    .contains("oci_streaming_producer_queued_bytes{");
            assertThat(metrics).as("Camel's own route metrics").contains("routeId=\"managed-in\"");
            assertThat(get(port, "/observe/health")).contains("UP");
            assertThat(get(port, "/q/dev/oci-streaming")).contains("group: mg");
        } finally {
            main.stop();
        }
    }

    /** camel-main with the YAML routes, the component pointed at the test server, and the given extra settings. */
    private static Main startMain(Path routes, Map<String, String> extra) throws Exception {
        Main main = new Main();
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + routes);
        main.addOverrideProperty("camel.component.oci-streaming.endpoint", SERVER.url());
        main.addOverrideProperty("camel.component.oci-streaming.compartment-id", SdkClients.COMPARTMENT);
        main.addOverrideProperty("camel.component.oci-streaming.initial-position", "TRIM_HORIZON");
        extra.forEach(main::addOverrideProperty);
        main.start();
        return main;
    }

    private static String get(int port, String path) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static HealthCheck.Result check(CamelContext context, String id) {
        return HealthCheckHelper.invoke(context, id, java.util.Map.of()).orElseThrow();
    }
}
