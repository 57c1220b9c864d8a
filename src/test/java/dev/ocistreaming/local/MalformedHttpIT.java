package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP that a parser must refuse, sent byte for byte over a socket: every kind is answered with the service's JSON
 * error shape and an {@code opc-request-id} (never {@code text/html}, never a 500), the connection is closed where
 * the next request could not be found reliably, and the server keeps serving.
 */
class MalformedHttpIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension(b -> b.maxRequestBytes(64 * 1024)
            .http(l -> l.withMaxRequestLineBytes(2048).withMaxHeaderBytes(4096)));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String id;
    private static String messages;

    @BeforeAll
    static void stream() {
        id = SERVER.createStream("malformed", 1).getId();
        messages = "/20180418/streams/" + id + "/messages";
    }

    private record Case(String what, String request, int status) {}

    private static List<Case> cases() {
        String put = "POST " + messages + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        return List.of(
                new Case("non-numeric Content-Length", put + "Content-Length: abc\r\n\r\n{}", 400),
                new Case("negative Content-Length", put + "Content-Length: -5\r\n\r\n{}", 400),
                new Case(
                        "Content-Length with Transfer-Encoding",
                        put + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                        400),
                new Case(
                        "header line without a colon",
                        "GET /20180418/streams HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n",
                        400),
                new Case("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 405),
                new Case("HTTP/0.9 request line", "GET /\r\n\r\n", 400),
                new Case("unknown HTTP version", "GET / HTTP/7.3\r\nHost: localhost\r\n\r\n", 400),
                new Case(
                        "absurd chunk size",
                        put + "Transfer-Encoding: chunked\r\n\r\nffffffffffff\r\n{}\r\n0\r\n\r\n",
                        400),
                new Case(
                        "chunk size that is not hex",
                        put + "Transfer-Encoding: chunked\r\n\r\nxyz\r\n{}\r\n0\r\n\r\n",
                        400),
                new Case(
                        "request line over the limit",
                        "GET /20180418/streams?x=" + "a".repeat(3000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
                        414),
                new Case(
                        "headers over the limit",
                        "GET /20180418/streams HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "h".repeat(5000) + "\r\n\r\n",
                        431),
                new Case("Content-Length over the body limit", put + "Content-Length: 1000000\r\n\r\n", 413),
                new Case(
                        "chunked body over the limit",
                        put + "Transfer-Encoding: chunked\r\n\r\n"
                                + ("8000\r\n" + " ".repeat(0x8000) + "\r\n").repeat(3) + "0\r\n\r\n",
                        413));
    }

    @Test
    void everyKindIsAnOciShaped4xxAndTheConnectionIsClosed() throws Exception {
        for (Case c : cases()) {
            try (RawHttp http = new RawHttp(SERVER.url())) {
                RawHttp.Answer a = http.send(c.request()).read();
                assertThat(a.status()).as(c.what() + ": " + a.body()).isEqualTo(c.status());
                assertOciShaped(a, c.what());
                assertThat(a.header("Connection")).as(c.what()).isEqualTo("close");
                assertThat(http.closedWithin(10_000)).as(c.what() + ": closed").isTrue();
            }
        }
        // and the server is fine
        assertThat(Sdk.putMany(SERVER.streamClient(), id, "k", "after-", 3).getFailures())
                .isZero();
        assertThat(Sdk.readAll(SERVER.streamClient(), id, 0)).hasSize(3);
    }

    @Test
    void aBadPathOrQueryEscapeKeepsTheConnection() throws Exception {
        // these are answered by the API, after the request was read in full: the connection stays usable
        try (RawHttp http = new RawHttp(SERVER.url())) {
            RawHttp.Answer bad = http.send("GET /20180418/streams/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .read();
            assertOciShaped(bad, "bad escape in the path");
            assertThat(bad.status()).isEqualTo(400);
            RawHttp.Answer badQuery = http.send(
                            "GET /20180418/streams?compartmentId=%g1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .read();
            assertOciShaped(badQuery, "bad escape in the query");
            assertThat(badQuery.status()).isEqualTo(400);
            RawHttp.Answer good = http.send("GET /20180418/streams/" + id + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .read();
            assertThat(good.status()).isEqualTo(200);
            assertThat(good.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String get = "GET /20180418/streams/" + id + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String missing = "GET /20180418/streams/nope HTTP/1.1\r\nHost: localhost\r\n\r\n";
        try (RawHttp http = new RawHttp(SERVER.url())) {
            http.send(get + missing + get);
            assertThat(http.read().status()).isEqualTo(200);
            assertThat(http.read().status()).isEqualTo(404);
            assertThat(http.read().status()).isEqualTo(200);
        }
    }

    @Test
    void expectContinueIsHonoured() throws Exception {
        String body = "{\"messages\":[{\"value\":\"aGk=\"}]}";
        try (RawHttp http = new RawHttp(SERVER.url())) {
            http.send("POST " + messages + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(100);
            RawHttp.Answer a = http.send(body).read();
            assertThat(a.status()).as(a.body()).isEqualTo(200);
        }
    }

    private static void assertOciShaped(RawHttp.Answer a, String what) throws Exception {
        assertThat(a.status()).as(what).isBetween(400, 499);
        assertThat(a.header("Content-Type")).as(what).startsWith("application/json");
        assertThat(a.header("opc-request-id")).as(what).isNotBlank();
        JsonNode body = JSON.readTree(a.body());
        assertThat(body.path("code").isTextual()).as(what + ": " + a.body()).isTrue();
        assertThat(body.path("message").isTextual()).as(what + ": " + a.body()).isTrue();
    }
}
