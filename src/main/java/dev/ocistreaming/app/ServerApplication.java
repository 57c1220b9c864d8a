package dev.ocistreaming.app;

import dev.ocistreaming.local.LocalStreamingServer;
import dev.ocistreaming.local.ServerConfig;
import java.util.concurrent.CountDownLatch;

/** The local server alone, until Ctrl+C or SIGTERM; its start line names the URL. */
final class ServerApplication {

    private final ServerConfig config;

    ServerApplication(ServerConfig config) {
        this.config = config;
    }

    void run() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStreamingServer server = LocalStreamingServer.start(config);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "local-server-shutdown"));
        stopped.await();
    }
}
