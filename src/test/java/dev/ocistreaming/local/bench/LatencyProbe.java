package dev.ocistreaming.local.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;

/** Prints the median round trip of a small request over loopback (raw JDK client, no signing). */
public final class LatencyProbe {
    public static void main(String[] args) throws Exception {
        try (LocalStreamingServer s = LocalStreamingServer.start(ServerConfig.builder().port(0)
                .dataDir(Files.createTempDirectory("probe")).build())) {
            HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create(s.url() + "/20180418/streams?compartmentId=x")).build();
            HttpRequest post = HttpRequest.newBuilder(URI.create(s.url() + "/20180418/streams"))
                    .POST(HttpRequest.BodyPublishers.ofString("{")).build();
            for (HttpRequest r : new HttpRequest[] {get, post}) {
                long[] t = new long[200];
                for (int i = 0; i < t.length; i++) {
                    long t0 = System.nanoTime();
                    c.send(r, HttpResponse.BodyHandlers.ofString());
                    t[i] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(t);
                System.out.printf("%s p50 %.2f ms%n", r.method(), t[100] / 1e6);
            }
        }
    }
}
