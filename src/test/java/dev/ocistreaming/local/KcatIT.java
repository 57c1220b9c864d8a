package dev.ocistreaming.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.oracle.bmc.streaming.model.Message;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kcat (librdkafka, an independent Kafka implementation) against the Kafka face: it produces what
 * the REST API reads, and consumes what the REST API wrote. Skipped when kcat is not installed
 * (Debian package {@code kcat}; {@code .ci/run} installs it).
 */
class KcatIT {

    @RegisterExtension
    final LocalServerExtension server = new LocalServerExtension(b -> b.compartmentId(SdkClients.COMPARTMENT));

    @Test
    void kcatProducesAndConsumesOnTheSameStreamsAsTheRestApi() throws Exception {
        String kcat = onPath("kcat");
        assumeTrue(kcat != null, "kcat is not installed (Debian package kcat)");
        String id = server.createStream("kcat", 1).getId();
        String bootstrap = server.server().kafkaBootstrapServers();

        Process producer = new ProcessBuilder(kcat, "-b", bootstrap, "-t", "kcat", "-P", "-K", ":", "-p", "0")
                .redirectErrorStream(true)
                .start();
        producer.getOutputStream().write("k1:one\nk2:two\n".getBytes(StandardCharsets.UTF_8));
        producer.getOutputStream().close();
        assertThat(producer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(producer.exitValue())
                .as(new String(producer.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();

        List<Message> rest = Sdk.readAll(server.streamClient(), id, 0);
        assertThat(rest).extracting(Sdk::key).containsExactly("k1", "k2");
        assertThat(rest).extracting(Sdk::text).containsExactly("one", "two");

        Sdk.put(server.streamClient(), id, List.of(Sdk.entry("k3", "three")));
        Process consumer = new ProcessBuilder(
                        kcat, "-b", bootstrap, "-t", "kcat", "-C", "-o", "beginning", "-e", "-f", "%k=%s@%o\\n")
                .redirectErrorStream(false)
                .start();
        assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(consumer.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out.lines().toList()).as(err).containsExactly("k1=one@0", "k2=two@1", "k3=three@2");
    }

    static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
