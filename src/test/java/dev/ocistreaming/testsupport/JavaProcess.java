package dev.ocistreaming.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM whose console output a test can wait on, as a user watching a terminal would.
 * stdout and stderr are merged and kept line by line.
 */
public final class JavaProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private JavaProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readOutput, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code java -jar <jar> <args>} in {@code workingDirectory}. */
    public static JavaProcess startJar(String name, Path jar, Path workingDirectory, String... args)
            throws IOException {
        return startJar(name, jar, workingDirectory, List.of(), args);
    }

    /** {@code java <jvmOptions> -jar <jar> <args>} in {@code workingDirectory}, e.g. with {@code -Dkey=value}. */
    public static JavaProcess startJar(
            String name, Path jar, Path workingDirectory, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .start();
        return new JavaProcess(name, process);
    }

    /**
     * {@code java <jvmOptions> -cp <this test run's class path> <mainClass> <args>} in {@code workingDirectory}: the
     * project's code as the tests see it, without packaging it first, in a JVM of its own (for tests that must kill
     * it). The class path goes through a temporary argument file, as it can be longer than a command line may
     * be.
     */
    public static JavaProcess startMain(
            String name, Path workingDirectory, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path argFile = java.nio.file.Files.createTempFile(name + "-classpath", ".txt");
        argFile.toFile().deleteOnExit();
        java.nio.file.Files.writeString(argFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("@" + argFile);
        command.add(mainClass);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .start();
        return new JavaProcess(name, process);
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process died; what it printed so far stays readable
        }
    }

    /** Waits for a line matching {@code regex} printed after line {@code fromLine}; returns the match. */
    public Matcher awaitLine(String regex, int fromLine, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = fromLine;
        synchronized (lines) {
            while (true) {
                for (; next < lines.size(); next++) {
                    Matcher matcher = pattern.matcher(lines.get(next));
                    if (matcher.find()) {
                        return matcher;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && next >= lines.size())) {
                    throw new AssertionError(name + ": no line matching /" + regex + "/ within " + timeout
                            + (process.isAlive() ? "" : " (process exited " + process.exitValue() + ")")
                            + "; output:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    public Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
        return awaitLine(regex, 0, timeout);
    }

    /** Every match of {@code regex}'s first group, in order, from the output so far. */
    public List<String> matches(String regex) {
        Pattern pattern = Pattern.compile(regex);
        List<String> found = new ArrayList<>();
        for (String line : lines()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** SIGKILL: no shutdown hook runs, as with {@code kill -9}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as with Ctrl+C; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
