package dev.ocistreaming.local.console;

import dev.ocistreaming.local.http.Response;

/** Builds the console's non-API answers, each with headers that keep a page from running anything but our files. */
final class Replies {

    /**
     * Scripts and styles only from our own files (no inline code, so injected markup could not run),
     * requests only to this server, never framed.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    private Replies() {}

    static Response page(int status, String contentType, byte[] body) {
        return Response.bytes(status, contentType, body)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                // assets are read from the jar at start: a restarted, upgraded server must not be shadowed by a cache
                .header("Cache-Control", "no-cache");
    }
}
