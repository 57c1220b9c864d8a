package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.Message;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed JSON, bad Base64, huge and negative numbers, wrong methods, path tricks and random
 * bytes at every route: each answer must be an OCI-shaped 4xx, the server must stay up, and no
 * message written before may be lost or changed.
 */
class BadInputFuzzIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static String id;
    private static List<String> before;
    private static String cursor;

    @BeforeAll
    static void seed() {
        id = SERVER.createStream("fuzz", 2).getId();
        StreamClient c = SERVER.streamClient();
        Sdk.putMany(c, id, "a", "keep-", 25);
        Sdk.putMany(c, id, "b", "also-", 25);
        before = snapshot();
        cursor = Sdk.trimHorizon(c, id, 0);
    }

    private static List<String> snapshot() {
        List<String> all = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (Message m : Sdk.readAll(SERVER.streamClient(), id, p)) {
                all.add(p + "/" + m.getOffset() + "=" + Sdk.key(m) + ":" + Sdk.text(m));
            }
        }
        return all;
    }

    private static HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(SERVER.url() + path)).header("Content-Type", "application/json");
        b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer is a 4xx with the service's JSON error shape and headers. */
    private static void assertOciError(HttpResponse<String> r, String what) throws Exception {
        assertThat(r.statusCode()).as(what + " -> " + r.body()).isBetween(400, 499);
        assertThat(r.headers().firstValue("Content-Type"))
                .as(what)
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("opc-request-id")).as(what).isPresent();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").isTextual())
                .as(what + " code: " + r.body())
                .isTrue();
        assertThat(body.path("message").isTextual())
                .as(what + " message: " + r.body())
                .isTrue();
    }

    private static List<String[]> bodyRoutes() {
        String s = "/20180418/streams/" + id;
        return List.of(
                new String[] {"POST", "/20180418/streams"},
                new String[] {"PUT", s},
                new String[] {"POST", s + "/messages"},
                new String[] {"POST", s + "/cursors"},
                new String[] {"POST", s + "/groupCursors"},
                new String[] {"PUT", s + "/groups/g"},
                new String[] {"POST", "/20180418/streampools"},
                new String[] {"POST", s + "/actions/changeCompartment"});
    }

    @Test
    void malformedBodiesAreOciShaped400s() throws Exception {
        List<String> bodies = List.of(
                "",
                "{",
                "[]",
                "null",
                "\"text\"",
                "42",
                "{\"a\":1}{",
                "{\"messages\":5}",
                "{\"messages\":[]}",
                "{\"messages\":[1]}",
                "{\"messages\":[{\"value\":\"aGk=\\n\"}]}",
                "{\"messages\":[{\"value\":\"!!!!\"}]}",
                "{\"messages\":[{\"value\":\"aGk=\",\"key\":7}]}",
                "{\"messages\":[{\"key\":\"aGk=\"}]}",
                "{\"name\":\"x\",\"partitions\":1e999,\"compartmentId\":\"c\"}",
                "{\"name\":\"x\",\"partitions\":-3,\"compartmentId\":\"c\"}",
                "{\"name\":\"x\",\"partitions\":99999999999999999999999,\"compartmentId\":\"c\"}",
                "{\"name\":\"x\",\"partitions\":1.5,\"compartmentId\":\"c\"}",
                "{\"name\":\"\",\"partitions\":1,\"compartmentId\":\"c\"}",
                "{\"name\":\"" + "n".repeat(300) + "\",\"partitions\":1,\"compartmentId\":\"c\"}",
                "{\"partition\":\"0\",\"type\":\"AT_OFFSET\",\"offset\":-1}",
                "{\"partition\":\"0\",\"type\":\"AT_OFFSET\",\"offset\":9223372036854775807}",
                "{\"partition\":\"00\",\"type\":\"LATEST\"}",
                "{\"partition\":\"0\",\"type\":\"SIDEWAYS\"}",
                "{\"partition\":\"0\",\"type\":\"AT_TIME\",\"time\":\"yesterday\"}",
                "{\"groupName\":\"g\",\"type\":\"LATEST\",\"timeoutInMs\":-1}",
                "{\"groupName\":\"g\",\"type\":\"LATEST\",\"timeoutInMs\":4294967296}",
                "{\"groupName\":\"g\",\"type\":\"LATEST\",\"commitOnGet\":\"yes\"}",
                "{\"type\":\"LATEST\"}",
                "{\"freeformTags\":[1,2]}",
                "[".repeat(100) + "]".repeat(100),
                "{\"a\":" + "1".repeat(5000) + "}");
        for (String[] route : bodyRoutes()) {
            for (String body : bodies) {
                HttpResponse<String> r = send(route[0], route[1], body.getBytes(UTF_8));
                if (r.statusCode() < 300) {
                    // a few bodies are valid for some routes (e.g. UpdateStream with no change)
                    continue;
                }
                assertOciError(r, route[0] + " " + route[1] + " " + body);
            }
        }
    }

    @Test
    void randomBytesAtEveryBodyRouteAreRefused() throws Exception {
        Random random = new Random(42);
        for (String[] route : bodyRoutes()) {
            for (int i = 0; i < 20; i++) {
                byte[] junk = new byte[random.nextInt(2000) + 1];
                random.nextBytes(junk);
                assertOciError(send(route[0], route[1], junk), route[0] + " " + route[1] + " random bytes");
            }
        }
    }

    @Test
    void badQueriesWrongMethodsAndPathTricksAreRefused() throws Exception {
        String s = "/20180418/streams/" + id;
        List<String> gets = List.of(
                s + "/messages",
                s + "/messages?cursor=",
                s + "/messages?cursor=%E0%A4",
                s + "/messages?cursor=abc.def",
                s + "/messages?cursor=" + cursor + "&limit=abc",
                s + "/messages?cursor=" + cursor + "&limit=99999999999999999999",
                s + "/messages?cursor=" + cursor + "&limit=-1",
                s + "/messages?cursor=a&cursor=b",
                "/20180418/streams",
                "/20180418/streams?compartmentId=c&limit=0",
                "/20180418/streams?compartmentId=c&limit=51",
                "/20180418/streams?compartmentId=c&page=%25%25",
                "/20180418/streams?compartmentId=c&sortBy=SIZE",
                "/20180418/streams?compartmentId=c&streamPoolId=p",
                "/20180418/streams/..%2F..%2Fetc%2Fpasswd",
                "/20180418/streams/" + "x".repeat(600) + "/messages",
                s + "/groups/nope",
                "/",
                "/20180418",
                "/20180418/streams/" + id + "/nothing",
                "/etc/passwd");
        for (String path : gets) {
            assertOciError(send("GET", path, null), "GET " + path);
        }
        for (String method : List.of("PATCH", "DELETE", "PUT")) {
            HttpResponse<String> r = send(method, s + "/messages", "{}".getBytes(UTF_8));
            assertOciError(r, method + " messages");
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST");
        }
        assertThat(send("GET", "/nowhere", null).statusCode()).isEqualTo(404);
        for (String path : List.of(s + "/commit", s + "/heartbeat")) {
            assertOciError(send("POST", path, null), "POST " + path);
            assertOciError(send("POST", path + "?cursor=" + cursor, null), "partition cursor at " + path);
        }
    }

    @Test
    void oversizedBodiesAndHeadersAreRefused() throws Exception {
        byte[] huge = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> r;
        try {
            r = send("POST", "/20180418/streams/" + id + "/messages", huge);
            assertOciError(r, "9 MiB body");
        } catch (java.io.IOException closedEarly) {
            // the server may close the connection once it has refused the body; also acceptable
        }
        HttpRequest big = HttpRequest.newBuilder(URI.create(SERVER.url() + "/20180418/streams?compartmentId=c"))
                .header("x-big", "h".repeat(40_000))
                .build();
        try {
            HttpResponse<String> rh = HTTP.send(big, HttpResponse.BodyHandlers.ofString());
            assertThat(rh.statusCode()).isBetween(400, 499);
        } catch (java.io.IOException closedEarly) {
            // the JDK server may drop a connection with oversized headers; the server stays up (checked below)
        }
    }

    @Test
    void garbageThatIsNotHttpDoesNotHurtTheServer() throws Exception {
        URI u = URI.create(SERVER.url());
        Random random = new Random(7);
        for (int i = 0; i < 5; i++) {
            try (Socket socket = new Socket(u.getHost(), u.getPort())) {
                socket.setSoTimeout(300);
                byte[] junk = new byte[4096];
                random.nextBytes(junk);
                OutputStream out = socket.getOutputStream();
                out.write(junk);
                out.flush();
                socket.getInputStream().read(new byte[1024]);
            } catch (java.io.IOException expected) {
                // reset or timeout: fine, as long as the server lives
            }
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void serverIsUpAndNothingWasLost() throws Exception {
        assertThat(snapshot()).isEqualTo(before);
        HttpResponse<String> r = send("GET", "/20180418/streams/" + id, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(r.body(), Map.class)).containsEntry("name", "fuzz");
    }
}
