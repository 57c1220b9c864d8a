package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One handler thread and room for one waiting request, then two hundred PutMessages at once: the excess is refused
 * at once with 503 and {@code Retry-After}, in the OCI shape, and a refused request has stored nothing.
 */
class HandlerSaturationIT {

    private static final int CLIENTS = 200;
    private static final int PER_REQUEST = 200;

    @RegisterExtension
    final LocalServerExtension server =
            new LocalServerExtension(b -> b.httpThreads(1).http(l -> l.withMaxQueuedRequests(1)));

    @Test
    void theExcessIsRefusedWith503AndStoresNothing() throws Exception {
        String id = server.createStream("busy", 1).getId();
        StringBuilder body = new StringBuilder("{\"messages\":[");
        String value = Base64.getEncoder().encodeToString(new byte[100]);
        for (int i = 0; i < PER_REQUEST; i++) {
            body.append(i == 0 ? "" : ",").append("{\"value\":\"").append(value).append("\"}");
        }
        body.append("]}");
        String request = "POST /20180418/streams/" + id + "/messages HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        List<RawHttp> clients = new ArrayList<>();
        int stored = 0;
        int refused = 0;
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new RawHttp(server.url()));
            }
            for (RawHttp c : clients) {
                c.send(request);
            }
            for (RawHttp c : clients) {
                RawHttp.Answer a = c.read();
                if (a.status() == 200) {
                    stored++;
                } else {
                    assertThat(a.status()).as(a.body()).isEqualTo(503);
                    assertThat(a.header("Retry-After")).isEqualTo("1");
                    assertThat(a.header("Content-Type")).startsWith("application/json");
                    assertThat(a.header("opc-request-id")).isNotBlank();
                    assertThat(new ObjectMapper()
                                    .readTree(a.body())
                                    .path("code")
                                    .asText())
                            .isEqualTo("ServiceUnavailable");
                    refused++;
                }
            }
        } finally {
            for (RawHttp c : clients) {
                c.close();
            }
        }
        System.out.printf("%d stored, %d refused with 503%n", stored, refused);
        assertThat(refused).isPositive();
        assertThat(stored).isPositive();
        assertThat(Sdk.readAll(server.streamClient(), id, 0)).hasSize(stored * PER_REQUEST);
    }
}
