package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ocistreaming.testsupport.KafkaClients;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka consumer groups (classic protocol) with the unmodified Java consumer. */
class KafkaGroupsIT {

    private static final int PARTITIONS = 6;
    private static final int RECORDS = 300;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT));

    @TempDir
    Path tmp;

    /** What a member saw: partition, offset, value, in the order it processed them. */
    record Seen(String member, int partition, long offset, String value) {}

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {RangeAssignor.class, CooperativeStickyAssignor.class})
    void threeMembersOverSixPartitionsLoseNothingWhenOneIsKilled(Class<?> assignor) throws Exception {
        server.createStream("work", PARTITIONS);
        String bootstrap = server.server().kafkaBootstrapServers();
        Map<TopicPartition, List<String>> produced = produce(bootstrap);

        List<Seen> seen = new CopyOnWriteArrayList<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        Map<TopicPartition, String> owners = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();

        Process child = startChild(bootstrap, assignor.getName());
        List<Thread> members = new ArrayList<>();
        try {
            Thread childOutput = drain(child, seen);
            await("the child member processes records")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> seen.stream().anyMatch(s -> s.member().startsWith("child")));
            for (String name : List.of("a", "b")) {
                Thread t = new Thread(() -> member(name, bootstrap, assignor, seen, owners, violations, stop));
                t.start();
                members.add(t);
            }
            // let the group settle with three members, then kill -9 the child mid-stream
            await("three members in a stable group")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> stableMembers(bootstrap) == 3);
            assertThat(allProcessed(produced, seen))
                    .as("the kill comes before the end")
                    .isFalse();
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            childOutput.join(5000);
            // the dead member is dropped when its session times out, and its partitions move on
            await("the killed member expires")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> stableMembers(bootstrap) == 2);

            await("every produced record is processed after the kill")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> allProcessed(produced, seen));
            await("every partition's commit reaches its end")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> committedToEnd(bootstrap, produced));
        } finally {
            stop.set(true);
            for (Thread t : members) {
                t.join(30_000);
            }
            child.destroyForcibly();
        }
        assertThat(violations).isEmpty();
        // per member, assignment and partition, offsets only go forward
        Map<String, Long> last = new ConcurrentHashMap<>();
        for (Seen s : seen) {
            String k = s.member() + "/" + s.partition();
            Long before = last.put(k, s.offset());
            if (before != null) {
                assertThat(s.offset()).as(k).isGreaterThan(before);
            }
        }
        // each record came back with the value produced at its offset
        for (Seen s : seen) {
            assertThat(produced.get(new TopicPartition("work", s.partition())).get((int) s.offset()))
                    .isEqualTo(s.value());
        }
    }

    @org.junit.jupiter.api.Test
    void committedOffsetsSurviveARestartAndTheGroupIsListedAndDescribed() throws Exception {
        server.createStream("kept", 1);
        String bootstrap = server.server().kafkaBootstrapServers();
        produce(bootstrap, "kept", 10);
        TopicPartition tp = new TopicPartition("kept", 0);
        try (KafkaConsumer<String, String> c =
                KafkaClients.consumer(bootstrap, "keeper", Map.of("max.poll.records", 4))) {
            c.subscribe(List.of("kept"));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= 4;
            });
            c.commitSync(Map.of(tp, new OffsetAndMetadata(4, "four")));
            try (Admin admin = KafkaClients.admin(bootstrap, Map.of())) {
                assertThat(admin.listConsumerGroups().all().get())
                        .anyMatch(g -> g.groupId().equals("keeper"));
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("keeper"))
                        .describedGroups()
                        .get("keeper")
                        .get();
                assertThat(d.members()).hasSize(1);
                assertThat(d.members().iterator().next().assignment().topicPartitions())
                        .containsExactly(tp);
            }
        }
        server.restart();
        try (KafkaConsumer<String, String> c = KafkaClients.consumer(bootstrap, "keeper", Map.of())) {
            assertThat(c.committed(Set.of(tp)).get(tp)).isEqualTo(new OffsetAndMetadata(4, "four"));
            c.subscribe(List.of("kept"));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= 6;
            });
            assertThat(got.get(0).offset()).isEqualTo(4);
        }
    }

    private void member(
            String name,
            String bootstrap,
            Class<?> assignor,
            List<Seen> seen,
            Map<TopicPartition, String> owners,
            List<String> violations,
            AtomicBoolean stop) {
        int[] epoch = {0};
        try (KafkaConsumer<String, String> c =
                KafkaClients.consumer(bootstrap, "workers", KafkaGroupMemberMain.settings(assignor.getName()))) {
            c.subscribe(List.of("work"), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit(c);
                    partitions.forEach(p -> owners.remove(p, name));
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    partitions.forEach(p -> owners.remove(p, name));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    epoch[0]++;
                    for (TopicPartition p : partitions) {
                        String other = owners.putIfAbsent(p, name);
                        if (other != null && !other.equals(name)) {
                            violations.add(p + " assigned to " + name + " while owned by " + other);
                        }
                    }
                }
            });
            while (!stop.get()) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    seen.add(new Seen(name + "#" + epoch[0], r.partition(), r.offset(), r.value()));
                }
                commit(c);
            }
        } catch (RuntimeException e) {
            violations.add(name + " failed: " + e);
        }
    }

    /**
     * A commit refused because the group is rebalancing is normal Kafka behaviour: the records
     * come again after the rebalance (at least once).
     */
    private static void commit(KafkaConsumer<String, String> c) {
        try {
            c.commitSync();
        } catch (RebalanceInProgressException | CommitFailedException e) {
            // retried by the next poll's rebalance; the uncommitted records are delivered again
        }
    }

    /** Members of the group "workers" when it is stable, else -1. */
    private static int stableMembers(String bootstrap) throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap, Map.of())) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("workers"))
                    .describedGroups()
                    .get("workers")
                    .get();
            return d.groupState() == org.apache.kafka.common.GroupState.STABLE
                    ? d.members().size()
                    : -1;
        }
    }

    private static boolean allProcessed(Map<TopicPartition, List<String>> produced, List<Seen> seen) {
        for (Map.Entry<TopicPartition, List<String>> e : produced.entrySet()) {
            Set<Long> offsets = new TreeSet<>();
            seen.stream().filter(s -> s.partition() == e.getKey().partition()).forEach(s -> offsets.add(s.offset()));
            if (offsets.size() < e.getValue().size()) {
                return false;
            }
        }
        return true;
    }

    private static boolean committedToEnd(String bootstrap, Map<TopicPartition, List<String>> produced)
            throws Exception {
        try (Admin admin = KafkaClients.admin(bootstrap, Map.of())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("workers")
                    .partitionsToOffsetAndMetadata()
                    .get();
            for (Map.Entry<TopicPartition, List<String>> e : produced.entrySet()) {
                OffsetAndMetadata o = committed.get(e.getKey());
                if (o == null || o.offset() != e.getValue().size()) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Map<TopicPartition, List<String>> produce(String bootstrap) throws Exception {
        return produce(bootstrap, "work", RECORDS);
    }

    private static Map<TopicPartition, List<String>> produce(String bootstrap, String topic, int count)
            throws Exception {
        Map<TopicPartition, List<String>> produced = new ConcurrentHashMap<>();
        try (KafkaProducer<String, String> p = KafkaClients.producer(bootstrap, Map.of())) {
            List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(p.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
            }
            for (int i = 0; i < count; i++) {
                RecordMetadata m = acks.get(i).get(30, TimeUnit.SECONDS);
                List<String> values = produced.computeIfAbsent(
                        m.topic() == null ? null : new TopicPartition(topic, m.partition()), k -> new ArrayList<>());
                while (values.size() <= m.offset()) {
                    values.add(null);
                }
                values.set((int) m.offset(), "value-" + i);
            }
        }
        return produced;
    }

    private Process startChild(String bootstrap, String assignor) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path cpFile = Files.writeString(tmp.resolve("cp.txt"), "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        return new ProcessBuilder(
                        java,
                        "@" + cpFile,
                        KafkaGroupMemberMain.class.getName(),
                        bootstrap,
                        "work",
                        "workers",
                        assignor)
                .redirectErrorStream(true)
                .start();
    }

    private static Thread drain(Process child, List<Seen> seen) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader out =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                        String line;
                        int epoch = 0;
                        while ((line = out.readLine()) != null) {
                            if (line.startsWith("ASSIGNED ")) {
                                epoch++;
                            } else if (line.startsWith("RECORD ")) {
                                String[] f = line.split(" ");
                                seen.add(
                                        new Seen("child#" + epoch, Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3]));
                            }
                        }
                    } catch (Exception e) {
                        // the child was killed
                    }
                },
                "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
