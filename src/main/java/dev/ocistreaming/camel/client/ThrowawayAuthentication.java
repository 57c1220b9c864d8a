package dev.ocistreaming.camel.client;

import com.oracle.bmc.Region;
import com.oracle.bmc.auth.BasicAuthenticationDetailsProvider;
import com.oracle.bmc.auth.SimpleAuthenticationDetailsProvider;
import com.oracle.bmc.auth.StringPrivateKeySupplier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Credentials for a server that does not check signatures, such as the local server.
 *
 * <p>The OCI SDK signs every request and parses the private key when a client is built, so even an
 * endpoint that ignores signatures needs a well-formed RSA key. One key is generated per JVM and
 * never leaves it.
 */
public final class ThrowawayAuthentication {

    /** Tenancy OCID sent in the signature's keyId; the local server shows it in its logs. */
    public static final String TENANCY = "ocid1.tenancy.oc1..local";

    public static final String USER = "ocid1.user.oc1..local";
    public static final String FINGERPRINT = "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00";

    private ThrowawayAuthentication() {}

    public static BasicAuthenticationDetailsProvider provider() {
        return SimpleAuthenticationDetailsProvider.builder()
                .tenantId(TENANCY)
                .userId(USER)
                .fingerprint(FINGERPRINT)
                .privateKeySupplier(new StringPrivateKeySupplier(Holder.PEM))
                // Any region: it only silences the SDK's "Region not specified" warning; an explicit endpoint wins.
                .region(Region.US_ASHBURN_1)
                .build();
    }

    /** Lazily generates the key: 2048-bit RSA keygen costs tens of milliseconds. */
    private static final class Holder {
        static final String PEM = generatePem();

        private static String generatePem() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded());
                return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("RSA is not available in this JVM", e);
            }
        }
    }
}
