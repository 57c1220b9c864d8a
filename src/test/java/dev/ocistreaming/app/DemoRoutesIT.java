package dev.ocistreaming.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.StreamSummary;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pair as a user runs it: {@code application.properties} and {@code routes/*.camel.yaml} from
 * the project folder, loaded as-is by camel-main, with the embedded server the launcher starts.
 */
class DemoRoutesIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @TempDir
    Path data;

    private final List<Exchange> consumed = new CopyOnWriteArrayList<>();

    @Test
    void producerPublishesEpochSecondsAndGroupConsumerLogsThem() throws Exception {
        List<String> routes = RouteFiles.DEMO.stream()
                .map(name -> RouteFiles.bundled(PROJECT, name))
                .toList();
        assertThat(routes).allMatch(location -> location.startsWith("file:"));
        ServerConfig server =
                ServerConfig.fromProperties(Map.of("local-server.port", "0", "local-server.data-dir", data.toString()));
        CompletableFuture<CamelContext> started = new CompletableFuture<>();
        CompletableFuture<MainSupport> main = new CompletableFuture<>();

        CamelApplication application = new CamelApplication(routes, Map.of("demo.group-timeout-ms", "3000"), server);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return application.run(new MainListenerSupport() {
                    @Override
                    public void beforeStart(BaseMainSupport support) {
                        support.getCamelContext().getManagementStrategy().addEventNotifier(new ConsumedExchanges());
                    }

                    @Override
                    public void afterStart(BaseMainSupport support) {
                        main.complete((MainSupport) support);
                        started.complete(support.getCamelContext());
                    }
                });
            } catch (Exception e) {
                started.completeExceptionally(e);
                throw new IllegalStateException(e);
            }
        });
        try {
            CamelContext context = started.get(60, TimeUnit.SECONDS);
            assertThat(context.getRoutes())
                    .extracting(r -> r.getRouteId())
                    .containsExactlyInAnyOrder("timer-to-stream", "stream-to-log");

            await().atMost(Duration.ofSeconds(30)).until(() -> consumed.size() >= 3);

            String url = context.resolvePropertyPlaceholders("{{camel.component.oci-streaming.endpoint}}");
            List<Message> stream = readTutorial(url);
            long now = Instant.now().getEpochSecond();
            assertThat(stream).isNotEmpty().allSatisfy(message -> {
                assertThat(message.getKey()).asString(StandardCharsets.UTF_8).isEqualTo("time");
                long epoch = Long.parseLong(new String(message.getValue(), StandardCharsets.UTF_8));
                assertThat(epoch).isBetween(now - 120, now + 1);
            });
            List<String> values = stream.stream()
                    .map(m -> new String(m.getValue(), StandardCharsets.UTF_8))
                    .toList();
            assertThat(consumed).allSatisfy(exchange -> {
                assertThat(exchange.getMessage().getHeader("CamelOciStreamingKey"))
                        .isEqualTo("time");
                assertThat(exchange.getMessage().getBody(String.class)).isIn(values);
            });
        } finally {
            main.get(60, TimeUnit.SECONDS).completed();
            assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        }
    }

    /** Every message in partition 0 of the stream the demo created, read with the SDK. */
    private static List<Message> readTutorial(String url) {
        try (StreamAdminClient admin = SdkClients.adminClient(url);
                StreamClient client = SdkClients.streamClient(url)) {
            List<StreamSummary> streams = admin.listStreams(ListStreamsRequest.builder()
                            .compartmentId("ocid1.compartment.oc1..local")
                            .name("tutorial")
                            .build())
                    .getItems();
            assertThat(streams).hasSize(1);
            assertThat(streams.get(0).getPartitions()).isEqualTo(1);
            String streamId = streams.get(0).getId();
            return SdkClients.readFromStart(client, streamId, "0");
        }
    }

    /** Collects the exchanges the consumer route completed, without changing the route. */
    private final class ConsumedExchanges extends EventNotifierSupport {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeCompletedEvent completed
                    && "stream-to-log".equals(completed.getExchange().getFromRouteId())) {
                consumed.add(completed.getExchange());
            }
        }
    }
}
