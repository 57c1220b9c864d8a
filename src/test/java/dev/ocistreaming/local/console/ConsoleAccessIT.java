package dev.ocistreaming.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.testsupport.PublicKeys;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the console is served: on a loopback server by default; off (a 403 page or JSON saying why
 * and how to turn it on) when the server verifies signatures, listens beyond loopback, or is told
 * {@code console=off}; {@code console=on} serves it beyond loopback but cannot be combined with
 * signature verification.
 */
class ConsoleAccessIT {

    @TempDir
    Path dir;

    private LocalStreamingServer start(UnaryOperator<ServerConfig.Builder> settings) throws IOException {
        return LocalStreamingServer.start(
                settings.apply(ServerConfig.builder().port(0).dataDir(Files.createTempDirectory(dir, "data")))
                        .build());
    }

    @Test
    void onByDefaultOnLoopback() throws IOException {
        try (LocalStreamingServer server = start(b -> b)) {
            assertThat(server.consoleAccess().enabled()).isTrue();
            HttpResponse<String> page = Http.get(server.consoleUrl());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(Http.get(server.url() + "/console/api/server").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void offBeyondLoopbackUnlessTurnedOn() throws IOException {
        try (LocalStreamingServer server = start(b -> b.host("0.0.0.0"))) {
            String reason = expectOff(server);
            assertThat(reason)
                    .contains(
                            "listens on 0.0.0.0",
                            "reachable from the network",
                            "local-server.console=on",
                            "local-server.host=127.0.0.1",
                            "port " + server.port());
            assertThat(Http.get(server.url() + "/20180418/streams?compartmentId=c")
                            .statusCode())
                    .as("the OCI API is not affected")
                    .isEqualTo(200);
        }
        try (LocalStreamingServer server = start(b -> b.host("0.0.0.0").console(ConsoleMode.ON))) {
            assertThat(server.consoleAccess().enabled()).isTrue();
            assertThat(Http.get(server.consoleUrl()).statusCode()).isEqualTo(200);
            assertThat(Http.get(server.url() + "/console/api/streams").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void offWhenTurnedOff() throws IOException {
        try (LocalStreamingServer server = start(b -> b.console(ConsoleMode.OFF))) {
            assertThat(expectOff(server)).contains("local-server.console=off", "local-server.console=auto");
        }
    }

    @Test
    void offWhenSignaturesAreVerifiedAndNoPathUnderConsoleSkipsTheCheck() throws Exception {
        Path key = PublicKeys.newPemFile(dir.resolve("key.pem"));
        try (LocalStreamingServer server = start(b -> b.verifySignatures(true).apiKey(key))) {
            assertThat(expectOff(server)).contains("verifies request signatures", "a browser cannot sign");
            for (String path : new String[] {
                "/console/../20180418/streams?compartmentId=c",
                "/console/api/../../20180418/streams?compartmentId=c",
                "/console/js/app.js"
            }) {
                assertThat(Http.get(server.url() + path).statusCode()).as(path).isEqualTo(403);
            }
            // a path the /console context matches only by string prefix is the API's: its unknown-path 404
            HttpResponse<String> prefix = Http.get(server.url() + "/consolefoo");
            assertThat(prefix.statusCode()).isEqualTo(404);
            assertThat(Http.json(prefix).get("code").asText()).isEqualTo("NotFound");
            assertThat(Http.get(server.url() + "/20180418/streams?compartmentId=c")
                            .statusCode())
                    .as("the API itself still wants a signature")
                    .isEqualTo(401);
        }
    }

    @Test
    void onCannotBeCombinedWithSignatureVerification() throws Exception {
        Path key = PublicKeys.newPemFile(dir.resolve("key.pem"));
        assertThatThrownBy(() -> ServerConfig.builder()
                        .verifySignatures(true)
                        .apiKey(key)
                        .console(ConsoleMode.ON)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "local-server.console=on cannot be combined with local-server.verify-signatures=true");
    }

    @Test
    void theKeyAcceptsAutoOnOffInAnyCaseAndNamesThemOtherwise() {
        assertThat(ServerConfig.builder().build().console()).isEqualTo(ConsoleMode.AUTO);
        assertThat(ServerConfig.fromProperties(Map.of("local-server.console", "ON"))
                        .console())
                .isEqualTo(ConsoleMode.ON);
        assertThat(ServerConfig.fromProperties(Map.of("local-server.console", " off "))
                        .console())
                .isEqualTo(ConsoleMode.OFF);
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.console", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local-server.console=yes")
                .hasMessageContaining("use one of auto, on, off");
    }

    /** Asserts the 403 page and the 403 JSON, and returns the reason the page gives. */
    private static String expectOff(LocalStreamingServer server) {
        assertThat(server.consoleAccess().enabled()).isFalse();
        HttpResponse<String> page = Http.get(server.consoleUrl());
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("The local console is off", "The console is off because");
        HttpResponse<String> api = Http.get(server.url() + "/console/api/streams");
        assertThat(api.statusCode()).isEqualTo(403);
        JsonNode error = Http.json(api);
        assertThat(error.get("code").asText()).isEqualTo("ConsoleDisabled");
        assertThat(error.get("message").asText())
                .isEqualTo(server.consoleAccess().reason());
        assertThat(page.body()).contains(Html.escape(server.consoleAccess().reason()));
        return server.consoleAccess().reason();
    }
}
