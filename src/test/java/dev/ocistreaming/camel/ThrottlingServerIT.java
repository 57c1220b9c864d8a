package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server enforcing a small write budget per partition: entries come back 429 inside HTTP 200 responses. */
class ThrottlingServerIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER =
            new LocalServerExtension(b -> b.throttling(true).writeBytesPerSecond(20_000));

    @Test
    void throttledEntriesAreRetriedWithTheServicesHintAndKeepTheirOrder() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("throttled"), 1);
        CamelContext context = startContext(SERVER, route(stream, "?maxRetries=50&maxRetryBackoffMs=2000"));
        String pad = "x".repeat(1000);
        List<java.util.function.Consumer<Exchange>> sends = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String body = i + ":" + pad;
            sends.add(e -> {
                e.getIn().setBody(body);
                e.getIn().setHeader(OciStreamingConstants.KEY, "one-key");
            });
        }
        for (Exchange e : sendInOrder(context, "direct:in", sends)) {
            assertThat(e.getException()).isNull();
        }
        OciStreamingProducer producer = producer(context);
        assertThat(producer.getRetries())
                .as("60 KB at 20 KB/s must have been throttled")
                .isPositive();
        List<Message> stored = readAll(SERVER, stream.getId(), 1);
        List<String> order =
                stored.stream().map(m -> text(m.getValue()).split(":")[0]).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(order).isEqualTo(expected);
    }

    @Test
    void aConsumerWithDefaultPacingStaysWithinFiveReadsPerSecond() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("reads"), 1);
        put(SERVER, stream.getId(), "m", 60, 1);
        List<Received> got = java.util.Collections.synchronizedList(new ArrayList<>());
        CamelContext context = newContext(SERVER.url());
        context.getComponent("oci-streaming", OciStreamingComponent.class)
                .getConfiguration()
                .setMinPollIntervalMs(200);
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                // Small batches: the consumer polls again at once after each, as fast as the pacing allows.
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=i&maxMessagesPerPoll=5")
                        .process(recordInto(got));
            }
        });
        context.start();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> got.size() >= 60);
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) context.getRoutes().get(0).getConsumer();
        assertThat(consumer.instanceStates().get(0).serviceErrors())
                .as("GetMessages refused with 429")
                .isZero();
    }

    @Test
    void withoutRetriesOnlyTheThrottledExchangesFailNamingTheServicesCodeAndMessage() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("partial"), 1);
        CamelContext context = startContext(SERVER, route(stream, "?maxRetries=0"));
        var template = context.createProducerTemplate();
        Exchange list = template.send("direct:in", e -> {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                values.add("x".repeat(2000));
            }
            e.getIn().setBody(values);
        });
        assertThat(list.getException())
                .isInstanceOf(OciStreamingException.class)
                .hasMessageContaining("429")
                .hasMessageContaining("next request can be made in");
        assertThat(((OciStreamingException) list.getException()).getServiceCode())
                .isEqualTo("429");
        int failed = list.getMessage().getHeader(OciStreamingConstants.FAILED_COUNT, Integer.class);
        assertThat(failed).isBetween(1, 39);
        assertThat(readAll(SERVER, stream.getId(), 1)).hasSize(40 - failed);
    }
}
