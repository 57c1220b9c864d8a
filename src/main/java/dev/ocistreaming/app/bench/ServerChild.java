package dev.ocistreaming.app.bench;

import dev.ocistreaming.local.FsyncPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The benchmark's handle on a {@link ServerProcess}: its URL, Kafka bootstrap address, CPU time and heap. */
final class ServerChild implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final String url;
    private final String kafkaBootstrap;

    private ServerChild(Process process) throws Exception {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "bench-server-output");
        reader.setDaemon(true);
        reader.start();
        String line = answers.poll(60, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("LISTENING ")) {
            process.destroyForcibly();
            throw new IOException("the server process did not start: " + line);
        }
        String[] addresses = line.substring("LISTENING ".length()).trim().split(" ");
        this.url = addresses[0];
        this.kafkaBootstrap = addresses[1];
    }

    /** Starts a server JVM with this JVM's class path (the runnable jar, or the test class path). */
    static ServerChild start(Path dataDir, FsyncPolicy fsync) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path argFile = Files.createTempFile("bench-server", ".args");
        Files.writeString(argFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        argFile.toFile().deleteOnExit();
        Process process = new ProcessBuilder(
                        java, "@" + argFile, ServerProcess.class.getName(), dataDir.toString(), fsync.name())
                .redirectErrorStream(true)
                .start();
        return new ServerChild(process);
    }

    private void readOutput() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("LISTENING ") || line.startsWith("HEAP ")) {
                    answers.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    String url() {
        return url;
    }

    /** @return the Kafka face's {@code bootstrap.servers} */
    String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    long cpuNanos() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }

    /** @return the server's heap in use after a full GC */
    long heap() throws Exception {
        OutputStream in = process.getOutputStream();
        in.write("heap\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        String line = answers.poll(60, TimeUnit.SECONDS);
        if (line == null) {
            throw new IOException("the server process did not report its heap");
        }
        return Long.parseLong(line.substring("HEAP ".length()).trim());
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
