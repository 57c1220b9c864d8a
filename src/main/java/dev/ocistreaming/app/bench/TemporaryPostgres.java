package dev.ocistreaming.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own on a temporary data folder and a free loopback port, from the binaries of an
 * installed PostgreSQL (Debian's {@code postgresql} package: {@code /usr/lib/postgresql/<version>/bin}). PostgreSQL
 * refuses to run as root, so as root the server runs as the unprivileged {@code postgres} user the package creates.
 * Used by the benchmark and by the tests; {@link #find()} says whether the machine has PostgreSQL at all.
 *
 * <pre>
 * try (TemporaryPostgres db = TemporaryPostgres.find().orElseThrow().start(true)) {
 *     String url = db.jdbcUrl();      // user {@value #USER}, no password (trust on loopback)
 *     db.stop(); db.start();          // the same data and port again
 * }
 * </pre>
 */
public final class TemporaryPostgres implements AutoCloseable {

    /** The superuser initdb creates; loopback connections need no password. */
    public static final String USER = "bridge";

    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final String SERVICE_USER = "postgres";

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean durable;
    /**
     * Closes the server when the JVM exits without {@link #close()} (SIGTERM, Ctrl+C, System.exit): PostgreSQL runs
     * as processes of its own, and a benchmark stopped half-way left one running, with its data folder.
     */
    private final Thread closeAtExit = new Thread(this::closeOnce, "temporary-postgres-stop");

    private final AtomicBoolean closed = new AtomicBoolean();

    private TemporaryPostgres(Path bin, Path dataDir, int port, boolean durable) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.durable = durable;
    }

    /** The newest installed PostgreSQL's binary folder, or empty with no PostgreSQL on this machine. */
    public static Optional<Path> find() {
        if (!Files.isDirectory(INSTALLATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(TemporaryPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Why {@link #find()} is empty, for a skip message. */
    public static String absentReason() {
        return "no PostgreSQL installed (looked for " + INSTALLATIONS + "/<version>/bin/initdb; Debian: apt-get install"
                + " postgresql)";
    }

    /**
     * Creates a data folder with initdb and starts the server on it.
     *
     * @param durable false turns fsync off: quicker tests, but a machine crash could lose committed data (the
     *     server process being killed cannot)
     */
    public static TemporaryPostgres start(Path bin, boolean durable) throws IOException {
        if (isRoot() && !serviceUserExists()) {
            throw new IOException("running as root, and there is no '" + SERVICE_USER + "' user to run PostgreSQL as");
        }
        Path dataDir = Files.createTempDirectory("postgres-");
        TemporaryPostgres db = new TemporaryPostgres(bin, dataDir, freePort(), durable);
        Runtime.getRuntime().addShutdownHook(db.closeAtExit);
        try {
            if (isRoot()) {
                run(List.of("chown", SERVICE_USER, dataDir.toString()));
            }
            db.runAsServiceUser(
                    List.of(
                            bin.resolve("initdb").toString(),
                            "-D",
                            dataDir.resolve("pgdata").toString(),
                            "-U",
                            USER,
                            "--auth=trust",
                            "-E",
                            "UTF8",
                            "--locale=C",
                            "--no-sync"),
                    120);
            db.start();
            return db;
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Starts the server (again) on its data folder and port; returns once it accepts connections. */
    public void start() throws IOException {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir + " -c fsync="
                + (durable ? "on" : "off") + " -c max_connections=100";
        runAsServiceUser(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dataDir.resolve("pgdata").toString(),
                        "-l",
                        dataDir.resolve("server.log").toString(),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        "60",
                        "start"),
                90);
    }

    /** Stops the server, ending every connection at once (pg_ctl's fast mode); its data stays. */
    public void stop() throws IOException {
        pgCtlStop("fast", 90);
    }

    /** {@code pg_ctl stop} in one of its modes ({@code fast}: end connections; {@code immediate}: no clean shutdown). */
    private void pgCtlStop(String mode, int seconds) throws IOException {
        runAsServiceUser(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dataDir.resolve("pgdata").toString(),
                        "-m",
                        mode,
                        "-w",
                        "stop"),
                seconds);
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; user {@value #USER}, no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    /**
     * CPU time the server used so far, all its processes together (Linux; -1 elsewhere or when it does not run): what
     * a figure costs the database, beside what it costs the JVM.
     */
    public long cpuNanos() {
        try {
            String pid = Files.readAllLines(
                            dataDir.resolve("pgdata").resolve("postmaster.pid"), StandardCharsets.US_ASCII)
                    .get(0)
                    .trim();
            return ProcessTreeCpu.nanos(Long.parseLong(pid));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The server's log, for a failing test's message. */
    public String log() {
        try {
            return Files.readString(dataDir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server if it runs and deletes its data folder (once; at the JVM's exit if not before). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(closeAtExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook closes, or has closed, the server
        }
        closeOnce();
    }

    private void closeOnce() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Files.exists(dataDir.resolve("pgdata").resolve("postmaster.pid"))) {
            try {
                pgCtlStop("immediate", 60);
            } catch (IOException | RuntimeException e) {
                // the folder goes anyway; a server left behind dies with its data folder's lock file
            }
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private void runAsServiceUser(List<String> command, int timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        full.addAll(command);
        run(full, timeoutSeconds);
    }

    private static void run(List<String> command) throws IOException {
        run(command, 30);
    }

    private static void run(List<String> command, int timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            // pg_ctl start leaves the server holding the pipe: read only what is there once the command ended
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                byte[] output = process.getInputStream()
                        .readNBytes(process.getInputStream().available());
                throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + command.get(0), e);
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean serviceUserExists() {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream()
                    .anyMatch(line -> line.startsWith(SERVICE_USER + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
