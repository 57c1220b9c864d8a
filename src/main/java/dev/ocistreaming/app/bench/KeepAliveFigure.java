package dev.ocistreaming.app.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A thousand clients that each hold one keep-alive connection and ask for a stream on it, all at once, round after
 * round: how many requests per second the server answers that way, how long a round of a thousand takes, and whether
 * every connection is still open at the end. Plain sockets, since a thousand SDK clients would measure the SDK.
 */
final class KeepAliveFigure {

    static final int CONNECTIONS = 1000;

    /** What one run saw. */
    record Result(int held, long requests, double seconds, double medianRoundMs, double worstRoundMs) {}

    private KeepAliveFigure() {}

    static Result run(String baseUrl, String streamId, long boxNanos) throws IOException {
        URI u = URI.create(baseUrl);
        byte[] request =
                ("GET /20180418/streams/" + streamId + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(ISO_8859_1);
        List<Socket> sockets = new ArrayList<>(CONNECTIONS);
        List<InputStream> inputs = new ArrayList<>(CONNECTIONS);
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = new Socket(u.getHost(), u.getPort());
                s.setSoTimeout(60_000);
                s.setTcpNoDelay(true);
                sockets.add(s);
                inputs.add(new BufferedInputStream(s.getInputStream(), 4096));
            }
            List<Double> rounds = new ArrayList<>();
            long requests = 0;
            long start = System.nanoTime();
            long end = start + boxNanos;
            int held = 0;
            while (rounds.size() < 2 || System.nanoTime() < end) {
                long t0 = System.nanoTime();
                for (Socket s : sockets) {
                    s.getOutputStream().write(request);
                }
                held = 0;
                for (InputStream in : inputs) {
                    if (readAnswer(in) == 200) {
                        held++;
                    }
                }
                requests += CONNECTIONS;
                rounds.add((System.nanoTime() - t0) / 1e6);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            rounds.sort(Double::compare);
            return new Result(held, requests, seconds, rounds.get(rounds.size() / 2), rounds.get(rounds.size() - 1));
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** Reads one answer (body by Content-Length); @return its status */
    private static int readAnswer(InputStream in) throws IOException {
        String status = line(in);
        int length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(status.substring(9, 12));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed a keep-alive connection");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
