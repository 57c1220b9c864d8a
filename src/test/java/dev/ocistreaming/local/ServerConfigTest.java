package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.model.StreamSummary;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import dev.ocistreaming.local.http.HttpLimits;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration from properties, start-up failures that name their cause, and preloaded streams. */
class ServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig c = ServerConfig.builder().build();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8420);
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.fsyncPolicy()).isEqualTo(FsyncPolicy.ALWAYS);
        assertThat(c.cursorTtlMs()).isEqualTo(300_000);
        assertThat(c.maxGroupsPerStream()).isEqualTo(50);
        assertThat(c.throttling()).isFalse();
        assertThat(c.verifySignatures()).isFalse();
    }

    @Test
    void propertiesAreReadByKebabNameAndOthersIgnored() {
        ServerConfig c = ServerConfig.fromProperties(Map.of(
                "local-server.port",
                "0",
                "local-server.data-dir",
                "x/y",
                "local-server.fsync",
                "interval",
                "local-server.cursor-ttl-ms",
                "2000",
                "local-server.streams",
                "tutorial:1, orders:3:48",
                "local-server.throttling",
                "true",
                "camel.main.name",
                "ignored"));
        assertThat(c.port()).isZero();
        assertThat(c.dataDir()).isEqualTo(Path.of("x/y"));
        assertThat(c.fsyncPolicy()).isEqualTo(FsyncPolicy.INTERVAL);
        assertThat(c.cursorTtlMs()).isEqualTo(2000);
        assertThat(c.throttling()).isTrue();
        assertThat(c.streams())
                .containsExactly(
                        new ServerConfig.StreamSpec("tutorial", 1, 24), new ServerConfig.StreamSpec("orders", 3, 48));
    }

    @Test
    void unknownKeysAndBadValuesNameTheKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.prot", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local-server.prot")
                .hasMessageContaining("local-server.port");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.port", "70000")))
                .hasMessageContaining("local-server.port")
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.port", "abc")))
                .hasMessageContaining("local-server.port")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.fsync", "sometimes")))
                .hasMessageContaining("local-server.fsync")
                .hasMessageContaining("always, interval, never");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.throttling", "yes")))
                .hasMessageContaining("local-server.throttling")
                .hasMessageContaining("true, false");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.streams", "a:0")))
                .hasMessageContaining("local-server.streams");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.streams", "a:1:200")))
                .hasMessageContaining("local-server.streams")
                .hasMessageContaining("24 and 168");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.verify-signatures", "true")))
                .hasMessageContaining("local-server.api-keys");
    }

    @Test
    void networkLimitsAreReadFromHttpKeysAndChecked() {
        ServerConfig c = ServerConfig.fromProperties(Map.of(
                "local-server.http.header-timeout-ms", "2000",
                "local-server.http.body-timeout-ms", "3000",
                "local-server.http.idle-timeout-ms", "4000",
                "local-server.http.max-request-line-bytes", "4096",
                "local-server.http.max-header-bytes", "8192",
                "local-server.http.io-threads", "3",
                "local-server.http.max-queued-requests", "10"));
        assertThat(c.http()).isEqualTo(new HttpLimits(2000, 3000, 4000, 4096, 8192, 3, 10));
        assertThat(ServerConfig.builder().build().http()).isEqualTo(HttpLimits.DEFAULTS);
        assertThat(HttpLimits.DEFAULTS.headerTimeoutMs()).isEqualTo(10_000);
        assertThat(HttpLimits.DEFAULTS.bodyTimeoutMs()).isEqualTo(30_000);
        assertThat(HttpLimits.DEFAULTS.idleTimeoutMs()).isEqualTo(30_000);
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.http.header-timeout-ms", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local-server.http.header-timeout-ms=0")
                .hasMessageContaining("between 10 and 3600000");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.http.io-threads", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local-server.http.io-threads");
    }

    @Test
    void aPortInUseIsAnIoExceptionSayingSo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalStreamingServer.start(ServerConfig.builder()
                            .port(taken.getLocalPort())
                            .dataDir(dir)
                            .build()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already in use")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
        // the failed start released the data directory
        try (LocalStreamingServer s = LocalStreamingServer.start(
                ServerConfig.builder().port(0).dataDir(dir).build())) {
            assertThat(s.url()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(s.port()).isPositive();
            assertThatThrownBy(() -> LocalStreamingServer.start(
                            ServerConfig.builder().port(0).dataDir(dir).build()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another server");
            s.close();
            s.close(); // idempotent
        }
    }

    @Test
    void declaredStreamsAreCreatedAtStartOnce() throws IOException {
        ServerConfig config =
                ServerConfig.builder().port(0).dataDir(dir).compartmentId(SdkClients.COMPARTMENT).stream(
                                "tutorial", 1, 24)
                        .stream("orders", 3, 48)
                        .lifecycleDelayMs(60_000)
                        .build();
        for (int start = 0; start < 2; start++) {
            try (LocalStreamingServer s = LocalStreamingServer.start(config);
                    StreamAdminClient admin = SdkClients.adminClient(s.url())) {
                List<StreamSummary> streams = admin.listStreams(ListStreamsRequest.builder()
                                .compartmentId(SdkClients.COMPARTMENT)
                                .sortBy(ListStreamsRequest.SortBy.Name)
                                .build())
                        .getItems();
                assertThat(streams).extracting(StreamSummary::getName).containsExactly("orders", "tutorial");
                assertThat(streams).extracting(StreamSummary::getPartitions).containsExactly(3, 1);
                assertThat(streams)
                        .extracting(StreamSummary::getLifecycleState)
                        .containsOnly(StreamSummary.LifecycleState.Active);
            }
        }
    }
}
