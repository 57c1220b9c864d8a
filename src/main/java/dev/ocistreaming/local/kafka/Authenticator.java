package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.admin.PoolInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL PLAIN as the service uses it: the username names the stream pool; with signatures verified
 * (the REST face's {@code verify-signatures}) SASL is required and the password must be one of the
 * configured auth tokens. Without verification any password is accepted, as the REST face accepts
 * unsigned requests.
 */
final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final TopicDirectory topics;
    private final boolean required;
    private final List<byte[]> tokens;

    Authenticator(TopicDirectory topics, boolean required, List<String> authTokens) {
        this.topics = topics;
        this.required = required;
        this.tokens =
                authTokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Before authentication only the handshake APIs are allowed, when SASL is required. */
    boolean mayUse(Session session, ApiKeys key) {
        return !required
                || session.authenticated()
                || key == ApiKeys.API_VERSIONS
                || key == ApiKeys.SASL_HANDSHAKE
                || key == ApiKeys.SASL_AUTHENTICATE;
    }

    SaslAuthenticateResponseData authenticate(Session session, SaslAuthenticateRequestData request) {
        SaslAuthenticateResponseData r = new SaslAuthenticateResponseData().setAuthBytes(new byte[0]);
        if (!session.handshakeDone() || session.authenticated()) {
            return r.setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                    .setErrorMessage("SaslAuthenticate must follow one SaslHandshake for PLAIN");
        }
        SaslPlain plain = SaslPlain.parse(request.authBytes());
        if (plain == null) {
            return r.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                    .setErrorMessage("Malformed SASL PLAIN token");
        }
        if (required && !knownToken(plain.password())) {
            LOG.info(
                    "Kafka authentication failed for {} (user {}): not a configured auth token",
                    session.describe(),
                    plain.username());
            return r.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                    .setErrorMessage("Authentication failed: the password is not an auth token this server accepts"
                            + " (local-server.kafka.auth-tokens)");
        }
        String named = plain.streamPoolId();
        PoolInfo pool = named == null ? null : topics.livePool(named);
        String poolId = pool != null ? pool.id() : topics.defaultPoolId();
        session.authenticated(poolId);
        LOG.debug(
                "Kafka connection of {} authenticated as {}, stream pool {}",
                session.describe(),
                plain.username(),
                poolId);
        return r;
    }

    private boolean knownToken(String password) {
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] t : tokens) {
            // constant time, and no early exit: the answer's timing says nothing about the tokens
            found |= MessageDigest.isEqual(t, given);
        }
        return found;
    }
}
