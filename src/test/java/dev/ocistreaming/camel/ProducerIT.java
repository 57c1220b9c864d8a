package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Limits checked before sending, and failures when the service cannot be reached. */
class ProducerIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @Test
    void anOversizedMessageOrKeyFailsBeforeAnythingIsSent() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("big"), 1);
        CamelContext context = startContext(SERVER, route(stream, ""));
        var template = context.createProducerTemplate();

        Exchange tooBig = template.send("direct:in", e -> e.getIn().setBody(new byte[1_048_577]));
        assertThat(tooBig.getException())
                .isInstanceOf(OciStreamingException.class)
                .hasMessageContaining("1048577 bytes")
                .hasMessageContaining("1 MiB");

        Exchange longKey = template.send("direct:in", e -> {
            e.getIn().setBody("v");
            e.getIn().setHeader(OciStreamingConstants.KEY, "k".repeat(257));
        });
        assertThat(longKey.getException())
                .isInstanceOf(OciStreamingException.class)
                .hasMessageContaining("257 bytes")
                .hasMessageContaining("256 bytes per key");

        Exchange oneBadElement =
                template.send("direct:in", e -> e.getIn().setBody(List.of("ok", new String(new byte[1_048_577]))));
        assertThat(oneBadElement.getException()).hasMessageContaining("Element 1");

        assertThat(readAll(SERVER, stream.getId(), 1))
                .as("nothing reached the stream")
                .isEmpty();

        // Exactly 1 MiB is allowed.
        Exchange limit = template.send("direct:in", e -> e.getIn().setBody(new byte[1_048_576]));
        assertThat(limit.getException()).isNull();
        assertThat(readAll(SERVER, stream.getId(), 1)).hasSize(1);
    }

    @Test
    void messagesBiggerThanMaxBatchBytesAreRefusedNamingTheOption() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("bound"), 1);
        CamelContext context = startContext(SERVER, route(stream, "?maxBatchBytes=1000"));
        Exchange e = context.createProducerTemplate()
                .send("direct:in", x -> x.getIn().setBody(new byte[1001]));
        assertThat(e.getException()).hasMessageContaining("maxBatchBytes=1000");
    }

    @Test
    void manyConcurrentSmallMessagesAreBatchedIntoFewerRequests() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("many"), 2);
        CamelContext context = startContext(SERVER, route(stream, "?maxInFlight=2"));
        var template = context.createProducerTemplate();
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String body = "m" + i;
            futures.add(template.asyncSend("direct:in", e -> e.getIn().setBody(body)));
        }
        for (var f : futures) {
            assertThat(f.get().getException()).isNull();
        }
        OciStreamingProducer producer = producer(context);
        assertThat(producer.getMessagesSent()).isEqualTo(500);
        assertThat(producer.getRequests()).as("requests for 500 messages").isLessThan(500);
        var console = context.getCamelContextExtension()
                .getContextPlugin(org.apache.camel.console.DevConsoleRegistry.class)
                .resolveById("oci-streaming");
        assertThat((String) console.call(org.apache.camel.console.DevConsole.MediaType.TEXT))
                .contains("Producer: stream: " + stream.getId() + "  sent: 500");
        assertThat(readAll(SERVER, stream.getId(), 2)).hasSize(500);
    }

    @Test
    void anUnreachableServiceFailsTheExchangeAndTurnsTheProducerHealthDownThenUpAgain() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("down"), 1);
        CamelContext context = startContext(SERVER, route(stream, "?maxRetries=1&retryBackoffMs=10"));
        var template = context.createProducerTemplate();
        assertThat(template.send("direct:in", e -> e.getIn().setBody("up")).getException())
                .isNull();
        OciStreamingProducer producer = producer(context);
        var check = new OciStreamingProducerHealthCheck(producer, "test");
        assertThat(check.call().getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);

        SERVER.server().close();
        Exchange failed = template.send("direct:in", e -> e.getIn().setBody("lost"));
        assertThat(failed.getException())
                .isInstanceOf(OciStreamingException.class)
                .hasMessageContaining("cannot reach the service");
        var down = check.call();
        assertThat(down.getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.DOWN);
        assertThat(down.getMessage()).get().asString().contains("cannot reach the service");

        SERVER.restart();
        assertThat(template.send("direct:in", e -> e.getIn().setBody("back")).getException())
                .isNull();
        assertThat(check.call().getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
        assertThat(readAll(SERVER, stream.getId(), 1).stream().map(m -> text(m.getValue())))
                .containsExactly("up", "back");
    }

    @Test
    void whenTheServiceCannotKeepUpTheQueueIsBoundedSendersWaitThenFailAndNothingQueuedIsLost() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("full"), 1);
        CamelContext context = startContext(
                SERVER,
                route(
                        stream,
                        "?key=k&maxBatchBytes=1000&maxQueuedBytes=2000"
                                + "&maxBlockMs=300&maxRetries=200&retryBackoffMs=50&maxRetryBackoffMs=50"));
        var template = context.createProducerTemplate();
        assertThat(template.send("direct:in", e -> e.getIn().setBody("before")).getException())
                .isNull();
        OciStreamingProducer producer = producer(context);

        SERVER.server().close();
        List<CompletableFuture<Exchange>> accepted;
        try {
            accepted = fillTheQueueAndSeeTheNextSenderWaitThenFail(template, producer);
        } finally {
            SERVER.restart();
        }
        for (var f : accepted) {
            assertThat(f.get(30, TimeUnit.SECONDS).getException()).isNull();
        }
        assertThat(producer.getQueuedBytes()).isZero();
        assertThat(readAll(SERVER, stream.getId(), 1).stream()
                        .map(m -> text(m.getValue()).substring(0, 2)))
                .containsExactlyInAnyOrder("be", "0-", "1-", "2-", "3-", "4-");
    }

    /** With the service down: @return the exchanges that went into the queue, still waiting */
    private static List<CompletableFuture<Exchange>> fillTheQueueAndSeeTheNextSenderWaitThenFail(
            ProducerTemplate template, OciStreamingProducer producer) {
        List<CompletableFuture<Exchange>> accepted = new ArrayList<>();
        // one request goes out (and retries against the closed port), the next four fill the 2000 bytes of queue
        for (int i = 0; i < 5; i++) {
            String body = i + "-" + "v".repeat(497); // 500 bytes with the key
            accepted.add(template.asyncSend("direct:in", e -> e.getIn().setBody(body)));
            if (i == 0) {
                await().until(() -> producer.getRetries() > 0);
            }
        }
        await().until(() -> producer.getQueuedBytes() == 2000);

        long start = System.nanoTime();
        Exchange refused = template.send("direct:in", e -> e.getIn().setBody("refused"));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(refused.getException())
                .isInstanceOf(OciStreamingException.class)
                .hasMessageContaining("queue for stream")
                .hasMessageContaining("maxQueuedBytes=2000")
                .hasMessageContaining("maxBlockMs=300");
        assertThat(waitedMs).as("the sender waited for room before failing").isGreaterThanOrEqualTo(250);
        assertThat(accepted).allMatch(f -> !f.isDone());
        return accepted;
    }
}
