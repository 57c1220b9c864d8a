package dev.ocistreaming.local.kafka;

import dev.ocistreaming.local.AtomicFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka-tls/} folder of the data directory: the Kafka port's own key and self-signed certificate, made on
 * first start and kept, so clients configured once keep connecting across restarts.
 *
 * <ul>
 *   <li>{@code server.p12}: the private key and certificate (PKCS12, owner-only). Its protection is the file's
 *       permission, as for the cursor secret; a password kept next to it would add nothing, so it has a fixed one.
 *   <li>{@code truststore.p12}: the certificate alone (PKCS12), for Java clients' {@code ssl.truststore.location}.
 *   <li>{@code certificate.pem}: the same certificate as PEM, for librdkafka ({@code ssl.ca.location}), kafkajs and
 *       Java's {@code ssl.truststore.type=PEM}.
 * </ul>
 *
 * A key store that cannot be read stops the start with an error saying so: replacing it would silently break every
 * client that trusts the old certificate, and an unreadable file is more often a permission or a copy gone wrong,
 * which the user can repair. A certificate that expires within {@link #RENEW_BEFORE} or does not name the host clients
 * are told to connect to is replaced, with a WARN (clients need the new truststore then). The truststore and PEM are
 * derived: they are written again whenever they do not hold the key store's certificate.
 */
final class KafkaTlsFiles {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTlsFiles.class);

    static final String FOLDER = "kafka-tls";
    static final String KEY_STORE = "server.p12";
    static final String TRUST_STORE = "truststore.p12";
    static final String PEM = "certificate.pem";
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final String ALIAS = "kafka";
    /** The key store's fixed password: the file's owner-only permission protects it (see the class comment). */
    private static final char[] KEY_STORE_PASSWORD = "local-server-key".toCharArray();

    /** What {@link #loadOrCreate} found or made. */
    record Loaded(PrivateKey key, X509Certificate certificate, Path trustStore, Path pem) {

        /** SHA-256 of the certificate's DER encoding, {@code AA:BB:...}, as {@code keytool -list} shows it. */
        String fingerprint() {
            return KafkaTlsFiles.fingerprint(certificate);
        }
    }

    private KafkaTlsFiles() {}

    /**
     * Loads the key and certificate from {@code <dataDir>/kafka-tls/}, or makes them when there are none (or the
     * certificate is about to expire or does not name one of {@code names}), and writes the truststore and PEM.
     *
     * @param names the host names and IP addresses the certificate must name (what clients connect to)
     * @throws IOException when the key store exists but cannot be read, or a file cannot be written
     */
    static Loaded loadOrCreate(Path dataDir, List<String> names, Instant now) throws IOException {
        Path folder = Files.createDirectories(dataDir.resolve(FOLDER));
        Path keyStoreFile = folder.resolve(KEY_STORE);
        PrivateKey key = null;
        X509Certificate certificate = null;
        if (Files.exists(keyStoreFile)) {
            SelfSignedCertificates.KeyAndCertificate kept = read(keyStoreFile);
            key = kept.key();
            certificate = kept.certificate();
            String stale = whyReplace(certificate, names, now);
            if (stale != null) {
                LOG.warn(
                        "The Kafka port's certificate in {} {}: making a new one; clients need the new truststore {}",
                        keyStoreFile,
                        stale,
                        folder.resolve(TRUST_STORE));
                key = null;
            }
        }
        if (key == null) {
            SelfSignedCertificates.KeyAndCertificate made = make(names, now);
            key = made.key();
            certificate = made.certificate();
            writeOwnerOnly(keyStoreFile, keyStoreBytes(key, certificate));
            LOG.info(
                    "Made a self-signed certificate for the Kafka port in {} (names {}, SHA-256 {}, valid until {})",
                    keyStoreFile,
                    String.join(", ", names),
                    fingerprint(certificate),
                    certificate.getNotAfter().toInstant());
        }
        Path trustStore = folder.resolve(TRUST_STORE);
        if (!holdsOnly(trustStore, certificate)) {
            AtomicFile.write(trustStore, trustStoreBytes(certificate), true);
        }
        Path pem = folder.resolve(PEM);
        byte[] pemBytes = pem(certificate).getBytes(StandardCharsets.US_ASCII);
        if (!Files.exists(pem) || !Arrays.equals(Files.readAllBytes(pem), pemBytes)) {
            AtomicFile.write(pem, pemBytes, true);
        }
        return new Loaded(key, certificate, trustStore, pem);
    }

    private static SelfSignedCertificates.KeyAndCertificate make(List<String> names, Instant now) throws IOException {
        try {
            return SelfSignedCertificates.make(names, now);
        } catch (NoClassDefFoundError e) {
            // BouncyCastle is an optional dependency of the artifact: present in the runnable jar, maybe not in a
            // user's test classpath
            throw new IOException("local-server.kafka.tls=true needs BouncyCastle (org.bouncycastle:bcpkix-jdk18on) on"
                    + " the classpath to make the Kafka port's certificate, or a key store of your own"
                    + " (local-server.kafka.tls-keystore); missing: " + e.getMessage());
        }
    }

    private static SelfSignedCertificates.KeyAndCertificate read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e.toString());
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), KEY_STORE_PASSWORD);
            if (store.getKey(ALIAS, KEY_STORE_PASSWORD) instanceof PrivateKey key
                    && store.getCertificate(ALIAS) instanceof X509Certificate certificate) {
                return new SelfSignedCertificates.KeyAndCertificate(key, certificate);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw unreadable(file, e.toString());
        }
        throw unreadable(file, "it holds no private key and certificate named '" + ALIAS + "'");
    }

    private static IOException unreadable(Path file, String why) {
        Path folder = file.getParent();
        return new IOException("Cannot read the Kafka port's key store " + file + " (" + why + "). It holds the key"
                + " of the certificate that clients trust through " + folder.resolve(TRUST_STORE) + ", so the server"
                + " does not replace it on its own: restore the file, or delete " + folder + " to have a new"
                + " certificate made at the next start (clients then need the new truststore).");
    }

    /** Why a certificate we made earlier cannot serve any longer, or null when it can. */
    static String whyReplace(X509Certificate certificate, List<String> names, Instant now) {
        try {
            certificate.checkValidity(Date.from(now.plus(RENEW_BEFORE)));
        } catch (GeneralSecurityException e) {
            return "expires on " + certificate.getNotAfter().toInstant();
        }
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!names(certificate).contains(normalized(name))) {
                missing.add(name);
            }
        }
        return missing.isEmpty() ? null : "does not name " + String.join(", ", missing);
    }

    /** The certificate's DNS and IP subject alternative names, normalized. */
    private static List<String> names(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> n : certificate.getSubjectAlternativeNames()) {
                    out.add(normalized(String.valueOf(n.get(1))));
                }
            }
        } catch (CertificateParsingException e) {
            // no readable names: every name counts as missing, and a new certificate is made
        }
        return out;
    }

    /** Lower-case names; IP literals in the JDK's form ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike). */
    private static String normalized(String name) {
        if (SelfSignedCertificates.isIpAddress(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (IOException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean holdsOnly(Path trustStore, X509Certificate certificate) {
        if (!Files.exists(trustStore)) {
            return false;
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(
                    new ByteArrayInputStream(Files.readAllBytes(trustStore)),
                    KafkaTlsSettings.TRUST_STORE_PASSWORD.toCharArray());
            return store.size() == 1 && certificate.equals(store.getCertificate(ALIAS));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false; // derived from the key store: written again
        }
    }

    private static byte[] keyStoreBytes(PrivateKey key, X509Certificate certificate) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, KEY_STORE_PASSWORD, new Certificate[] {certificate});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, KEY_STORE_PASSWORD);
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not write the Kafka port's key store: " + e, e);
        }
    }

    private static byte[] trustStoreBytes(X509Certificate certificate) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(ALIAS, certificate);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, KafkaTlsSettings.TRUST_STORE_PASSWORD.toCharArray());
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not write the Kafka port's truststore: " + e, e);
        }
    }

    /** Written through a temporary file that is owner-only from its creation, so the key is never readable by others. */
    private static void writeOwnerOnly(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own access rules apply
        } catch (FileAlreadyExistsException e) {
            throw new IOException("Could not create " + temp + ": " + e, e);
        }
        AtomicFile.write(target, temp, content, true);
    }

    static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e); // a certificate the JDK parsed encodes again
        }
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e); // SHA-256 is in every JDK
        }
    }
}
