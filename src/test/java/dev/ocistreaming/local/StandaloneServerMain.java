package dev.ocistreaming.local;

import java.nio.file.Path;

/**
 * A server in its own JVM, for tests that must kill it: {@code <dataDir> <port> [fsync]}. Prints
 * {@code LISTENING <url>} once it serves, then runs until killed; answers {@code heap} on stdin with
 * {@code HEAP <bytes in use>}.
 */
public final class StandaloneServerMain {

    private StandaloneServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig.Builder b = ServerConfig.builder().dataDir(Path.of(args[0])).port(Integer.parseInt(args[1]));
        if (args.length > 2) {
            b.fsyncPolicy(FsyncPolicy.valueOf(args[2]));
        }
        LocalStreamingServer server = LocalStreamingServer.start(b.build());
        System.out.println("LISTENING " + server.url());
        System.out.flush();
        // "heap" on stdin prints the heap in use after a full GC (for the benchmark's flat-memory check)
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("heap")) {
                System.gc();
                Runtime rt = Runtime.getRuntime();
                System.out.println("HEAP " + (rt.totalMemory() - rt.freeMemory()));
                System.out.flush();
            }
        }
        Thread.currentThread().join();
    }
}
