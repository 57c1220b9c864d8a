package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web pages cannot reach the server: a request over loopback naming a foreign Host (DNS rebinding) or carrying a
 * foreign Origin (a cross-site POST) is refused with 403 before it has any effect; SDKs, curl and the console itself
 * are not affected.
 */
class BrowserRequestGuardIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static LocalStreamingServer server;
    private static StreamClient client;
    private static String streamId;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = LocalStreamingServer.start(
                ServerConfig.builder().port(0).dataDir(dir).build());
        port = URI.create(server.url()).getPort();
        client = SdkClients.streamClient(server.url());
        streamId = Sdk.createStream(server.url(), "guarded", 1);
        Sdk.putMany(client, streamId, null, "before", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void foreignHostOverLoopbackIsRefusedAndWritesNothing() throws Exception {
        long before = messages();
        Reply reply = put("evil.example:" + port, null);
        assertThat(reply.status).isEqualTo(403);
        assertThat(reply.json().path("code").asText()).isEqualTo("Forbidden");
        assertThat(reply.json().path("message").asText()).contains("evil.example", "not a loopback name");
        assertThat(messages()).isEqualTo(before);
    }

    @Test
    void foreignOriginIsRefusedAndWritesNothing() throws Exception {
        long before = messages();
        Reply reply = put("127.0.0.1:" + port, "https://evil.example");
        assertThat(reply.status).isEqualTo(403);
        assertThat(reply.json().path("message").asText()).contains("Cross-origin", "https://evil.example");
        // a sandboxed page or a file:// page sends "null"
        assertThat(put("127.0.0.1:" + port, "null").status).isEqualTo(403);
        // a page on another local port is another origin too
        assertThat(put("127.0.0.1:" + port, "http://127.0.0.1:" + (port + 1)).status)
                .isEqualTo(403);
        assertThat(messages()).isEqualTo(before);
    }

    @Test
    void consoleIsGuardedToo() throws Exception {
        assertThat(request("GET", "/console", "evil.example:" + port, null, null).status)
                .isEqualTo(403);
        assertThat(request("GET", "/console/api/streams", "127.0.0.1:" + port, "http://evil.example", null).status)
                .isEqualTo(403);
        assertThat(request("GET", "/console", "127.0.0.1:" + port, null, null).status)
                .isEqualTo(200);
    }

    @Test
    void loopbackNamesAndSameOriginPass() throws Exception {
        long before = messages();
        assertThat(put("localhost:" + port, null).status).isEqualTo(200);
        assertThat(put("LOCALHOST", null).status).isEqualTo(200);
        assertThat(put("app.localhost:" + port, null).status).isEqualTo(200);
        assertThat(put("127.0.0.1:" + port, "http://127.0.0.1:" + port).status).isEqualTo(200);
        assertThat(put("localhost:" + port, "http://localhost:" + port).status).isEqualTo(200);
        assertThat(messages()).isEqualTo(before + 5);
    }

    private static long messages() {
        return Sdk.readAll(client, streamId, 0).size();
    }

    private static Reply put(String host, String origin) throws Exception {
        String value = Base64.getEncoder().encodeToString("from a browser".getBytes(UTF_8));
        return request(
                "POST",
                "/20180418/streams/" + streamId + "/messages",
                host,
                origin,
                "{\"messages\":[{\"value\":\"" + value + "\"}]}");
    }

    /** A raw HTTP/1.1 request: the JDK's HttpClient does not let a caller choose the Host header. */
    private static Reply request(String method, String path, String host, String origin, String body) throws Exception {
        byte[] content = body == null ? new byte[0] : body.getBytes(UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        if (origin != null) {
            head.append("Origin: ").append(origin).append("\r\n");
        }
        head.append("Content-Type: application/json\r\nContent-Length: ")
                .append(content.length)
                .append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(UTF_8));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Reply(status, split < 0 ? "" : text.substring(split + 4));
        }
    }

    private record Reply(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }
}
