package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that start a request and never finish it must not keep anyone else waiting: with 100 connections of each
 * stalling kind open (one byte then nothing; headers that never end; a body trickled after a 1 MiB Content-Length;
 * a connection that sends nothing), SDK calls are answered as usual, no thread is spent per connection, and each
 * stalled connection is answered 408 (or, when idle, closed) after its documented time limit.
 */
class StalledConnectionsIT {

    private static final int HEADER_TIMEOUT_MS = 1500;
    private static final int BODY_TIMEOUT_MS = 2500;
    private static final int IDLE_TIMEOUT_MS = 3500;
    private static final int EACH = 100;
    /** Generous: the machine may be busy with other builds. */
    private static final long ANSWER_BOUND_MS = 5000;

    @RegisterExtension
    final LocalServerExtension server =
            new LocalServerExtension(b -> b.http(l -> l.withHeaderTimeoutMs(HEADER_TIMEOUT_MS)
                    .withBodyTimeoutMs(BODY_TIMEOUT_MS)
                    .withIdleTimeoutMs(IDLE_TIMEOUT_MS)));

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void stalledConnectionsStarveNobodyAndAreClosedAfterTheirLimits() throws Exception {
        String id = server.createStream("stalled", 1).getId();
        StreamClient client = server.streamClient();
        Sdk.putMany(client, id, "k", "warm-", 10); // the SDK's connection is open before the stallers come

        List<RawHttp> oneByte = new ArrayList<>();
        List<RawHttp> endlessHeaders = new ArrayList<>();
        List<RawHttp> trickledBodies = new ArrayList<>();
        List<RawHttp> silent = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        long opened;
        try {
            for (int i = 0; i < EACH; i++) {
                oneByte.add(new RawHttp(server.url()).send("P"));
                endlessHeaders.add(new RawHttp(server.url())
                        .send("GET /20180418/streams/" + id + " HTTP/1.1\r\nHost: localhost\r\n"));
                trickledBodies.add(new RawHttp(server.url())
                        .send("POST /20180418/streams/" + id + "/messages HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{"));
                silent.add(new RawHttp(server.url()));
            }
            opened = System.nanoTime();
            // every 200 ms: one more header line, one more byte of body, forever
            trickle.scheduleAtFixedRate(
                    () -> {
                        endlessHeaders.forEach(c -> c.trySend("X-More: 1\r\n"));
                        trickledBodies.forEach(c -> c.trySend(" "));
                    },
                    200,
                    200,
                    TimeUnit.MILLISECONDS);

            // the server is not starved: each call answered within the bound, while all 400 are still open
            long[] latencies = new long[20];
            for (int i = 0; i < latencies.length; i += 2) {
                long t0 = System.nanoTime();
                assertThat(Sdk.putMany(client, id, "k", "during-" + i + "-", 5).getFailures())
                        .isZero();
                latencies[i] = (System.nanoTime() - t0) / 1_000_000;
                t0 = System.nanoTime();
                assertThat(Sdk.readAll(client, id, 0)).isNotEmpty();
                latencies[i + 1] = (System.nanoTime() - t0) / 1_000_000;
            }
            long sdkDone = (System.nanoTime() - opened) / 1_000_000;
            Arrays.sort(latencies);
            System.out.printf(
                    "SDK calls beside %d stalled connections: median %d ms, max %d ms (all done %d ms after they"
                            + " opened)%n",
                    4 * EACH, latencies[latencies.length / 2], latencies[latencies.length - 1], sdkDone);
            assertThat(latencies[latencies.length - 1]).isLessThan(ANSWER_BOUND_MS);
            // the stallers cost no thread: the server has no more than its fixed pools
            ServerConfig config = server.server().config();
            assertThat(serverThreads())
                    .as("server threads while 400 connections stall")
                    .isLessThanOrEqualTo(config.httpThreads() + config.http().ioThreads() + 2);
            if (sdkDone < HEADER_TIMEOUT_MS - 300) {
                // not closed before their time (only checkable when the SDK part was quick enough)
                assertThat(oneByte.get(0).closedWithin(100)).isFalse();
                assertThat(trickledBodies.get(0).closedWithin(100)).isFalse();
            }

            // each kind answered 408 in the OCI shape and closed, once its limit has passed (with a margin)
            assertAnswered408AndClosed(oneByte, "one byte", opened, HEADER_TIMEOUT_MS);
            assertAnswered408AndClosed(endlessHeaders, "endless headers", opened, HEADER_TIMEOUT_MS);
            assertAnswered408AndClosed(trickledBodies, "trickled body", opened, BODY_TIMEOUT_MS);
            for (RawHttp c : silent) {
                assertThat(c.closedWithin(IDLE_TIMEOUT_MS + 10_000))
                        .as("silent connection closed")
                        .isTrue();
            }
            long allClosed = (System.nanoTime() - opened) / 1_000_000;
            assertThat(allClosed).isGreaterThanOrEqualTo(IDLE_TIMEOUT_MS - 200);
        } finally {
            trickle.shutdownNow();
            for (List<RawHttp> kind : List.of(oneByte, endlessHeaders, trickledBodies, silent)) {
                for (RawHttp c : kind) {
                    c.close();
                }
            }
        }
        // nothing of the trickled bodies was written; the SDK's messages all were
        assertThat(Sdk.readAll(client, id, 0)).hasSize(10 + 10 * 5);
    }

    /**
     * The REST face's threads: handler pool, event loops, acceptor, maintenance (the Kafka face's own fixed pools, idle
     * here, are not counted).
     */
    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t ->
                        t.getName().startsWith("oci-local-") && !t.getName().startsWith("oci-local-kafka"))
                .count();
    }

    private static void assertAnswered408AndClosed(List<RawHttp> connections, String kind, long opened, long limitMs)
            throws Exception {
        for (RawHttp c : connections) {
            RawHttp.Answer a = c.read();
            long at = (System.nanoTime() - opened) / 1_000_000;
            assertThat(a.status()).as(kind + ": " + a.body()).isEqualTo(408);
            assertThat(a.header("Content-Type")).as(kind).startsWith("application/json");
            assertThat(a.header("opc-request-id")).as(kind).isNotBlank();
            assertThat(JSON.readTree(a.body()).path("code").asText()).isEqualTo("RequestTimeout");
            assertThat(c.closedWithin(10_000)).as(kind + " closed").isTrue();
            assertThat(at).as(kind + " answered after its limit").isGreaterThanOrEqualTo(limitMs - 200);
        }
    }
}
