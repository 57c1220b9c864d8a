package dev.ocistreaming.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the launcher's server settings come from, and in which order they win. */
class AppPropertiesTest {

    @TempDir
    Path workingDirectory;

    @Test
    void bundledDefaultsApplyWithoutALocalFile() {
        AppProperties properties = AppProperties.load(workingDirectory, new Properties());

        assertThat(properties.localServerEnabled()).isTrue();
        assertThat(properties.localServerSettings())
                .containsEntry("local-server.port", "8420")
                .doesNotContainKey(AppProperties.SERVER_ENABLED);
    }

    @Test
    void localFileOverridesBundledAndSystemPropertiesOverrideBoth() throws Exception {
        Files.writeString(
                workingDirectory.resolve("application.properties"),
                "local-server.port = 9000\nlocal-server.data-dir = here\n");
        Properties system = new Properties();
        system.setProperty("local-server.port", "9100");
        system.setProperty("local-server.enabled", "false");
        system.setProperty("unrelated.key", "ignored");

        AppProperties properties = AppProperties.load(workingDirectory, system);

        assertThat(properties.localServerEnabled()).isFalse();
        assertThat(properties.localServerSettings())
                .containsEntry("local-server.port", "9100")
                .containsEntry("local-server.data-dir", "here")
                .doesNotContainKey("unrelated.key");
    }

    @Test
    void anyKeyReadsTheLocalFileBeforeTheBundledOne() throws Exception {
        Files.writeString(workingDirectory.resolve("application.properties"), "bridge.db.batch-size = 50\n");

        AppProperties properties = AppProperties.load(workingDirectory, new Properties());

        assertThat(properties.value("bridge.db.batch-size")).contains("50");
        assertThat(properties.value("bridge.db.table")).contains("oci_stream_messages");
        assertThat(properties.value("no.such.key")).isEmpty();
    }

    @Test
    void enabledMustBeABoolean() {
        Properties system = new Properties();
        system.setProperty("local-server.enabled", "yes");

        AppProperties properties = AppProperties.load(workingDirectory, system);

        assertThatThrownBy(properties::localServerEnabled)
                .hasMessageContaining("local-server.enabled must be true or false, was 'yes'");
    }
}
