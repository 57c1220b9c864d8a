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
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** At-least-once: what is committed, when, and what comes again after failures and restarts. */
class DeliveryGuaranteesIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    /**
     * 30 messages on 3 partitions in batches of 10; the exchange at the given position of the first batch fails once,
     * unhandled. Everything is still processed, the failed one on a second attempt, and afterwards the group has
     * committed everything: a fresh instance of the group gets nothing.
     */
    @ParameterizedTest(name = "failure at {0} of a batch")
    @ValueSource(strings = {"first", "middle", "last"})
    void anUnhandledFailureMakesTheUncommittedBatchComeAgain(String position) throws Exception {
        Stream stream = SERVER.createStream(uniqueName("fail-" + position), 3);
        put(SERVER, stream.getId(), "m", 30, 9);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean failed = new AtomicBoolean();
        List<String> failedBodies = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=i&maxMessagesPerPoll=10")
                        .process(recordInto(got))
                        .process(e -> {
                            int index = e.getProperty("CamelBatchIndex", Integer.class);
                            int size = e.getProperty("CamelBatchSize", Integer.class);
                            int target = switch (position) {
                                case "first" -> 0;
                                case "middle" -> size / 2;
                                default -> size - 1;
                            };
                            if (size > 2 && index == target && failed.compareAndSet(false, true)) {
                                failedBodies.add(e.getIn().getBody(String.class));
                                throw new IllegalStateException("boom at " + position);
                            }
                        });
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> new HashSet<>(bodiesOf(got)).size() == 30);
        assertThat(failed).isTrue();
        String failedBody = failedBodies.get(0);
        // The failed message came again, marked as a second delivery.
        assertThat(got)
                .filteredOn(r -> r.body().equals(failedBody))
                .extracting(Received::attempt)
                .containsExactly(1, 2);
        // Messages before the failure in that batch came again too (OCI commits whole batches), later ones at most
        // twice, and nothing was lost.
        assertThat(new HashSet<>(bodiesOf(got))).containsExactlyInAnyOrderElementsOf(bodies(30, "m"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ((OciStreamingConsumer) context.getRoutes().get(0).getConsumer()).getCommits() >= 3);
        context.stop();

        List<Received> again = Collections.synchronizedList(new ArrayList<>());
        startContext(SERVER, consumerRoute(stream, "g", "j", "", again));
        Thread.sleep(2500);
        assertThat(again).as("everything was committed").isEmpty();
    }

    @Test
    void aFailureHandledByTheRouteCountsAsDone() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("handled"), 1);
        put(SERVER, stream.getId(), "m", 5, 1);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        List<String> dead = Collections.synchronizedList(new ArrayList<>());
        startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("direct:dead"));
                from("direct:dead").process(e -> dead.add(e.getIn().getBody(String.class)));
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=i")
                        .process(recordInto(got))
                        .process(DeliveryGuaranteesIT::failOnM2);
            }
        });
        awaitAllFiveOnce(got);
        assertThat(dead).containsExactly("m2");
    }

    @Test
    void withoutBreakOnFirstErrorAFailedMessageIsLoggedAndCommittedWithItsBatch() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("skip"), 1);
        put(SERVER, stream.getId(), "m", 5, 1);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=i&breakOnFirstError=false")
                        .process(recordInto(got))
                        .process(DeliveryGuaranteesIT::failOnM2);
            }
        });
        awaitAllFiveOnce(got);
        context.stop();
        List<Received> again = Collections.synchronizedList(new ArrayList<>());
        startContext(SERVER, consumerRoute(stream, "g", "j", "", again));
        Thread.sleep(2500);
        assertThat(again).isEmpty();
    }

    @Test
    void partitionModeReadsAFailedMessageAgainFromItsOffset() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("part-fail"), 1);
        put(SERVER, stream.getId(), "m", 6, 1);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean failed = new AtomicBoolean();
        startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?partition=0&cursorType=TRIM_HORIZON")
                        .process(recordInto(got))
                        .process(e -> {
                            if ("m3".equals(e.getIn().getBody(String.class)) && failed.compareAndSet(false, true)) {
                                throw new IllegalStateException("once");
                            }
                        });
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 7);
        Thread.sleep(500);
        assertThat(bodiesOf(got)).containsExactly("m0", "m1", "m2", "m3", "m3", "m4", "m5");
    }

    @Test
    void manualModeCommitsNothingUntilTheRouteCommits() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("manual"), 1);
        put(SERVER, stream.getId(), "m", 10, 1);
        List<Received> first = Collections.synchronizedList(new ArrayList<>());
        CamelContext c1 = startContext(SERVER, consumerRoute(stream, "g", "a", "&commitMode=MANUAL", first));
        await().atMost(Duration.ofSeconds(20)).until(() -> first.size() == 10);
        c1.stop();

        // Nothing committed: a restart gets everything again. This time the route commits at the end of each batch.
        List<Received> second = Collections.synchronizedList(new ArrayList<>());
        CamelContext c2 = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=b&commitMode=MANUAL")
                        .process(recordInto(second))
                        .filter(exchangeProperty("CamelBatchComplete"))
                        .process(e -> e.getIn()
                                .getHeader(OciStreamingConstants.MANUAL_COMMIT, OciStreamingManualCommit.class)
                                .commit());
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> second.size() == 10);
        assertThat(bodiesOf(second)).isEqualTo(bodies(10, "m"));
        c2.stop();

        List<Received> third = Collections.synchronizedList(new ArrayList<>());
        startContext(SERVER, consumerRoute(stream, "g", "c", "&commitMode=MANUAL", third));
        Thread.sleep(2500);
        assertThat(third).isEmpty();
    }

    @Test
    void stoppingMidStreamAndRestartingResumesAfterTheLastCommitWithNoLossAndNoDuplicate() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("restart"), 2);
        put(SERVER, stream.getId(), "m", 200, 20);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        RouteBuilder slow = new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=i&maxMessagesPerPoll=15")
                        .process(recordInto(got))
                        .delay(5)
                        .syncDelayed();
            }
        };
        CamelContext first = startContext(SERVER, slow);
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 50);
        first.stop();
        int beforeRestart = got.size();
        assertThat(beforeRestart).isLessThan(200);

        startContext(SERVER, slow);
        await().atMost(Duration.ofSeconds(30)).until(() -> new HashSet<>(bodiesOf(got)).size() == 200);
        Thread.sleep(500);
        assertThat(bodiesOf(got))
                .as("graceful stop committed what it had processed")
                .hasSize(200)
                .containsExactlyInAnyOrderElementsOf(bodies(200, "m"));
    }

    @Test
    void suspendingAndResumingTheRouteLosesNothing() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("suspend"), 1);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = startContext(SERVER, consumerRoute(stream, "g", "i", "", got));
        put(SERVER, stream.getId(), "a", 5, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 5);
        context.getRouteController().suspendRoute(context.getRoutes().get(0).getRouteId());
        put(SERVER, stream.getId(), "b", 5, 1);
        Thread.sleep(1000);
        assertThat(got).as("nothing read while suspended").hasSize(5);
        context.getRouteController().resumeRoute(context.getRoutes().get(0).getRouteId());
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 10);
        Thread.sleep(500);
        List<String> expected = new ArrayList<>(bodies(5, "a"));
        expected.addAll(bodies(5, "b"));
        assertThat(bodiesOf(got)).isEqualTo(expected);
    }

    @Test
    void onGetModeIsTheServicesCommitOnGet() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("onget"), 1);
        put(SERVER, stream.getId(), "m", 10, 1);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext c1 = startContext(SERVER, consumerRoute(stream, "g", "a", "&commitMode=ON_GET", got));
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 10);
        c1.stop();
        List<Received> again = Collections.synchronizedList(new ArrayList<>());
        startContext(SERVER, consumerRoute(stream, "g", "b", "&commitMode=ON_GET", again));
        put(SERVER, stream.getId(), "n", 3, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.size() >= 3);
        assertThat(bodiesOf(again)).containsExactly("n0", "n1", "n2");
    }

    @Test
    void theConsumerRecoversByItselfWhenTheServerRestarts() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("bounce"), 1);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = startContext(SERVER, consumerRoute(stream, "g", "i", "", got));
        put(SERVER, stream.getId(), "before", 5, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 5);
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) context.getRoutes().get(0).getConsumer();

        SERVER.server().close();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> consumer.instanceStates().get(0).lastError() != null);
        assertThat(health(context)).isEqualTo(org.apache.camel.health.HealthCheck.State.DOWN);
        SERVER.restart();
        put(SERVER, stream.getId(), "after", 5, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= 10);
        assertThat(new HashSet<>(bodiesOf(got))).containsAll(bodies(5, "after"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> health(context) == org.apache.camel.health.HealthCheck.State.UP);
    }

    private static void failOnM2(org.apache.camel.Exchange e) {
        if ("m2".equals(e.getIn().getBody(String.class))) {
            throw new IllegalStateException("poison");
        }
    }

    /** m0..m4 each arrive once: the failure of m2 did not bring its batch back. */
    private static void awaitAllFiveOnce(List<Received> got) throws InterruptedException {
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 5);
        Thread.sleep(1000);
        assertThat(bodiesOf(got)).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    static org.apache.camel.health.HealthCheck.State health(CamelContext context) {
        var check = ((OciStreamingConsumer) context.getRoutes().get(0).getConsumer()).getHealthCheck();
        return check.call().getState();
    }

    static RouteBuilder consumerRoute(
            Stream stream, String group, String instance, String options, List<Received> sink) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=" + group + "&instanceName=" + instance + options)
                        .process(recordInto(sink));
            }
        };
    }
}
