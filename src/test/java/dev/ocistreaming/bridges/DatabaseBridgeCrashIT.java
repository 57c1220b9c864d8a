package dev.ocistreaming.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.bridges.StreamData.Stored;
import dev.ocistreaming.testsupport.JavaProcess;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream-to-database bridge as its own process (the launcher running the route file, as a user runs it), killed
 * with SIGKILL three times while a producer writes: no shutdown, open batches and transactions in flight are simply
 * gone. Each message must still be in the table exactly once. The table has no key, so a row written twice would
 * show.
 */
class DatabaseBridgeCrashIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @RegisterExtension
    static final PostgresServer DB = new PostgresServer();

    @Test
    void killedThreeTimesMidBatchWhileAProducerWritesEachMessageIsInTheTableOnce() throws Exception {
        String id = SERVER.createStream("db-crash", 3).getId();
        StreamClient client = SERVER.streamClient();
        DB.execute("CREATE TABLE crash (stream VARCHAR(255), stream_partition INTEGER, stream_offset BIGINT,"
                + " message_key TEXT, message_value TEXT, appended_at TIMESTAMP WITH TIME ZONE)");
        AtomicBoolean producing = new AtomicBoolean(true);
        CompletableFuture<Integer> producer = CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            while (producing.get()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    values.add("crash-" + sent++);
                }
                StreamData.put(client, id, StreamData.keyed(values, 30));
                sleep(100);
            }
            return sent;
        });

        int kills = 0;
        for (int run = 0; run < 3; run++) {
            long before = DB.count("SELECT count(*) FROM crash");
            try (JavaProcess bridge = startBridge()) {
                await().atMost(Duration.ofSeconds(90))
                        .failFast(
                                "the bridge process ended:\n" + String.join("\n", bridge.lines()),
                                () -> !bridge.isAlive())
                        .until(() -> DB.count("SELECT count(*) FROM crash") >= before + 200);
                bridge.kill();
                kills++;
            }
        }
        try (JavaProcess bridge = startBridge()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> DB.count("SELECT count(*) FROM crash") > 0);
            producing.set(false);
            assertThat(producer.get()).isGreaterThan(600);
            Map<Integer, List<Stored>> stream = StreamData.readAll(client, id, 3);
            DatabaseBridgeIT.awaitCommitted(client, id, "db-crash-group", stream, Duration.ofSeconds(120));
            assertThat(DB.count("SELECT count(*) FROM crash_dead")).isZero();
            assertThat(DatabaseBridgeIT.rows(DB, "crash"))
                    .containsExactlyInAnyOrderElementsOf(DatabaseBridgeIT.expectedRows("db-crash", stream));
            bridge.stop();
        }
        assertThat(kills).isEqualTo(3);
    }

    /** Two group instances, each writing its own partitions: a kill interrupts two writers at once. */
    private static JavaProcess startBridge() throws Exception {
        Map<String, String> settings = DatabaseBridgeIT.settings(DB, "db-crash", "crash");
        settings.put("bridge.db.consumers", "2");
        return DatabaseBridgeIT.startProcess(SERVER, settings);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
