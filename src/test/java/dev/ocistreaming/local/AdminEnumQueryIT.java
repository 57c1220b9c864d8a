package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin API's enum query parameters in any case, as a curl user or another SDK may send them: the service's
 * references call the lifecycle-state filter case-insensitive. Unknown values are still a 400 in the service's shape.
 */
class AdminEnumQueryIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String STREAMS = "/20180418/streams?compartmentId=" + SdkClients.COMPARTMENT;
    private static final String POOLS = "/20180418/streampools?compartmentId=" + SdkClients.COMPARTMENT;

    @BeforeAll
    static void twoStreams() {
        Sdk.createStream(SERVER.url(), "b-stream", 1);
        Sdk.createStream(SERVER.url(), "a-stream", 1);
    }

    @Test
    void lifecycleStateFiltersMatchInAnyCase() throws Exception {
        for (String state : new String[] {"ACTIVE", "active", "Active"}) {
            assertThat(names(get(STREAMS + "&lifecycleState=" + state)))
                    .containsExactlyInAnyOrder("a-stream", "b-stream");
            assertThat(get(POOLS + "&lifecycleState=" + state).body()).contains("DefaultPool");
        }
        assertThat(names(get(STREAMS + "&lifecycleState=deleted"))).isEmpty();
    }

    @Test
    void sortParametersMatchInAnyCase() throws Exception {
        assertThat(names(get(STREAMS + "&sortBy=name&sortOrder=desc"))).containsExactly("b-stream", "a-stream");
        assertThat(names(get(STREAMS + "&sortBy=Name&sortOrder=asc"))).containsExactly("a-stream", "b-stream");
        assertThat(get(POOLS + "&sortBy=timecreated&sortOrder=Desc").statusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownValuesAreA400NamingTheParameter() throws Exception {
        for (String query : new String[] {"&lifecycleState=alive", "&sortBy=size", "&sortOrder=up"}) {
            HttpResponse<String> r = get(STREAMS + query);
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("code").asText()).isEqualTo("InvalidParameter");
            assertThat(body.get("message").asText()).contains("allowed values are");
            assertThat(r.headers().firstValue("opc-request-id")).isPresent();
        }
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(SERVER.url() + pathAndQuery))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.List<String> names(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        java.util.List<String> names = new java.util.ArrayList<>();
        JSON.readTree(r.body()).forEach(s -> names.add(s.get("name").asText()));
        return names;
    }
}
