package dev.ocistreaming.local.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * Sends each request under {@code /console} to the JSON API, the static pages, or, when the
 * console is off, the page that says why. Nothing under {@code /console} ever reaches the OCI API
 * routes, so the console path cannot be used to get around signature checks.
 */
final class ConsoleHandler implements HttpHandler {

    private final ConsoleAccess access;
    private final HttpHandler api;
    private final ConsoleAssets assets;
    private final HttpHandler others;

    ConsoleHandler(ConsoleAccess access, HttpHandler api, ConsoleAssets assets, HttpHandler others) {
        this.access = access;
        this.api = api;
        this.assets = assets;
        this.others = others;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals(Console.PATH) && !path.startsWith(Console.PATH + "/")) {
            others.handle(exchange);
            return;
        }
        boolean apiCall = path.startsWith(ConsoleApi.BASE + "/");
        if (!access.enabled()) {
            Disabled.send(exchange, access.reason(), apiCall);
        } else if (apiCall) {
            api.handle(exchange);
        } else {
            assets.handle(exchange);
        }
    }
}
