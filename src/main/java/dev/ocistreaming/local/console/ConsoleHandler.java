package dev.ocistreaming.local.console;

import dev.ocistreaming.local.http.HttpService;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;

/**
 * Sends each request under {@code /console} to the JSON API, the static pages, or, when the
 * console is off, the page that says why; everything else goes to the OCI API. Nothing under
 * {@code /console} ever reaches the OCI API routes, so the console path cannot be used to get
 * around signature checks.
 */
final class ConsoleHandler implements HttpService {

    private final ConsoleAccess access;
    private final HttpService api;
    private final ConsoleAssets assets;
    private final HttpService others;

    ConsoleHandler(ConsoleAccess access, HttpService api, ConsoleAssets assets, HttpService others) {
        this.access = access;
        this.api = api;
        this.assets = assets;
        this.others = others;
    }

    @Override
    public Response serve(Request request) {
        String path = request.rawPath();
        if (!path.equals(Console.PATH) && !path.startsWith(Console.PATH + "/")) {
            return others.serve(request);
        }
        boolean apiCall = path.startsWith(ConsoleApi.BASE + "/");
        if (!access.enabled()) {
            return Disabled.answer(access.reason(), apiCall);
        }
        return apiCall ? api.serve(request) : assets.serve(request);
    }
}
