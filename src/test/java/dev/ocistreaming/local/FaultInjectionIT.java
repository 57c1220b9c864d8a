package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.Message;
import dev.ocistreaming.testsupport.SdkClients;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opt-in fault injection: refused requests are 500/503 and have no effect. */
class FaultInjectionIT {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void injectedFaultsAre500Or503AndWriteNothing() throws Exception {
        String id;
        try (LocalStreamingServer clean = LocalStreamingServer.start(
                ServerConfig.builder().port(0).dataDir(dir).build())) {
            id = Sdk.createStream(clean.url(), "faulty", 1);
        }
        Set<String> acknowledged = new HashSet<>();
        int faults = 0;
        try (LocalStreamingServer faulty = LocalStreamingServer.start(ServerConfig.builder()
                        .port(0)
                        .dataDir(dir)
                        .faultProbability(0.5)
                        .build());
                StreamClient c = SdkClients.streamClient(faulty.url())) {
            for (int i = 0; i < 40; i++) {
                try {
                    Sdk.put(c, id, List.of(Sdk.entry("k", "m" + i)));
                    acknowledged.add("m" + i);
                } catch (BmcException e) {
                    assertThat(e.getStatusCode()).isIn(500, 503);
                    assertThat(e.getServiceCode()).isIn("InternalServerError", "ServiceUnavailable");
                    faults++;
                }
            }
        }
        assertThat(faults).isBetween(1, 39);
        try (LocalStreamingServer clean = LocalStreamingServer.start(
                        ServerConfig.builder().port(0).dataDir(dir).build());
                StreamClient c = SdkClients.streamClient(clean.url())) {
            Set<String> stored = new HashSet<>();
            for (Message m : Sdk.readAll(c, id, 0)) {
                stored.add(new String(m.getValue(), UTF_8));
            }
            assertThat(stored).isEqualTo(acknowledged);
        }
    }
}
