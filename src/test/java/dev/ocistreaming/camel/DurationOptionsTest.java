package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every {@code *Ms} option takes a Camel duration as camel-kafka's do; plain milliseconds still work. */
class DurationOptionsTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "groupTimeoutMs, 30s, 30000",
        "groupTimeoutMs, 1m30s, 90000",
        "errorBackoffMs, 500ms, 500",
        "maxBlockMs, 5m, 300000",
        "heartbeatIntervalMs, 2s, 2000",
        "connectTimeoutMs, 2500, 2500",
        "readTimeoutMs, 1h, 3600000",
        "shutdownTimeoutMs, PT10S, 10000",
    })
    void anEndpointOptionTakesADuration(String option, String value, long millis) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            OciStreamingEndpoint endpoint = context.getEndpoint(
                    "oci-streaming:ocid1.stream.oc1..x?endpoint=http://127.0.0.1:9&" + option + "=" + value,
                    OciStreamingEndpoint.class);

            assertThat(millis(endpoint.getConfiguration(), option)).isEqualTo(millis);
        }
    }

    @Test
    void aComponentOptionTakesADurationAsApplicationPropertiesWriteIt() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            OciStreamingComponent component = context.getComponent("oci-streaming", OciStreamingComponent.class);

            // the binding camel-main and Spring Boot use for camel.component.oci-streaming.group-timeout-ms = 45s
            PropertyBindingSupport.build().bind(context, component, "group-timeout-ms", "45s");
            PropertyBindingSupport.build().bind(context, component, "maxRetryBackoffMs", "2s");

            assertThat(component.getConfiguration().getGroupTimeoutMs()).isEqualTo(45_000);
            assertThat(component.getConfiguration().getMaxRetryBackoffMs()).isEqualTo(2_000);
        }
    }

    @Test
    void theCatalogTypesEveryMsOptionAsADurationAndListsEveryEnumOptionsValues() throws Exception {
        JsonNode json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/dev/ocistreaming/camel/oci-streaming.json")) {
            json = new ObjectMapper().readTree(in);
        }
        List<String> msOptions = new ArrayList<>();
        json.get("properties").properties().forEach(option -> {
            if (option.getKey().endsWith("Ms")) {
                msOptions.add(option.getKey());
                assertThat(option.getValue().get("type").asText())
                        .as(option.getKey())
                        .isEqualTo("duration");
            }
        });
        assertThat(msOptions).hasSizeGreaterThanOrEqualTo(15);
        for (String option : List.of("authType", "initialPosition", "cursorType", "commitMode", "pollOnError")) {
            JsonNode metadata = json.get("properties").get(option);
            assertThat(metadata.get("type").asText()).as(option).isEqualTo("enum");
            assertThat(metadata.get("enum")).as(option).isNotEmpty();
        }
    }

    private static long millis(OciStreamingConfiguration c, String option) {
        return switch (option) {
            case "groupTimeoutMs" -> c.getGroupTimeoutMs();
            case "errorBackoffMs" -> c.getErrorBackoffMs();
            case "maxBlockMs" -> c.getMaxBlockMs();
            case "heartbeatIntervalMs" -> c.getHeartbeatIntervalMs();
            case "connectTimeoutMs" -> c.getConnectTimeoutMs();
            case "readTimeoutMs" -> c.getReadTimeoutMs();
            case "shutdownTimeoutMs" -> c.getShutdownTimeoutMs();
            default -> throw new IllegalArgumentException(option);
        };
    }
}
