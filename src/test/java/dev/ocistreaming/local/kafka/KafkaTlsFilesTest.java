package dev.ocistreaming.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka port's generated certificate in the data directory: made once, kept, replaced only for a reason. */
class KafkaTlsFilesTest {

    private static final List<String> NAMES = List.of("localhost", "127.0.0.1", "kafka.example.test");
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void theFirstStartMakesAKeyStoreATrustStoreAndAPemForTheNamesClientsUse() throws Exception {
        KafkaTlsFiles.Loaded made = KafkaTlsFiles.loadOrCreate(dataDir, NAMES, NOW);

        Path folder = dataDir.resolve("kafka-tls");
        assertThat(Files.getPosixFilePermissions(folder.resolve("server.p12")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(folder).isDirectoryNotContaining("glob:**.tmp");
        X509Certificate cert = made.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(
                        List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(2, "kafka.example.test"));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(cert.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(cert.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(3000)));
        cert.verify(cert.getPublicKey()); // self-signed

        // the truststore holds the certificate alone, under the documented password
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(
                new ByteArrayInputStream(Files.readAllBytes(made.trustStore())),
                KafkaTlsSettings.TRUST_STORE_PASSWORD.toCharArray());
        assertThat(trust.size()).isEqualTo(1);
        assertThat(trust.getCertificate(trust.aliases().nextElement())).isEqualTo(cert);
        assertThat(trust.isCertificateEntry(trust.aliases().nextElement())).isTrue();
        // the PEM is the same certificate
        X509Certificate fromPem = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(made.pem()));
        assertThat(fromPem).isEqualTo(cert);
        assertThat(made.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void laterStartsKeepTheCertificateAndRewriteMissingOrDamagedDerivedFiles() throws Exception {
        KafkaTlsFiles.Loaded first = KafkaTlsFiles.loadOrCreate(dataDir, NAMES, NOW);
        byte[] keyStore = Files.readAllBytes(dataDir.resolve("kafka-tls/server.p12"));

        KafkaTlsFiles.Loaded again = KafkaTlsFiles.loadOrCreate(dataDir, NAMES, NOW.plus(Duration.ofDays(400)));
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(Files.readAllBytes(dataDir.resolve("kafka-tls/server.p12"))).isEqualTo(keyStore);

        Files.delete(first.trustStore());
        Files.writeString(first.pem(), "not a certificate");
        KafkaTlsFiles.Loaded repaired = KafkaTlsFiles.loadOrCreate(dataDir, List.of("localhost"), NOW);
        assertThat(repaired.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(Files.readString(repaired.pem())).isEqualTo(KafkaTlsFiles.pem(first.certificate()));
        assertThat(Files.exists(repaired.trustStore())).isTrue();
    }

    @Test
    void anUnreadableKeyStoreStopsTheStartAndIsLeftAsItWas() throws Exception {
        KafkaTlsFiles.loadOrCreate(dataDir, NAMES, NOW);
        Path keyStore = dataDir.resolve("kafka-tls/server.p12");
        byte[] damaged = Files.readAllBytes(keyStore);
        damaged[damaged.length / 2] ^= 0x5a;
        Files.write(keyStore, damaged);

        assertThatThrownBy(() -> KafkaTlsFiles.loadOrCreate(dataDir, NAMES, NOW))
                .hasMessageContaining("Cannot read the Kafka port's key store " + keyStore)
                .hasMessageContaining("restore the file, or delete " + keyStore.getParent());
        assertThat(Files.readAllBytes(keyStore)).isEqualTo(damaged);

        Files.write(keyStore, new byte[0]);
        assertThatThrownBy(() -> KafkaTlsFiles.loadOrCreate(dataDir, NAMES, NOW))
                .hasMessageContaining("Cannot read the Kafka port's key store");
    }

    @Test
    void aCertificateAboutToExpireOrNotNamingTheAdvertisedHostIsReplaced() throws Exception {
        KafkaTlsFiles.Loaded first = KafkaTlsFiles.loadOrCreate(dataDir, NAMES, NOW);
        Instant lateInItsLife = first.certificate().getNotAfter().toInstant().minus(Duration.ofDays(29));
        KafkaTlsFiles.Loaded renewed = KafkaTlsFiles.loadOrCreate(dataDir, NAMES, lateInItsLife);
        assertThat(renewed.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(renewed.certificate().getNotAfter().toInstant()).isAfter(lateInItsLife.plus(Duration.ofDays(3000)));

        List<String> moved = List.of("localhost", "127.0.0.1", "10.1.2.3");
        KafkaTlsFiles.Loaded forNewHost = KafkaTlsFiles.loadOrCreate(dataDir, moved, lateInItsLife);
        assertThat(forNewHost.fingerprint()).isNotEqualTo(renewed.fingerprint());
        assertThat(forNewHost.certificate().getSubjectAlternativeNames()).contains(List.of(7, "10.1.2.3"));
        // the truststore follows the key store
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(Files.newInputStream(forNewHost.trustStore()), KafkaTlsSettings.TRUST_STORE_PASSWORD.toCharArray());
        assertThat(trust.getCertificate(trust.aliases().nextElement())).isEqualTo(forNewHost.certificate());
    }

    @Test
    void ipv6AddressesAreComparedAsAddresses() throws Exception {
        KafkaTlsFiles.Loaded made = KafkaTlsFiles.loadOrCreate(dataDir, List.of("localhost", "::1"), NOW);
        assertThat(KafkaTlsFiles.whyReplace(made.certificate(), List.of("0:0:0:0:0:0:0:1", "LOCALHOST"), NOW))
                .isNull();
        assertThat(KafkaTlsFiles.whyReplace(made.certificate(), List.of("127.0.0.1"), NOW))
                .isEqualTo("does not name 127.0.0.1");
    }
}
