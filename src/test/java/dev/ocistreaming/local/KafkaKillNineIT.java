package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.testsupport.KafkaClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the server while a Kafka producer with acks=all is writing: every record the
 * producer was told is written (fsync=always) is there after a restart, at the offset it was given.
 */
class KafkaKillNineIT {

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedRecordIsLostWhenTheServerIsKilledMidProduce() throws Exception {
        Path data = dir.resolve("data");
        Process child = startChild(data);
        Map<Long, String> acked = new ConcurrentHashMap<>();
        try {
            String bootstrap = awaitLine(child, "KAFKA ");
            try (KafkaProducer<String, String> producer = KafkaClients.producer(
                    bootstrap,
                    Map.of(
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000))) {
                for (int i = 0; i < 5000 && child.isAlive(); i++) {
                    String value = "record-" + i;
                    producer.send(new ProducerRecord<>("durable", 0, null, value), (m, e) -> {
                        if (e == null) {
                            acked.put(m.offset(), value);
                        }
                    });
                    if (i == 1000) {
                        // killed while later sends are still in flight, not between batches
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (acked.size() < 200 && System.nanoTime() < until) {
                            Thread.sleep(1);
                        }
                        child.destroyForcibly();
                    }
                }
            } catch (org.apache.kafka.common.KafkaException e) {
                // the server is gone: sends fail, which is what a killed broker looks like
            }
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(200);

        try (LocalStreamingServer restarted = LocalStreamingServer.start(
                        ServerConfig.builder().port(0).dataDir(data).build());
                KafkaConsumer<String, String> consumer =
                        KafkaClients.consumer(restarted.kafkaBootstrapServers(), null, Map.of())) {
            TopicPartition tp = new TopicPartition("durable", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.size() < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            Map<Long, String> stored = new ConcurrentHashMap<>();
            got.forEach(r -> stored.put(r.offset(), r.value()));
            for (Map.Entry<Long, String> a : acked.entrySet()) {
                assertThat(stored.get(a.getKey())).as("offset " + a.getKey()).isEqualTo(a.getValue());
            }
        }
    }

    private Process startChild(Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path cpFile = Files.writeString(dir.resolve("cp.txt"), "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        return new ProcessBuilder(
                        java, "@" + cpFile, StandaloneServerMain.class.getName(), data.toString(), "0", "ALWAYS")
                .redirectErrorStream(true)
                .start();
    }

    private static String awaitLine(Process child, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread drain = new Thread(
                () -> {
                    try {
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (line.startsWith(prefix)) {
                                found.complete(line.substring(prefix.length()).trim());
                            }
                        }
                    } catch (Exception e) {
                        found.completeExceptionally(e);
                    }
                    found.completeExceptionally(new IllegalStateException("child exited before " + prefix));
                },
                "child-output");
        drain.setDaemon(true);
        drain.start();
        return found.get(60, TimeUnit.SECONDS);
    }
}
