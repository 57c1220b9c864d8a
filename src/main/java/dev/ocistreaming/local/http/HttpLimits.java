package dev.ocistreaming.local.http;

/**
 * The network layer's time and size limits ({@code local-server.http.*}). A client that breaks one gets an
 * OCI-shaped 4xx where an answer is still possible, then the connection is closed; none of them costs a thread
 * while it waits (the connection sits on an event loop until its deadline).
 *
 * @param headerTimeoutMs      from the first byte of a request until its last header line; default 10 000 (408)
 * @param bodyTimeoutMs        from the end of the headers until the last byte of the body; default 30 000 (408).
 *                             The largest body ({@code max-request-bytes}, 8 MiB) thus needs about 280 KB/s
 * @param idleTimeoutMs        a keep-alive connection with no request in progress is closed after this; default
 *                             30 000 (no answer: the connection is closed as HTTP/1.1 allows)
 * @param maxRequestLineBytes  longest request line (method, path and query, version); default 16 KiB (414)
 * @param maxHeaderBytes       all header lines together; default 32 KiB (431)
 * @param ioThreads            event loop threads that read, parse and write for every connection (shared with any
 *                             other listener of the server); default the number of cores, at least 2
 * @param maxQueuedRequests    complete requests waiting for a handler thread ({@code http-threads}); one more is
 *                             answered 503 {@code ServiceUnavailable} with {@code Retry-After: 1}; default 1024
 */
public record HttpLimits(
        long headerTimeoutMs,
        long bodyTimeoutMs,
        long idleTimeoutMs,
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int ioThreads,
        int maxQueuedRequests) {

    public static final HttpLimits DEFAULTS = new HttpLimits(
            10_000,
            30_000,
            30_000,
            16 * 1024,
            32 * 1024,
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            1024);

    public HttpLimits {
        check("http.header-timeout-ms", headerTimeoutMs, 10, 3_600_000);
        check("http.body-timeout-ms", bodyTimeoutMs, 10, 3_600_000);
        check("http.idle-timeout-ms", idleTimeoutMs, 10, 3_600_000);
        check("http.max-request-line-bytes", maxRequestLineBytes, 1024, 1024 * 1024);
        check("http.max-header-bytes", maxHeaderBytes, 1024, 1024 * 1024);
        check("http.io-threads", ioThreads, 1, 256);
        check("http.max-queued-requests", maxQueuedRequests, 1, 1_000_000);
    }

    public HttpLimits withHeaderTimeoutMs(long ms) {
        return new HttpLimits(
                ms, bodyTimeoutMs, idleTimeoutMs, maxRequestLineBytes, maxHeaderBytes, ioThreads, maxQueuedRequests);
    }

    public HttpLimits withBodyTimeoutMs(long ms) {
        return new HttpLimits(
                headerTimeoutMs, ms, idleTimeoutMs, maxRequestLineBytes, maxHeaderBytes, ioThreads, maxQueuedRequests);
    }

    public HttpLimits withIdleTimeoutMs(long ms) {
        return new HttpLimits(
                headerTimeoutMs, bodyTimeoutMs, ms, maxRequestLineBytes, maxHeaderBytes, ioThreads, maxQueuedRequests);
    }

    public HttpLimits withMaxRequestLineBytes(int bytes) {
        return new HttpLimits(
                headerTimeoutMs, bodyTimeoutMs, idleTimeoutMs, bytes, maxHeaderBytes, ioThreads, maxQueuedRequests);
    }

    public HttpLimits withMaxHeaderBytes(int bytes) {
        return new HttpLimits(
                headerTimeoutMs,
                bodyTimeoutMs,
                idleTimeoutMs,
                maxRequestLineBytes,
                bytes,
                ioThreads,
                maxQueuedRequests);
    }

    public HttpLimits withIoThreads(int n) {
        return new HttpLimits(
                headerTimeoutMs,
                bodyTimeoutMs,
                idleTimeoutMs,
                maxRequestLineBytes,
                maxHeaderBytes,
                n,
                maxQueuedRequests);
    }

    public HttpLimits withMaxQueuedRequests(int n) {
        return new HttpLimits(
                headerTimeoutMs, bodyTimeoutMs, idleTimeoutMs, maxRequestLineBytes, maxHeaderBytes, ioThreads, n);
    }

    private static void check(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
