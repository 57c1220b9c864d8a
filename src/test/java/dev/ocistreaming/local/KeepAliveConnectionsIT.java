package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thousand clients that each keep a connection open: all are held at once, each is served on its own connection
 * again and again, and SDK calls beside them are answered.
 */
class KeepAliveConnectionsIT {

    private static final int CONNECTIONS = 1000;

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.http(l -> l.withIdleTimeoutMs(120_000)));

    @Test
    void aThousandKeepAliveConnectionsAreHeldAndServed() throws Exception {
        String id = server.createStream("held", 1).getId();
        StreamClient client = server.streamClient();
        String get = "GET /20180418/streams/" + id + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                held.add(new RawHttp(server.url()));
            }
            for (int round = 0; round < 2; round++) {
                // all requests sent first, so the server has a thousand requests on a thousand connections at once
                for (RawHttp c : held) {
                    c.send(get);
                }
                for (RawHttp c : held) {
                    RawHttp.Answer a = c.read();
                    assertThat(a.status()).isEqualTo(200);
                    assertThat(a.header("Connection")).isEqualTo("keep-alive");
                }
                assertThat(Sdk.putMany(client, id, "k", "round-" + round + "-", 10)
                                .getFailures())
                        .isZero();
            }
            for (RawHttp c : held) {
                assertThat(c.closedWithin(1)).as("still open").isFalse();
            }
        } finally {
            for (RawHttp c : held) {
                c.close();
            }
        }
        assertThat(Sdk.readAll(client, id, 0)).hasSize(20);
    }
}
