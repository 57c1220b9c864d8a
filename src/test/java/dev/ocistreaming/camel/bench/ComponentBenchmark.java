package dev.ocistreaming.camel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.model.CreateStreamDetails;
import com.oracle.bmc.streaming.requests.CreateStreamRequest;
import dev.ocistreaming.camel.OciStreamingComponent;
import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingEndpoint;
import dev.ocistreaming.camel.OciStreamingProducer;
import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.testsupport.SdkClients;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Prints producer and consumer throughput of the component against an embedded local server. A program, not a
 * test: run it with the test classpath, e.g.
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.ocistreaming.camel.bench.ComponentBenchmark}.
 */
public final class ComponentBenchmark {

    private ComponentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("oci-bench");
        try (LocalStreamingServer server = LocalStreamingServer.start(ServerConfig.builder().host("127.0.0.1")
                .port(0).dataDir(dir).build())) {
            produce(server, messages, "batching (defaults)", "");
            produce(server, messages, "batching, one lane (maxInFlight=1)", "?maxInFlight=1");
            produce(server, messages / 10, "one message per request (maxBatchCount=1&maxInFlight=1)",
                    "?maxBatchCount=1&maxInFlight=1");
            consume(server, messages, 1000);
            consume(server, messages, 10_000);
        }
    }

    private static void produce(LocalStreamingServer server, int messages, String label, String options)
            throws Exception {
        String streamId = createStream(server, "bench-" + System.nanoTime(), 4);
        CamelContext context = context(server);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + streamId + options);
            }
        });
        context.start();
        AsyncProducer producer = context.getEndpoint("direct:in").createAsyncProducer();
        producer.start();
        byte[] body = new byte[100];
        CountDownLatch done = new CountDownLatch(messages);
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            Exchange e = context.getEndpoint("direct:in").createExchange();
            e.getIn().setBody(body);
            e.getIn().setHeader(OciStreamingConstants.KEY, "key-" + (i % 8));
            producer.process(e, sync -> {
                if (e.getException() != null) {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
        }
        done.await(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        OciStreamingProducer p = context.getEndpoints().stream().filter(OciStreamingEndpoint.class::isInstance)
                .flatMap(ep -> ((OciStreamingEndpoint) ep).producers().stream()).findFirst().orElseThrow();
        System.out.printf("producer, %s: %d messages of 100 B in %.2f s = %.0f msg/s, %d PutMessages requests,"
                + " %d failed%n", label, messages, seconds, messages / seconds, p.getRequests(), failed.get());
        context.stop();
    }

    private static void consume(LocalStreamingServer server, int messages, int perPoll) throws Exception {
        String streamId = createStream(server, "bench-consume-" + perPoll, 4);
        CamelContext context = context(server);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + streamId);
            }
        });
        context.start();
        var template = context.createProducerTemplate();
        java.util.List<byte[]> values = new java.util.ArrayList<>();
        for (int i = 0; i < messages; i++) {
            values.add(new byte[100]);
            if (values.size() == 1000) {
                template.sendBody("direct:in", values);
                values = new java.util.ArrayList<>();
            }
        }
        CountDownLatch got = new CountDownLatch(messages);
        long start = System.nanoTime();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + streamId + "?groupName=bench&initialPosition=TRIM_HORIZON&maxMessagesPerPoll=" + perPoll)
                        .process(e -> got.countDown());
            }
        });
        got.await(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("group consumer (1 instance, 4 partitions, maxMessagesPerPoll=%d, commit after each batch):"
                + " %d messages in %.2f s = %.0f msg/s%n", perPoll, messages, seconds, messages / seconds);
        context.stop();
    }

    private static CamelContext context(LocalStreamingServer server) {
        CamelContext context = new DefaultCamelContext();
        OciStreamingComponent component = new OciStreamingComponent();
        component.getConfiguration().setEndpoint(server.url());
        context.addComponent("oci-streaming", component);
        return context;
    }

    private static String createStream(LocalStreamingServer server, String name, int partitions) {
        try (StreamAdminClient admin = SdkClients.adminClient(server.url())) {
            return admin.createStream(CreateStreamRequest.builder().createStreamDetails(CreateStreamDetails.builder()
                    .name(name).partitions(partitions).compartmentId(SdkClients.COMPARTMENT).build()).build())
                    .getStream().getId();
        }
    }
}
