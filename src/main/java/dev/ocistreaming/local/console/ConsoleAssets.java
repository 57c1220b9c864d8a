package dev.ocistreaming.local.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's pages, styles and scripts: a fixed list of files read from the jar once, served
 * from memory by exact path. Nothing a request says ever becomes a file or resource name.
 */
final class ConsoleAssets implements HttpHandler {

    private static final String RESOURCE_DIR = "/dev/ocistreaming/local/console/";

    /** Every file the console ships, relative to {@link #RESOURCE_DIR}. */
    static final List<String> FILES = List.of(
            "index.html",
            "console.css",
            "js/app.js",
            "js/api.js",
            "js/dom.js",
            "js/bytes.js",
            "js/format.js",
            "js/chart.js",
            "js/dialogs.js",
            "js/streams-page.js",
            "js/stream-page.js",
            "js/messages.js",
            "js/groups.js");

    private record Asset(String contentType, byte[] body) {}

    private final Map<String, Asset> byPath;

    private ConsoleAssets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    /** Reads every file; a missing one is a packaging bug and fails the server's start. */
    static ConsoleAssets load() {
        Map<String, Asset> byPath = new LinkedHashMap<>();
        for (String file : FILES) {
            Asset asset = new Asset(contentType(file), read(file));
            byPath.put(Console.PATH + "/" + file, asset);
            if (file.equals("index.html")) {
                byPath.put(Console.PATH, asset);
                byPath.put(Console.PATH + "/", asset);
            }
        }
        return new ConsoleAssets(Map.copyOf(byPath));
    }

    private static byte[] read(String file) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("Console file " + RESOURCE_DIR + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        throw new IllegalArgumentException("No content type for " + file);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        Asset asset = byPath.get(exchange.getRequestURI().getRawPath());
        if (asset == null) {
            Replies.send(
                    exchange,
                    404,
                    "text/plain; charset=utf-8",
                    "No such console page\n".getBytes(StandardCharsets.UTF_8));
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            Replies.send(
                    exchange,
                    405,
                    "text/plain; charset=utf-8",
                    "Only GET and HEAD are allowed here\n".getBytes(StandardCharsets.UTF_8));
        } else {
            Replies.send(exchange, 200, asset.contentType(), asset.body());
        }
    }
}
