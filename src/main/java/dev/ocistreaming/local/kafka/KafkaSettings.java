package dev.ocistreaming.local.kafka;

import java.util.List;
import java.util.Objects;

/**
 * The Kafka face's settings ({@code local-server.kafka.*}).
 *
 * @param enabled whether the Kafka listener starts (default true)
 * @param port the listener's port: 9092 (the service's) by default, or a free one when the REST port
 *     is 0 (a server started on free ports gets both ports free); 0 picks a free one
 * @param compartmentId whose default stream pool serves connections that name no pool; null means
 *     the server's {@code local-server.compartment-id}
 * @param authTokens the passwords SASL PLAIN accepts when signatures are verified (auth tokens)
 * @param tls TLS on the Kafka port; default {@link KafkaTlsSettings#OFF} (plain TCP)
 */
public record KafkaSettings(
        boolean enabled, int port, String compartmentId, List<String> authTokens, KafkaTlsSettings tls) {

    /** The service's Kafka port. */
    public static final int DEFAULT_PORT = 9092;

    /** The port value of {@link #defaults()}: resolved by {@link #resolvePort(int)}. */
    static final int PORT_NOT_SET = -1;

    public KafkaSettings {
        if (port != PORT_NOT_SET && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("local-server.kafka.port must be between 0 and 65535, was " + port);
        }
        authTokens = List.copyOf(Objects.requireNonNull(authTokens, "authTokens"));
        Objects.requireNonNull(tls, "tls");
    }

    public static KafkaSettings defaults() {
        return new KafkaSettings(true, PORT_NOT_SET, null, List.of(), KafkaTlsSettings.OFF);
    }

    /** The port unless left to the default: 9092, or 0 when the REST face is on a free port too. */
    public KafkaSettings resolvePort(int restPort) {
        return port != PORT_NOT_SET ? this : withPort(restPort == 0 ? 0 : DEFAULT_PORT);
    }

    public KafkaSettings withEnabled(boolean on) {
        return new KafkaSettings(on, port, compartmentId, authTokens, tls);
    }

    public KafkaSettings withPort(int p) {
        return new KafkaSettings(enabled, p, compartmentId, authTokens, tls);
    }

    public KafkaSettings withCompartmentId(String id) {
        return new KafkaSettings(enabled, port, id == null || id.isBlank() ? null : id, authTokens, tls);
    }

    public KafkaSettings withAuthTokens(List<String> tokens) {
        return new KafkaSettings(enabled, port, compartmentId, tokens, tls);
    }

    public KafkaSettings withTls(KafkaTlsSettings settings) {
        return new KafkaSettings(enabled, port, compartmentId, authTokens, settings);
    }

    /** TLS on or off, keeping a key store set with {@link KafkaTlsSettings#withKeystore}. */
    public KafkaSettings withTls(boolean on) {
        return withTls(tls.withEnabled(on));
    }

    /** Never prints the tokens. */
    @Override
    public String toString() {
        return "KafkaSettings[enabled=" + enabled + ", port=" + port + ", compartmentId=" + compartmentId
                + ", authTokens=" + authTokens.size() + " token(s), " + tls + "]";
    }
}
