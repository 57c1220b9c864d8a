package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.Group;
import com.oracle.bmc.streaming.model.PartitionReservation;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.requests.GetGroupRequest;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several instances of one group: balance, hand-over on stop or crash, heartbeats during slow exchanges. */
class GroupConsumerIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @Test
    void twoConsumersSplitThreePartitionsNeverShareOneAndStoppingOneHandsItsPartitionsOver() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("split"), 3);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext a = startContext(SERVER, consumer(stream, "a", got));
        CamelContext b = startContext(SERVER, consumer(stream, "b", got));

        // Wait until the group holds all 3 partitions, spread over both instances.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> owners(stream).size() == 3
                        && new HashSet<>(owners(stream).values()).size() == 2);
        Map<String, String> owners = owners(stream);
        put(SERVER, stream.getId(), "first-", 60, 12);
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 60);
        // Each partition was read by exactly the instance holding it: never by both.
        Map<String, Set<String>> readers = new HashMap<>();
        synchronized (got) {
            got.forEach(r ->
                    readers.computeIfAbsent(r.partition(), p -> new HashSet<>()).add(r.instance()));
        }
        readers.forEach((partition, instances) ->
                assertThat(instances).as("readers of partition " + partition).containsExactly(owners.get(partition)));
        assertThat(byInstance(got).keySet()).containsExactlyInAnyOrder("a", "b");

        a.stop();
        put(SERVER, stream.getId(), "second-", 60, 12);
        await().atMost(Duration.ofSeconds(30)).until(() -> new HashSet<>(bodiesOf(got)).size() == 120);
        assertThat(owners(stream).values()).containsOnly("b");
        List<String> expected = new ArrayList<>(bodies(60, "first-"));
        expected.addAll(bodies(60, "second-"));
        assertThat(new HashSet<>(bodiesOf(got))).containsExactlyInAnyOrderElementsOf(expected);
        b.stop();
    }

    @Test
    void consumersCountRunsSeveralInstancesInOneRoute() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("count"), 3);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext context = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=w&consumersCount=3")
                        .process(recordInto(got));
            }
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> new HashSet<>(owners(stream).values()).size() == 3);
        put(SERVER, stream.getId(), "m", 90, 30);
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 90);
        assertThat(byInstance(got).keySet()).containsExactlyInAnyOrder("w-1", "w-2", "w-3");
        assertThat(new HashSet<>(bodiesOf(got))).hasSize(90);

        var console = context.getCamelContextExtension()
                .getContextPlugin(org.apache.camel.console.DevConsoleRegistry.class)
                .resolveById("oci-streaming");
        assertThat(console).as("dev console oci-streaming").isNotNull();
        String text = (String) console.call(org.apache.camel.console.DevConsole.MediaType.TEXT);
        assertThat(text).contains("group: g").contains("instance: w-1").contains("instance: w-3");
        @SuppressWarnings("unchecked")
        Map<String, Object> json =
                (Map<String, Object>) console.call(org.apache.camel.console.DevConsole.MediaType.JSON);
        assertThat(json.toString()).contains("w-2").contains("committedOffsets");
    }

    @Test
    void killingOneOfTwoConsumersMidBatchLosesNothing() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("kill"), 2);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch never = new CountDownLatch(1);
        CamelContext victim = newContext(SERVER.url());
        victim.getShutdownStrategy().setTimeout(1);
        victim.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // Hangs on its first message: stopping it is as good as a kill -9, nothing gets committed.
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=victim&shutdownTimeoutMs=200")
                        .process(recordInto(got))
                        .process(e -> never.await());
            }
        });
        victim.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> owners(stream).size() == 2);
        put(SERVER, stream.getId(), "m", 40, 8);
        await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
        CamelContext survivor = startContext(SERVER, consumer(stream, "survivor", got));
        Thread.sleep(500);
        victim.stop();

        await().atMost(Duration.ofSeconds(30)).until(() -> new HashSet<>(bodiesOf(got)).size() == 40);
        // The message the victim was stuck on came again to the survivor.
        String stuck = got.get(0).body();
        assertThat(got.stream().filter(r -> r.instance().equals("survivor")).map(Received::body))
                .contains(stuck);
        survivor.stop();
    }

    @Test
    void heartbeatsKeepTheReservationWhileAnExchangeIsSlow() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("slow"), 1);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext slow = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                // groupTimeoutMs is 1500 ms; the first message takes 4.5 s.
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=slow")
                        .process(recordInto(got))
                        .process(e -> {
                            if (e.getProperty("CamelBatchIndex", Integer.class) == 0 && got.size() == 1) {
                                Thread.sleep(4500);
                            }
                        });
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> owners(stream).size() == 1);
        put(SERVER, stream.getId(), "m", 5, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
        startContext(SERVER, consumer(stream, "other", got));

        await().atMost(Duration.ofSeconds(30)).until(() -> new HashSet<>(bodiesOf(got)).size() == 5);
        Thread.sleep(1000);
        assertThat(got)
                .as("the other instance never got the slow instance's partition mid-batch")
                .allMatch(r -> r.instance().equals("slow"));
        assertThat(got).hasSize(5);
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) slow.getRoutes().get(0).getConsumer();
        assertThat(consumer.instanceStates().get(0).lastHeartbeatMillis()).isPositive();
    }

    @Test
    void aCommitRefusedAfterTheReservationMovedOnIsToleratedAndNothingIsLost() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("lost"), 1);
        List<Received> got = Collections.synchronizedList(new ArrayList<>());
        CamelContext sleepy = startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                // No heartbeat in time: the first message outlives the 1.5 s group timeout.
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=sleepy&heartbeatIntervalMs=60000")
                        .process(recordInto(got))
                        .process(e -> {
                            if (got.size() == 1) {
                                Thread.sleep(3500);
                            }
                        });
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> owners(stream).size() == 1);
        put(SERVER, stream.getId(), "m", 5, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
        startContext(SERVER, consumer(stream, "other", got));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> got.stream()
                                .filter(r -> r.instance().equals("other"))
                                .map(Received::body)
                                .distinct()
                                .count()
                        == 5);
        OciStreamingConsumer consumer =
                (OciStreamingConsumer) sleepy.getRoutes().get(0).getConsumer();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> consumer.instanceStates().get(0).reservationsLost() >= 1);
        assertThat(consumer.instanceStates().get(0).gaveUp()).isFalse();
        assertThat(new HashSet<>(bodiesOf(got))).containsExactlyInAnyOrderElementsOf(bodies(5, "m"));
    }

    private static RouteBuilder consumer(Stream stream, String instance, List<Received> sink) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=" + instance)
                        .process(recordInto(sink));
            }
        };
    }

    /** partition -> instance holding it now, from the service's GetGroup. */
    static Map<String, String> owners(Stream stream) {
        Group group;
        try {
            group = SERVER.streamClient()
                    .getGroup(GetGroupRequest.builder()
                            .streamId(stream.getId())
                            .groupName("g")
                            .build())
                    .getGroup();
        } catch (com.oracle.bmc.model.BmcException e) {
            return Map.of();
        }
        Map<String, String> owners = new HashMap<>();
        long now = System.currentTimeMillis();
        for (PartitionReservation r :
                group.getReservations() == null ? List.<PartitionReservation>of() : group.getReservations()) {
            if (r.getReservedInstance() != null
                    && r.getTimeReservedUntil() != null
                    && r.getTimeReservedUntil().getTime() > now) {
                owners.put(r.getPartition(), r.getReservedInstance());
            }
        }
        return owners;
    }

    static void sleep(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }
}
