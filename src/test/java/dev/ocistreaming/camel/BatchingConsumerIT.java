package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.PartitionReservation;
import com.oracle.bmc.streaming.model.Stream;
import com.oracle.bmc.streaming.requests.GetGroupRequest;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * batching=true: one exchange per poll and partition, whose body is the list of that partition's message exchanges;
 * its manual commit acknowledges all of them, and a failure of it delivers all of them again.
 */
class BatchingConsumerIT extends ComponentTestSupport {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    /** One delivered exchange: its partition header and its messages as partition/offset/body/attempt. */
    record Group(String partition, List<Received> messages, OciStreamingManualCommit commit) {}

    @Test
    void eachExchangeHoldsOnePartitionsMessagesInOrderAndItsCommitCoversThemAll() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("batching"), 3);
        put(SERVER, stream.getId(), "m", 60, 60);
        List<Group> groups = new CopyOnWriteArrayList<>();
        startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId()
                                + "?groupName=g&instanceName=i&commitMode=MANUAL&batching=true&maxMessagesPerPoll=25")
                        .process(e -> groups.add(group(e)));
            }
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> groups.stream().mapToInt(g -> g.messages().size()).sum() >= 60);

        List<String> bodies = new ArrayList<>();
        Map<String, Long> lastOffsets = new TreeMap<>();
        for (Group g : groups) {
            assertThat(g.messages()).isNotEmpty();
            assertThat(g.messages()).allSatisfy(m -> assertThat(m.partition()).isEqualTo(g.partition()));
            List<Long> offsets = g.messages().stream().map(Received::offset).toList();
            assertThat(offsets).isSorted().doesNotHaveDuplicates();
            g.messages().forEach(m -> bodies.add(m.body()));
            lastOffsets.merge(g.partition(), offsets.get(offsets.size() - 1), Math::max);
        }
        assertThat(bodies).as("every message once").hasSize(60).doesNotHaveDuplicates();
        assertThat(groups.size()).as("fewer exchanges than messages").isLessThan(60);

        groups.forEach(g -> g.commit().commit());
        assertThat(committed(stream)).isEqualTo(lastOffsets);
    }

    @Test
    void theBodyGivesItsMessagesAndTheirCommitsWithoutMakingTheirExchanges() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("batching-body"), 1);
        put(SERVER, stream.getId(), "m", 20, 20);
        List<OciStreamingBatchBody> bodies = new CopyOnWriteArrayList<>();
        startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=i&commitMode=MANUAL&batching=true")
                        .process(e -> bodies.add(e.getIn().getBody(OciStreamingBatchBody.class)));
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> !bodies.isEmpty());

        OciStreamingBatchBody body = bodies.get(0);
        assertThat(body).hasSize(20);
        int last = body.size() - 1;
        assertThat(body.message(last).getOffset()).isEqualTo(19L);
        assertThat(body.manualCommit(last).commit()).isTrue();
        assertThat(committed(stream)).containsEntry("0", 19L);
        for (int i = 0; i < body.size(); i++) {
            Received made = received(body.get(i));
            assertThat(body.message(i).getOffset()).isEqualTo(made.offset());
            assertThat(new String(body.message(i).getValue(), StandardCharsets.UTF_8))
                    .isEqualTo(made.body());
        }
    }

    @Test
    void aFailedExchangeDeliversAllItsMessagesAgainWithTheNextAttempt() throws Exception {
        Stream stream = SERVER.createStream(uniqueName("batching-failure"), 1);
        put(SERVER, stream.getId(), "m", 10, 1);
        List<Group> groups = new CopyOnWriteArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        startContext(SERVER, new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:" + stream.getId() + "?groupName=g&instanceName=i&batching=true")
                        .process(e -> {
                            groups.add(group(e));
                            if (failed.compareAndSet(false, true)) {
                                throw new IllegalStateException("the first delivery fails");
                            }
                        });
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> groups.size() >= 2);

        assertThat(groups.get(0).messages())
                .hasSize(10)
                .allSatisfy(m -> assertThat(m.attempt()).isEqualTo(1));
        assertThat(groups.get(1).messages())
                .extracting(Received::body)
                .containsExactlyElementsOf(
                        groups.get(0).messages().stream().map(Received::body).toList());
        assertThat(groups.get(1).messages())
                .allSatisfy(m -> assertThat(m.attempt()).isEqualTo(2));
    }

    private static Group group(Exchange e) {
        List<?> messages = e.getIn().getBody(List.class);
        List<Received> received = new ArrayList<>();
        for (Object m : messages) {
            received.add(received((Exchange) m));
        }
        return new Group(
                e.getIn().getHeader(OciStreamingConstants.PARTITION, String.class),
                received,
                e.getIn().getHeader(OciStreamingConstants.MANUAL_COMMIT, OciStreamingManualCommit.class));
    }

    private static Map<String, Long> committed(Stream stream) {
        Map<String, Long> committed = new TreeMap<>();
        var group = SERVER.streamClient()
                .getGroup(GetGroupRequest.builder()
                        .streamId(stream.getId())
                        .groupName("g")
                        .build())
                .getGroup();
        for (PartitionReservation r :
                group.getReservations() == null ? List.<PartitionReservation>of() : group.getReservations()) {
            if (r.getCommittedOffset() != null) {
                committed.put(r.getPartition(), r.getCommittedOffset());
            }
        }
        return committed;
    }
}
