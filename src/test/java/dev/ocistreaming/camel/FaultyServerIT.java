package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server answering a share of requests with 500/503: both sides retry and nothing is lost. */
class FaultyServerIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension(b -> b.faultProbability(0.25));

    @Test
    void producerAndConsumerRideOutServerErrors() throws Exception {
        Stream stream = createStreamRetrying(SERVER, uniqueName("faulty"), 2);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + stream.getId() + "?maxRetries=20&retryBackoffMs=10");
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=i")
                        .process(recordInto(got));
            }
        });
        var template = context.createProducerTemplate();
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = "m" + i;
            futures.add(template.asyncSend("direct:in", e -> {
                e.getIn().setBody(body);
                e.getIn().setHeader(OciStreamingConstants.KEY, "k" + (body.hashCode() % 5));
            }));
        }
        for (var f : futures) {
            assertThat(f.get().getException()).isNull();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(bodiesOf(got)).size() == 100);
        assertThat(new HashSet<>(bodiesOf(got))).containsExactlyInAnyOrderElementsOf(bodies(100, "m"));
    }
}
