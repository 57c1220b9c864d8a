package dev.ocistreaming.app.bench;

import dev.ocistreaming.local.FsyncPolicy;
import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The local server in a JVM of its own, so the benchmark can measure its CPU and heap apart from the client's:
 * {@code <dataDir> <fsync>}. Prints {@code LISTENING <url> <Kafka bootstrap>}, then answers {@code heap} on stdin with
 * {@code HEAP <bytes in use after a full GC>}; ends when stdin closes.
 */
public final class ServerProcess {

    private ServerProcess() {}

    public static void main(String[] args) throws Exception {
        Configurator.setLevel("dev.ocistreaming", Level.WARN);
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .dataDir(Path.of(args[0]))
                .fsyncPolicy(FsyncPolicy.valueOf(args[1]))
                .build();
        try (LocalStreamingServer server = LocalStreamingServer.start(config);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("LISTENING " + server.url() + " " + server.kafkaBootstrapServers());
            System.out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.trim().equals("heap")) {
                    System.out.println("HEAP " + heapAfterGc());
                    System.out.flush();
                }
            }
        }
    }

    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        // two passes: the first may only queue finalizable or weakly reachable objects
        System.gc();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
