package dev.ocistreaming.local;

import dev.ocistreaming.local.kafka.KafkaSettings;
import java.nio.file.Path;

/**
 * A server in its own JVM, for tests that must kill it: {@code <dataDir> <port> [fsync [segmentBytes]]}, the Kafka
 * face on a free port. Prints {@code LISTENING <url>} and {@code KAFKA <bootstrap>} once it serves, then runs until
 * killed.
 */
public final class StandaloneServerMain {

    private StandaloneServerMain() {}

    public static void main(String[] args) throws Exception {
        ServerConfig.Builder b =
                ServerConfig.builder().dataDir(Path.of(args[0])).port(Integer.parseInt(args[1]));
        if (args.length > 2) {
            b.fsyncPolicy(FsyncPolicy.valueOf(args[2]));
        }
        if (args.length > 3) {
            b.segmentBytes(Long.parseLong(args[3]));
        }
        b.kafka(KafkaSettings.defaults().withPort(0));
        LocalStreamingServer server = LocalStreamingServer.start(b.build());
        System.out.println("LISTENING " + server.url());
        System.out.println("KAFKA " + server.kafkaBootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
