package dev.ocistreaming.local.kafka;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the Kafka port's self-signed server certificate. The JDK has no public API that writes a certificate, so
 * BouncyCastle's certificate builder encodes it; the key pair, the signature and the parsing back are the JDK's own
 * providers (BouncyCastle is never registered as a provider). The only class that touches BouncyCastle, so the
 * library is needed only when a certificate has to be made.
 */
final class SelfSignedCertificates {

    /** Long enough that a developer's server never sees it lapse; it is trusted by pinning, not by a CA's policy. */
    static final Duration VALIDITY = Duration.ofDays(10 * 365);

    /** A key and its certificate. */
    record KeyAndCertificate(PrivateKey key, X509Certificate certificate) {}

    private SelfSignedCertificates() {}

    /**
     * A new EC P-256 key and a certificate for {@code CN=localhost} naming {@code names} as subject alternative names
     * (IP addresses as IP entries, the rest as DNS names), valid from a minute before {@code now} (clocks of clients
     * on the same machine may lag a little) for {@link #VALIDITY}.
     */
    static KeyAndCertificate make(List<String> names, Instant now) throws IOException {
        try {
            // P-256: quick to make, and every TLS stack a Kafka client uses (JSSE, OpenSSL, Node) accepts it
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=localhost");
            // positive and at most 20 bytes (RFC 5280, 4.1.2.2), and unique enough that a client never sees two alike
            BigInteger serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    serial,
                    Date.from(now.minus(Duration.ofMinutes(1))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            certificate.verify(pair.getPublic());
            return new KeyAndCertificate(pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IOException("Could not make the Kafka port's certificate: " + e, e);
        }
    }

    private static GeneralNames alternativeNames(List<String> names) {
        List<GeneralName> out = new ArrayList<>();
        for (String name : names) {
            out.add(
                    isIpAddress(name)
                            ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name));
        }
        return new GeneralNames(out.toArray(GeneralName[]::new));
    }

    /** An IPv4 or IPv6 literal (never a DNS lookup: a literal parses without one, a name is not tried). */
    static boolean isIpAddress(String name) {
        if (name.contains(":")) {
            return true;
        }
        if (!name.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(name).getHostAddress().equals(name);
        } catch (IOException e) {
            return false;
        }
    }
}
