package dev.ocistreaming.local.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ocistreaming.local.http.Json;
import dev.ocistreaming.local.http.Response;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The 403 a switched-off console answers: an HTML page for a browser, OCI-shaped JSON for the API. */
final class Disabled {

    static final String CODE = "ConsoleDisabled";

    private Disabled() {}

    static Response answer(String reason, boolean json) {
        byte[] body;
        String type;
        if (json) {
            try {
                body = Json.MAPPER.writeValueAsBytes(Map.of("code", CODE, "message", reason));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            type = "application/json";
        } else {
            body = page(reason).getBytes(StandardCharsets.UTF_8);
            type = "text/html; charset=utf-8";
        }
        return Replies.page(403, type, body);
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
