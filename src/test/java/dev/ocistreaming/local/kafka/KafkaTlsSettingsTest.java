package dev.ocistreaming.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocistreaming.local.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code local-server.kafka.tls*} keys: read, checked, and never printed with the password. */
class KafkaTlsSettingsTest {

    @Test
    void tlsIsOffUnlessAskedFor() {
        KafkaSettings plain = ServerConfig.fromProperties(Map.of()).kafka();
        assertThat(plain.tls()).isEqualTo(KafkaTlsSettings.OFF);
        assertThat(plain.tls().enabled()).isFalse();
        assertThat(ServerConfig.fromProperties(Map.of("local-server.kafka.tls", "false"))
                        .kafka()
                        .tls()
                        .enabled())
                .isFalse();
    }

    @Test
    void tlsTrueMeansTheGeneratedCertificate() {
        KafkaTlsSettings tls = ServerConfig.fromProperties(Map.of("local-server.kafka.tls", "TRUE"))
                .kafka()
                .tls();
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.keystore()).isNull();
        assertThat(tls.keystorePassword()).isNull();
        assertThat(tls.toString()).isEqualTo("tls=on, generated certificate");
    }

    @Test
    void aKeyStoreOfYourOwnIsReadWithItsPasswordWhichIsNeverPrinted() {
        ServerConfig c = ServerConfig.fromProperties(Map.of(
                "local-server.kafka.tls", "true",
                "local-server.kafka.tls-keystore", "/etc/kafka/server.p12",
                "local-server.kafka.tls-keystore-password", "s3cret-pass"));
        KafkaTlsSettings tls = c.kafka().tls();
        assertThat(tls.keystore()).isEqualTo(Path.of("/etc/kafka/server.p12"));
        assertThat(tls.keystorePassword()).isEqualTo("s3cret-pass");
        assertThat(c.kafka().toString())
                .contains("keystore /etc/kafka/server.p12")
                .doesNotContain("s3cret");
        assertThat(c.toString()).doesNotContain("s3cret");
        // the switch keeps the key store, so a flag can turn TLS on over a properties file that names one
        assertThat(c.kafka().withTls(false).withTls(true).tls()).isEqualTo(tls);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.kafka.tls", "yes")))
                .hasMessageContaining("local-server.kafka.tls=yes")
                .hasMessageContaining("allowed values are true, false");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.kafka.tls-keystore", " ")))
                .hasMessageContaining("local-server.kafka.tls-keystore")
                .hasMessageContaining("a value is required");
        assertThatThrownBy(() -> ServerConfig.fromProperties(
                        Map.of("local-server.kafka.tls", "true", "local-server.kafka.tls-keystore-password", "x")))
                .hasMessageContaining("local-server.kafka.tls-keystore-password")
                .hasMessageContaining("local-server.kafka.tls-keystore is not");
        assertThatThrownBy(() -> ServerConfig.fromProperties(Map.of("local-server.kafka.tls-certificate", "x")))
                .hasMessageContaining("Unknown key local-server.kafka.tls-certificate")
                .hasMessageContaining("local-server.kafka.tls-keystore-password");
    }
}
