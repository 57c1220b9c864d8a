package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.camel.producer.PutResult;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Foundation: producer and group consumer through the component, checked with the plain SDK. */
class RoundTripIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @Test
    void messagesGoRoundTripWithTheirHeaders() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("round"), 1);
        List<Exchange> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + stream.getId());
                from("oci-streaming:" + stream.getId() + "?groupName=g1&instanceName=inst-a")
                        .process(e -> got.add(e.copy()));
            }
        });
        var template = context.createProducerTemplate();
        Exchange sent = template.request("direct:in", e -> {
            e.getIn().setBody("hello");
            e.getIn().setHeader(OciStreamingConstants.KEY, "k1");
        });
        assertThat(sent.getException()).isNull();
        assertThat(sent.getMessage().getHeader(OciStreamingConstants.PARTITION, String.class))
                .isEqualTo("0");
        assertThat(sent.getMessage().getHeader(OciStreamingConstants.OFFSET, Long.class))
                .isNotNull();
        assertThat(sent.getMessage().getHeader(OciStreamingConstants.TIMESTAMP, Long.class))
                .isPositive();
        template.sendBody("direct:in", "world".getBytes());

        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 2);
        Exchange first = got.get(0);
        assertThat(first.getIn().getBody()).isInstanceOf(byte[].class);
        assertThat(first.getIn().getBody(String.class)).isEqualTo("hello");
        assertThat(first.getIn().getHeader(OciStreamingConstants.KEY)).isEqualTo("k1");
        assertThat(first.getIn().getHeader(OciStreamingConstants.PARTITION)).isEqualTo("0");
        assertThat(first.getIn().getHeader(OciStreamingConstants.OFFSET))
                .isEqualTo(sent.getMessage().getHeader(OciStreamingConstants.OFFSET));
        assertThat(first.getIn().getHeader(OciStreamingConstants.TIMESTAMP))
                .isEqualTo(first.getIn().getHeader(Exchange.MESSAGE_TIMESTAMP));
        assertThat(first.getIn().getHeader(OciStreamingConstants.STREAM_ID)).isEqualTo(stream.getId());
        assertThat(first.getIn().getHeader(OciStreamingConstants.STREAM_NAME)).isEqualTo(stream.getName());
        assertThat(first.getIn().getHeader(OciStreamingConstants.GROUP_NAME)).isEqualTo("g1");
        assertThat(first.getIn().getHeader(OciStreamingConstants.INSTANCE_NAME)).isEqualTo("inst-a");
        assertThat(got.get(1).getIn().getHeader(OciStreamingConstants.KEY)).isNull();
        assertThat(got.get(1).getIn().getBody(String.class)).isEqualTo("world");
    }

    @Test
    void aKeyAlwaysLandsOnTheSamePartitionOfThreeAndConcurrentSendsKeepPerKeyOrder() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("keys"), 3);
        CamelContext context = startContext(SERVER, route(stream, "?maxBatchCount=7"));
        // One thread per key, each handing its messages to the asynchronous producer without waiting for the
        // previous one: the lanes must keep each key's order while all keys are in flight together.
        int keys = 12;
        int perKey = 40;
        List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String key = "key-" + k;
            List<java.util.function.Consumer<Exchange>> sends = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                String body = key + ":" + i;
                sends.add(e -> {
                    e.getIn().setBody(body);
                    e.getIn().setHeader(OciStreamingConstants.KEY, key);
                });
            }
            threads.add(new Thread(() -> {
                try {
                    exchanges.addAll(sendInOrder(context, "direct:in", sends));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(120_000);
        }
        assertThat(exchanges).hasSize(keys * perKey);
        List<java.util.concurrent.CompletableFuture<Exchange>> futures = new ArrayList<>();
        exchanges.forEach(e -> futures.add(java.util.concurrent.CompletableFuture.completedFuture(e)));
        Map<String, Set<String>> partitionsByKey = new HashMap<>();
        for (var f : futures) {
            Exchange e = f.get();
            assertThat(e.getException()).isNull();
            partitionsByKey
                    .computeIfAbsent(
                            e.getMessage().getHeader(OciStreamingConstants.KEY, String.class),
                            x -> new java.util.HashSet<>())
                    .add(e.getMessage().getHeader(OciStreamingConstants.PARTITION, String.class));
        }
        assertThat(partitionsByKey).hasSize(keys);
        partitionsByKey.values().forEach(p -> assertThat(p).hasSize(1));
        assertThat(partitionsByKey.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
                .as("12 keys should use more than one of 3 partitions")
                .hasSizeGreaterThan(1);

        // Per key, the stream holds the messages in the order they were sent.
        List<Message> stored = readAll(SERVER, stream.getId(), 3);
        assertThat(stored).hasSize(keys * perKey);
        Map<String, List<String>> order = new HashMap<>();
        for (Message m : stored) {
            order.computeIfAbsent(text(m.getKey()), x -> new ArrayList<>()).add(text(m.getValue()));
        }
        for (int k = 0; k < keys; k++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                expected.add("key-" + k + ":" + i);
            }
            assertThat(order.get("key-" + k)).isEqualTo(expected);
        }
    }

    @Test
    void anIterableBodyGoesOutAsOneMessagePerElement() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("list"), 2);
        CamelContext context = startContext(SERVER, route(stream, "?key=batch"));
        Exchange result = context.createProducerTemplate()
                .request("direct:in", e -> e.getIn().setBody(List.of("a", "b", "c", "d", "e")));
        assertThat(result.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<PutResult> results = result.getMessage().getHeader(OciStreamingConstants.RESULTS, List.class);
        assertThat(results).hasSize(5).allMatch(r -> !r.failed() && r.offset() != null);
        assertThat(result.getMessage().getHeader(OciStreamingConstants.FAILED_COUNT))
                .isEqualTo(0);
        List<String> stored = readAll(SERVER, stream.getId(), 2).stream()
                .map(m -> text(m.getValue()))
                .toList();
        assertThat(stored).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void aStreamGivenByNameIsCreatedWhenMissingAndUsedByBothSides() throws Exception {
        String name = uniqueName("named");
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + name + "?createStreamIfMissing=true&partitions=2");
                from("oci-streaming:" + name + "?groupName=g&createStreamIfMissing=true&partitions=2")
                        .process(recordInto(got));
            }
        });
        context.createProducerTemplate().sendBodyAndHeader("direct:in", "by-name", OciStreamingConstants.KEY, "x");
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
        assertThat(got.get(0).body()).isEqualTo("by-name");
        var list = SERVER.adminClient()
                .listStreams(com.oracle.bmc.streaming.requests.ListStreamsRequest.builder()
                        .compartmentId(dev.ocistreaming.testsupport.SdkClients.COMPARTMENT)
                        .name(name)
                        .build())
                .getItems();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).getPartitions()).isEqualTo(2);
    }

    @Test
    void aStreamGivenByNameInAStreamPoolIsCreatedThereAndFoundAgain() throws Exception {
        String poolId = SERVER.adminClient()
                .createStreamPool(com.oracle.bmc.streaming.requests.CreateStreamPoolRequest.builder()
                        .createStreamPoolDetails(com.oracle.bmc.streaming.model.CreateStreamPoolDetails.builder()
                                .name(uniqueName("pool"))
                                .compartmentId(dev.ocistreaming.testsupport.SdkClients.COMPARTMENT)
                                .build())
                        .build())
                .getStreamPool()
                .getId();
        String name = uniqueName("pooled");
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = newContext(SERVER.url());
        context.getComponent("oci-streaming", OciStreamingComponent.class)
                .getConfiguration()
                .setCompartmentId(null);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("oci-streaming:" + name + "?createStreamIfMissing=true&streamPoolId=" + poolId);
                from("oci-streaming:" + name + "?groupName=g&streamPoolId=" + poolId)
                        .process(recordInto(got));
            }
        });
        context.start();
        context.createProducerTemplate().sendBody("direct:in", "pooled");
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
        var streams = SERVER.adminClient()
                .listStreams(com.oracle.bmc.streaming.requests.ListStreamsRequest.builder()
                        .streamPoolId(poolId)
                        .name(name)
                        .build())
                .getItems();
        assertThat(streams).hasSize(1);
        assertThat(streams.get(0).getStreamPoolId()).isEqualTo(poolId);
    }

    @Test
    void aMissingNamedStreamFailsTheRouteWithoutCreateStreamIfMissing() {
        CamelContext context = newContext(SERVER.url());
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("oci-streaming:no-such-stream");
                }
            });
            context.start();
        });
        assertThat(failure)
                .hasStackTraceContaining("Stream 'no-such-stream' not found")
                .hasStackTraceContaining("createStreamIfMissing");
    }

    @Test
    void partitionModeReadsOnePartitionFromTheGivenOffset() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("part"), 1);
        put(SERVER, stream.getId(), "m", 10, 1);
        long third = SdkClients.readFromStart(SERVER.streamClient(), stream.getId(), "0")
                .get(3)
                .getOffset();
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?partition=0&cursorType=AT_OFFSET&offset=" + third)
                        .process(recordInto(got));
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 7);
        assertThat(bodiesOf(got)).containsExactly("m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }
}
