package dev.ocistreaming.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** API signing keys for servers that verify signatures: a fresh RSA public key in PEM, as an API key upload holds. */
public final class PublicKeys {

    private PublicKeys() {}

    /** Writes a new 2048-bit RSA public key to {@code file} (its private half is thrown away); @return the file */
    public static Path newPemFile(Path file) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return Files.writeString(file, pem);
    }
}
