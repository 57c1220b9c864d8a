package dev.ocistreaming.camel;

import static dev.ocistreaming.testsupport.Ports.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route that names its stream starts before the service: it waits up to startTimeoutMs for the service to answer
 * (as in the demo's walkthrough when a consumer terminal is opened before the server's), then fails naming the option.
 */
class ServiceAtStartIT extends ComponentTestSupport {

    @TempDir
    Path dir;

    @Test
    void aConsumerStartedBeforeTheServiceWaitsForItThenConsumes() throws Exception {
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        CamelContext context = newContext(url);
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:early?groupName=g&createStreamIfMissing=true")
                        .process(e -> bodies.add(e.getIn().getBody(String.class)));
            }
        });
        CompletableFuture<Void> started = CompletableFuture.runAsync(context::start);
        Thread.sleep(1500);
        assertThat(started).as("still waiting for the service").isNotDone();

        try (LocalStreamingServer server = LocalStreamingServer.start(ServerConfig.builder()
                .port(port)
                .dataDir(Files.createDirectories(dir.resolve("late")))
                .build())) {
            started.get(30, TimeUnit.SECONDS);
            OciStreamingEndpoint endpoint = context.getEndpoints().stream()
                    .filter(OciStreamingEndpoint.class::isInstance)
                    .map(OciStreamingEndpoint.class::cast)
                    .findFirst()
                    .orElseThrow();
            try (StreamClient client = SdkClients.streamClient(url)) {
                client.putMessages(PutMessagesRequest.builder()
                        .streamId(endpoint.getStream().id())
                        .putMessagesDetails(PutMessagesDetails.builder()
                                .messages(List.of(PutMessagesDetailsEntry.builder()
                                        .value("after the wait".getBytes())
                                        .build()))
                                .build())
                        .build());
            }
            await().atMost(20, TimeUnit.SECONDS).until(() -> bodies.contains("after the wait"));
            context.stop();
        }
    }

    @Test
    void withoutTheServiceTheRouteFailsAfterStartTimeoutMsNamingIt() throws Exception {
        CamelContext context = newContext("http://127.0.0.1:" + freePort());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:never?startTimeoutMs=1200");
            }
        });
        long start = System.nanoTime();
        Throwable failure = catchThrowable(context::start);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(failure).isNotNull();
        assertThat(causeMessages(failure))
                .contains("Could not look up stream 'never' within startTimeoutMs=1200")
                .contains("Connect");
        assertThat(tookMs).as("it kept trying for the whole startTimeoutMs").isGreaterThanOrEqualTo(1100);
    }

    @Test
    void startTimeoutMsZeroFailsAtOnce() throws Exception {
        CamelContext context = newContext("http://127.0.0.1:" + freePort());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:never?startTimeoutMs=0");
            }
        });
        Throwable failure = catchThrowable(context::start);
        assertThat(causeMessages(failure)).contains("within startTimeoutMs=0");
    }
}
