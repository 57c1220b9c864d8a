package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.bmc.streaming.StreamAdminClient;
import com.oracle.bmc.streaming.model.StreamSummary;
import com.oracle.bmc.streaming.requests.ListStreamsRequest;
import dev.ocistreaming.local.http.HttpLimits;
import dev.ocistreaming.local.kafka.KafkaTlsSettings;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration from properties, start-up failures that name their cause, and preloaded streams. */
class ServerConfigIT {

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
    void everySettingButTheClockHasAPropertyKey() {
        // a setting added to the record but not to the key table could not be set from application.properties
        assertEveryComponentHasAKey(
                ServerConfig.class, "", PropertyKeys.setters().keySet());
    }

    /** A component that is itself a record (a group of settings such as {@code http}) has keys {@code group.name}. */
    private static void assertEveryComponentHasAKey(Class<?> type, String prefix, Set<String> keys) {
        for (RecordComponent c : type.getRecordComponents()) {
            String name = c.getName();
            if (name.equals("clock")) {
                continue;
            }
            String key = prefix
                    + (name.equals("fsyncPolicy")
                            ? "fsync"
                            : name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
            if (c.getType() == KafkaTlsSettings.class) {
                // one switch and its options: kafka.tls, kafka.tls-keystore, kafka.tls-keystore-password
                for (RecordComponent option : c.getType().getRecordComponents()) {
                    String optionName = option.getName();
                    assertThat(keys)
                            .as("key for " + prefix + name + "." + optionName)
                            .contains(
                                    optionName.equals("enabled")
                                            ? key
                                            : key + "-"
                                                    + optionName
                                                            .replaceAll("([A-Z])", "-$1")
                                                            .toLowerCase(Locale.ROOT));
                }
            } else if (c.getType().isRecord()) {
                assertEveryComponentHasAKey(c.getType(), key + ".", keys);
            } else {
                assertThat(keys).as("key for " + prefix + name).contains(key);
            }
        }
    }

    @Test
    void valuesOutOfRangeAreRefusedHoweverTheConfigurationIsMade() {
        assertThatThrownBy(() -> ServerConfig.builder().cursorTtlMs(0).build())
                .hasMessageContaining("local-server.cursor-ttl-ms must be between 1 and");
        assertThatThrownBy(() ->
                        ServerConfig.builder().build().toBuilder().port(-1).build())
                .hasMessageContaining("local-server.port");
        assertThat(ServerConfig.builder().cursorTtlMs(2000).build().toBuilder()
                        .port(0)
                        .build())
                .isEqualTo(ServerConfig.builder().port(0).cursorTtlMs(2000).build());
    }

    @Test
    void aCopyHoldsEveryValueInItsOwnPlace() {
        // every setting different from its default and from its neighbours of the same type: a value copied or
        // passed to the wrong component would show as a difference
        ServerConfig c = ServerConfig.fromProperties(Map.ofEntries(
                Map.entry("local-server.host", "0.0.0.0"),
                Map.entry("local-server.port", "1234"),
                Map.entry("local-server.data-dir", "d"),
                Map.entry("local-server.fsync", "never"),
                Map.entry("local-server.fsync-interval-ms", "11"),
                Map.entry("local-server.segment-bytes", "8192"),
                Map.entry("local-server.segment-max-age-ms", "13"),
                Map.entry("local-server.index-interval-bytes", "128"),
                Map.entry("local-server.cursor-ttl-ms", "17"),
                Map.entry("local-server.lifecycle-delay-ms", "19"),
                Map.entry("local-server.retention-check-interval-ms", "23"),
                Map.entry("local-server.get-max-bytes", "2048"),
                Map.entry("local-server.throttling", "true"),
                Map.entry("local-server.write-bytes-per-second", "4096"),
                Map.entry("local-server.gets-per-second", "29"),
                Map.entry("local-server.fault-probability", "0.5"),
                Map.entry("local-server.max-groups-per-stream", "31"),
                Map.entry("local-server.max-partitions", "37"),
                Map.entry("local-server.max-request-bytes", "100000"),
                Map.entry("local-server.http-threads", "41"),
                Map.entry("local-server.streams", "a:2:48"),
                Map.entry("local-server.compartment-id", "ocid1.compartment.oc1..x"),
                Map.entry("local-server.verify-signatures", "true"),
                Map.entry("local-server.api-keys", "keys"),
                Map.entry("local-server.console", "off")));
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(List.of(c.fsyncIntervalMs(), c.segmentMaxAgeMs(), c.cursorTtlMs(), c.lifecycleDelayMs()))
                .containsExactly(11L, 13L, 17L, 19L);
        assertThat(List.of(c.getsPerSecond(), c.maxGroupsPerStream(), c.maxPartitions(), c.httpThreads()))
                .containsExactly(29, 31, 37, 41);
        assertThat(List.of(c.segmentBytes(), c.writeBytesPerSecond(), c.retentionCheckIntervalMs()))
                .containsExactly(8192L, 4096L, 23L);
        assertThat(List.of(c.indexIntervalBytes(), c.getMaxBytes(), c.maxRequestBytes()))
                .containsExactly(128, 2048, 100000);
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
