package dev.ocistreaming.app.bench;

import dev.ocistreaming.camel.OciStreamingConsumer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The component with default options on both sides: a route sending one exchange per message to the stream, and a
 * group consumer route that notes each message's latency when it processes it.
 */
final class ComponentPipeline extends LatencyPipeline {

    private final CamelContext context;
    private final String streamId;
    private Endpoint direct;
    private AsyncProducer producer;

    ComponentPipeline(BenchEnv env, String streamId) {
        this.context = env.newCamelContext();
        this.streamId = streamId;
    }

    @Override
    void start() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("oci-streaming:" + streamId);
                from("oci-streaming:" + streamId + "?groupName=latency")
                        .routeId("consume")
                        .process(e -> received(e.getIn().getBody(byte[].class)));
            }
        });
        context.start();
        direct = context.getEndpoint("direct:send");
        producer = direct.createAsyncProducer();
        producer.start();
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) context.getRoute("consume").getConsumer();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!consumer.isPolling()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer did not start polling");
            }
            Thread.sleep(10);
        }
    }

    @Override
    long minTickNanos() {
        return 0;
    }

    @Override
    void send(List<Long> dueNanos) {
        for (long due : dueNanos) {
            Exchange exchange = direct.createExchange();
            exchange.getIn().setBody(value(due));
            producer.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    fail(exchange.getException());
                }
            });
        }
    }

    @Override
    public void close() throws Exception {
        context.close();
    }
}
