package dev.ocistreaming.bridges;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK HttpServer on loopback that a bridge POSTs to. It can answer 503 for a while, be down (connection refused)
 * and come back on the same port, and it refuses with 400 any body containing {@code reject}.
 */
final class HttpTarget implements AutoCloseable {

    /** One request the target answered 2xx. */
    record Accepted(String stream, int partition, long offset, Long lastOffset, String key, String body) {}

    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int failWith;
    private HttpServer server;
    private ExecutorService threads;
    private int port;

    private HttpTarget() {}

    static HttpTarget start() throws IOException {
        HttpTarget target = new HttpTarget();
        target.listen(0);
        return target;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/events";
    }

    /** Every answer is this status (e.g. 503) until {@link #failWith(int)} with 0. */
    void failWith(int status) {
        failWith = status;
    }

    /** Closes the listening socket: connections are refused until {@link #up()}. */
    synchronized void down() {
        close();
    }

    /** Listens again, on the same port. */
    synchronized void up() throws IOException {
        listen(port);
    }

    List<Accepted> accepted() {
        return accepted;
    }

    /** Requests answered with an error status so far. */
    int refused() {
        return refused.get();
    }

    private synchronized void listen(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/events", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = failWith;
        if (status == 0 && body.contains("reject")) {
            status = 400;
        }
        if (status == 0 && !"POST".equals(exchange.getRequestMethod())) {
            status = 405;
        }
        if (status != 0) {
            refused.incrementAndGet();
            byte[] answer = ("refused: " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
            return;
        }
        var headers = exchange.getRequestHeaders();
        String last = headers.getFirst("Oci-Streaming-Last-Offset");
        accepted.add(new Accepted(
                headers.getFirst("Oci-Streaming-Stream"),
                Integer.parseInt(headers.getFirst("Oci-Streaming-Partition")),
                Long.parseLong(headers.getFirst("Oci-Streaming-Offset")),
                last == null ? null : Long.parseLong(last),
                headers.getFirst("Oci-Streaming-Key"),
                body));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }
}
