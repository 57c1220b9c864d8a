package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The component meets the local server and the launcher only over HTTP and option names, never in code. */
class BoundaryTest {

    @Test
    void theComponentImportsNeitherTheServerNorTheLauncher() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/ocistreaming/camel"))) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            String text = Files.readString(p);
                            return text.contains("dev.ocistreaming.local") || text.contains("dev.ocistreaming.app");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }
}
