package dev.ocistreaming.local.console;

import dev.ocistreaming.local.http.HttpService;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;
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
final class ConsoleAssets implements HttpService {

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
            "js/traffic.js",
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
    public Response serve(Request request) {
        String method = request.method();
        Asset asset = byPath.get(request.rawPath());
        if (asset == null) {
            return Replies.page(
                    404, "text/plain; charset=utf-8", "No such console page\n".getBytes(StandardCharsets.UTF_8));
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Replies.page(
                            405,
                            "text/plain; charset=utf-8",
                            "Only GET and HEAD are allowed here\n".getBytes(StandardCharsets.UTF_8))
                    .header("Allow", "GET, HEAD");
        }
        return Replies.page(200, asset.contentType(), asset.body());
    }
}
