package dev.ocistreaming.local.console;

import com.sun.net.httpserver.HttpExchange;
import dev.ocistreaming.local.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The 403 a switched-off console answers: an HTML page for a browser, OCI-shaped JSON for the API. */
final class Disabled {

    static final String CODE = "ConsoleDisabled";

    private Disabled() {}

    static void send(HttpExchange exchange, String reason, boolean json) throws IOException {
        byte[] body;
        String type;
        if (json) {
            body = Json.MAPPER.writeValueAsBytes(Map.of("code", CODE, "message", reason));
            type = "application/json";
        } else {
            body = page(reason).getBytes(StandardCharsets.UTF_8);
            type = "text/html; charset=utf-8";
        }
        Replies.send(exchange, 403, type, body);
    }

    private static String page(String reason) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                // no stylesheet: it is under /console too, and refused like the rest
                + "<title>OCI Streaming local console: off</title></head>\n"
                + "<body><main><h1>The local console is off</h1>\n"
                + "<p id=\"console-off-reason\">" + Html.escape(reason) + "</p>\n"
                + "<p>The OCI Streaming API of this server is not affected. See docs/console.md.</p>"
                + "</main></body></html>\n";
    }
}
