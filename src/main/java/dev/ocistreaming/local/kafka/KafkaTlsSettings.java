package dev.ocistreaming.local.kafka;

import java.nio.file.Path;

/**
 * TLS on the Kafka port ({@code local-server.kafka.tls*}).
 *
 * @param enabled whether the Kafka port speaks TLS only (default false: plain TCP). Clients then use
 *     {@code security.protocol=SSL} or {@code SASL_SSL}, as against the service
 * @param keystore a PKCS12 key store holding the server's private key and certificate chain; null (the default) means
 *     the server's own self-signed certificate, made in {@code <data-dir>/kafka-tls/} on first start and kept
 * @param keystorePassword the password of {@link #keystore}; null means an empty password
 */
public record KafkaTlsSettings(boolean enabled, Path keystore, String keystorePassword) {

    /**
     * The password of the generated truststore ({@code <data-dir>/kafka-tls/truststore.p12}), for clients'
     * {@code ssl.truststore.password}. Not a secret: a truststore holds only the public certificate, and Java's
     * PKCS12 format wants a password to check the file's integrity; it is printed in the start line and documented.
     */
    public static final String TRUST_STORE_PASSWORD = "local-server";

    /** Plain TCP. */
    public static final KafkaTlsSettings OFF = new KafkaTlsSettings(false, null, null);

    public KafkaTlsSettings {
        if (keystorePassword != null && keystore == null) {
            // properties are applied in key order, so tls-keystore is always seen before tls-keystore-password
            throw new IllegalArgumentException("local-server.kafka.tls-keystore-password is set but"
                    + " local-server.kafka.tls-keystore is not: the password is the key store's");
        }
    }

    public KafkaTlsSettings withEnabled(boolean on) {
        return new KafkaTlsSettings(on, keystore, keystorePassword);
    }

    /** Brings your own key store instead of the generated certificate; {@code password} may be null (empty). */
    public KafkaTlsSettings withKeystore(Path file, String password) {
        return new KafkaTlsSettings(enabled, file, password);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return enabled ? "tls=on, " + (keystore == null ? "generated certificate" : "keystore " + keystore) : "tls=off";
    }
}
