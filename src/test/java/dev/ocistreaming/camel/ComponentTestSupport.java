package dev.ocistreaming.camel;

import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;

/**
 * Camel contexts wired to a local server with short timeouts, and helpers to put and read messages with the plain
 * SDK so a test checks the component against the service, not against itself.
 */
abstract class ComponentTestSupport {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private final List<CamelContext> contexts = new ArrayList<>();

    /** One message as a route saw it. */
    record Received(String instance, String partition, long offset, String key, String body, int attempt) {}

    @AfterEach
    void stopContexts() {
        Collections.reverse(contexts);
        contexts.forEach(CamelContext::stop);
        contexts.clear();
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    /** A started context whose component points at the server, with group timeouts short enough for tests. */
    CamelContext startContext(LocalServerExtension server, RouteBuilder routes) throws Exception {
        CamelContext context = newContext(server.url());
        context.addRoutes(routes);
        context.start();
        return context;
    }

    CamelContext newContext(String url) {
        CamelContext context = new DefaultCamelContext();
        OciStreamingComponent component = new OciStreamingComponent();
        OciStreamingConfiguration c = component.getConfiguration();
        c.setEndpoint(url);
        c.setCompartmentId(SdkClients.COMPARTMENT);
        c.setGroupTimeoutMs(1500);
        c.setMinPollIntervalMs(50);
        c.setMaxIdlePollIntervalMs(300);
        c.setErrorBackoffMs(100);
        c.setMaxErrorBackoffMs(500);
        c.setConnectTimeoutMs(2000);
        c.setReadTimeoutMs(10_000);
        c.setShutdownTimeoutMs(10_000);
        c.setInitialPosition("TRIM_HORIZON");
        context.addComponent("oci-streaming", component);
        context.getShutdownStrategy().setTimeout(15);
        contexts.add(context);
        return context;
    }

    /** A processor body that records what a consumer route received. */
    static org.apache.camel.Processor recordInto(List<Received> sink) {
        return exchange -> sink.add(received(exchange));
    }

    static Received received(Exchange exchange) {
        var in = exchange.getIn();
        return new Received(
                in.getHeader(OciStreamingConstants.INSTANCE_NAME, String.class),
                in.getHeader(OciStreamingConstants.PARTITION, String.class),
                in.getHeader(OciStreamingConstants.OFFSET, Long.class),
                in.getHeader(OciStreamingConstants.KEY, String.class),
                in.getBody(String.class),
                in.getHeader(OciStreamingConstants.DELIVERY_ATTEMPT, 1, Integer.class));
    }

    /** Puts messages with the plain SDK, key i % keys, body prefix + i. */
    static void put(LocalServerExtension server, String streamId, String prefix, int count, int keys) {
        List<PutMessagesDetailsEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(PutMessagesDetailsEntry.builder()
                    .key(("key-" + (i % keys)).getBytes(StandardCharsets.UTF_8))
                    .value((prefix + i).getBytes(StandardCharsets.UTF_8))
                    .build());
        }
        var result = server.streamClient()
                .putMessages(PutMessagesRequest.builder()
                        .streamId(streamId)
                        .putMessagesDetails(
                                PutMessagesDetails.builder().messages(entries).build())
                        .build())
                .getPutMessagesResult();
        if (result.getFailures() != null && result.getFailures() > 0) {
            throw new IllegalStateException("put failed: " + result.getEntries());
        }
    }

    /**
     * Hands exchanges to the route's asynchronous producer from this thread, one after the other without waiting
     * for results (a ProducerTemplate's async methods would reorder them on its thread pool).
     *
     * @return the exchanges, completed
     */
    static List<Exchange> sendInOrder(
            CamelContext context, String uri, List<java.util.function.Consumer<Exchange>> fill) throws Exception {
        org.apache.camel.AsyncProducer producer = context.getEndpoint(uri).createAsyncProducer();
        producer.start();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(fill.size());
        List<Exchange> exchanges = new ArrayList<>();
        for (var f : fill) {
            Exchange e = context.getEndpoint(uri).createExchange();
            f.accept(e);
            exchanges.add(e);
            producer.process(e, sync -> done.countDown());
        }
        if (!done.await(120, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("sends did not complete");
        }
        producer.stop();
        return exchanges;
    }

    /** Creates a stream even when the server injects faults (a faulty answer has no effect, so retrying is safe). */
    static com.oracle.bmc.streaming.model.Stream createStreamRetrying(
            LocalServerExtension server, String name, int partitions) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                var existing = server.adminClient()
                        .listStreams(com.oracle.bmc.streaming.requests.ListStreamsRequest.builder()
                                .compartmentId(SdkClients.COMPARTMENT)
                                .name(name)
                                .build())
                        .getItems();
                if (existing == null || existing.isEmpty()) {
                    return server.createStream(name, partitions);
                }
                var stream = server.adminClient()
                        .getStream(com.oracle.bmc.streaming.requests.GetStreamRequest.builder()
                                .streamId(existing.get(0).getId())
                                .build())
                        .getStream();
                if (stream.getLifecycleState() == com.oracle.bmc.streaming.model.Stream.LifecycleState.Active) {
                    return stream;
                }
            } catch (RuntimeException e) {
                if (attempt > 50) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }

    static List<String> bodies(int count, String prefix) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(prefix + i);
        }
        return all;
    }

    static List<Message> readAll(LocalServerExtension server, String streamId, int partitions) {
        List<Message> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.addAll(SdkClients.readFromStart(server.streamClient(), streamId, String.valueOf(p)));
        }
        return all;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static Map<String, List<Received>> byInstance(List<Received> received) {
        synchronized (received) {
            return received.stream().collect(Collectors.groupingBy(Received::instance));
        }
    }

    static List<String> bodiesOf(List<Received> received) {
        synchronized (received) {
            return received.stream().map(Received::body).collect(Collectors.toList());
        }
    }

    /** All messages of the cause chain: Camel wraps an endpoint's exception in route-start exceptions. */
    static String causeMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        java.util.Arrays.stream(t.getSuppressed()).forEach(s -> sb.append(s.getMessage()));
        return sb.toString();
    }

    /** The started producer of the context's oci-streaming endpoint. */
    static OciStreamingProducer producer(CamelContext context) {
        return context.getEndpoints().stream()
                .filter(OciStreamingEndpoint.class::isInstance)
                .map(e -> ((OciStreamingEndpoint) e).producers())
                .flatMap(java.util.Set::stream)
                .findFirst()
                .orElseThrow();
    }

    /** One route, {@code direct:in} to the stream with the given options ("" or "?a=b&..."). */
    static RouteBuilder route(Stream stream, String options) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + stream.getId() + options);
            }
        };
    }
}
