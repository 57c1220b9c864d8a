package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * commitMode=MANUAL reads one poll ahead: the next GetMessages is fetched while the route still handles the batch
 * before it, and every message is still delivered once, in order, and committed only by the route.
 */
class ReadAheadIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @Test
    void manualModeFetchesTheNextPollWhileTheRouteHandlesABatch() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("read-ahead"), 1);
        put(SERVER, stream.getId(), "m", 30, 1);
        List<Boolean> nextFetchedDuringFirst = new CopyOnWriteArrayList<>();
        List<Received> received = new CopyOnWriteArrayList<>();
        LongSupplier[] fetched = new LongSupplier[1];
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId()
                                + "?groupName=g&instanceName=i&commitMode=MANUAL&batching=true&maxMessagesPerPoll=10")
                        .routeId("read-ahead")
                        .process(e -> {
                            if (nextFetchedDuringFirst.isEmpty()) {
                                // the first batch (10 messages) waits here until the consumer has fetched more
                                nextFetchedDuringFirst.add(
                                        waitFor(() -> fetched[0] != null && fetched[0].getAsLong() > 10));
                            }
                            List<?> messages = e.getMessage().getBody(List.class);
                            messages.forEach(m -> received.add(received((org.apache.camel.Exchange) m)));
                            e.getMessage()
                                    .getHeader(OciStreamingConstants.MANUAL_COMMIT, OciStreamingManualCommit.class)
                                    .commit();
                        });
            }
        });
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) context.getRoute("read-ahead").getConsumer();
        fetched[0] = consumer::getMessagesReceived;

        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 30);
        assertThat(nextFetchedDuringFirst).containsExactly(true);
        assertThat(bodiesOf(received)).isEqualTo(bodies(30, "m"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> consumer.getCommits() > 0
                        && consumer.instanceStates().get(0).uncommittedMessages() == 0);
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
