package dev.ocistreaming.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ocistreaming.testsupport.JavaProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark stopped half-way, as with Ctrl+C, leaves no PostgreSQL of its own running and no data folder behind:
 * the server is a process of its own, which the JVM's exit alone does not end.
 */
class BenchStopIT {

    private static final Path JAR = Path.of("target", "camel-oci-streaming-app.jar");

    @Test
    void aBenchStoppedWhileItsPostgresRunsStopsItAndDeletesItsData(@TempDir Path folder) throws Exception {
        assumeTrue(TemporaryPostgres.find().isPresent(), "skipped: " + TemporaryPostgres.absentReason());
        // the bench's temporary folders go here; as root, PostgreSQL runs as user postgres, who must be able to enter
        Path temporary = Files.createDirectories(folder.resolve("tmp"));
        for (Path p : List.of(folder, temporary)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        try (JavaProcess bench = JavaProcess.startJar(
                "bench",
                JAR,
                folder,
                List.of("-Djava.io.tmpdir=" + temporary),
                "bench",
                "--quick",
                "--figures",
                "database")) {
            // printed once the bench's PostgreSQL runs
            bench.awaitLine("stream -> PostgreSQL: ", Duration.ofMinutes(2));
            assertThat(postgresProcessesUnder(temporary)).isNotEmpty();

            bench.stop();
        }

        assertThat(postgresProcessesUnder(temporary)).isEmpty();
        try (Stream<Path> left = Files.list(temporary)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("postgres-"));
        }
    }

    /** The command lines of the processes that run from a data folder under {@code folder}. */
    private static List<String> postgresProcessesUnder(Path folder) throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(BenchStopIT::commandLine)
                    .filter(command -> command.contains("postgres") && command.contains(folder.toString()))
                    .toList();
        }
    }

    private static String commandLine(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return ""; // ended meanwhile
        }
    }
}
