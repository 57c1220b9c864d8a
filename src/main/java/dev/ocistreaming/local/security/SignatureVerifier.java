package dev.ocistreaming.local.security;

import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.HttpFrontend;
import dev.ocistreaming.local.http.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks OCI request signatures (HTTP Signatures, {@code rsa-sha256}) against configured API public
 * keys. A key is found by the fingerprint at the end of the signature's {@code keyId}
 * ({@code tenancy/user/fingerprint}); fingerprints are computed from the PEM files exactly as the
 * OCI console shows them (MD5 of the DER public key, colon-separated hex).
 */
public final class SignatureVerifier implements HttpFrontend.Filter {

    private static final Logger LOG = LoggerFactory.getLogger(SignatureVerifier.class);
    private static final Pattern PARAM = Pattern.compile("([a-zA-Z]+)=\"([^\"]*)\"");
    private static final long MAX_SKEW_MS = 5 * 60 * 1000;

    private final Map<String, PublicKey> keysByFingerprint;
    private final Clock clock;

    public SignatureVerifier(Map<String, PublicKey> keysByFingerprint, Clock clock) {
        this.keysByFingerprint = Map.copyOf(keysByFingerprint);
        this.clock = clock;
    }

    /** Loads PEM public keys from files and from {@code *.pem} files in directories. */
    public static SignatureVerifier fromPaths(List<Path> paths, Clock clock) {
        Map<String, PublicKey> keys = new HashMap<>();
        for (Path p : expand(paths)) {
            try {
                PublicKey key = parsePem(Files.readString(p, StandardCharsets.US_ASCII));
                String fp = fingerprint(key);
                keys.put(fp, key);
                LOG.info("Signature verification: API key {} from {}", fp, p);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read API key " + p, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "local-server.api-keys: " + p + " is not a PEM public key (" + e.getMessage() + ")", e);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("local-server.api-keys: no PEM public key found in " + paths);
        }
        return new SignatureVerifier(keys, clock);
    }

    private static List<Path> expand(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".pem")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + p, e);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** Parses {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo) RSA keys. */
    public static PublicKey parsePem(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The OCI console's fingerprint of a public key: MD5 of its DER encoding as {@code aa:bb:...}. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(key.getEncoded());
            return HexFormat.ofDelimiter(":").formatHex(md5);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void check(Request request) {
        String authorization = request.header("authorization");
        if (authorization == null || !authorization.startsWith("Signature ")) {
            throw refuse("the request is not signed");
        }
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(authorization.substring("Signature ".length()));
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String keyId = params.get("keyId");
        String headers = params.getOrDefault("headers", "date");
        String signature = params.get("signature");
        if (keyId == null
                || signature == null
                || !"rsa-sha256".equals(params.getOrDefault("algorithm", "rsa-sha256"))) {
            throw refuse("the Authorization header is malformed");
        }
        PublicKey key = keysByFingerprint.get(keyId.substring(keyId.lastIndexOf('/') + 1));
        if (key == null) {
            throw refuse("no API key with the fingerprint in keyId " + keyId);
        }
        List<String> signed = List.of(headers.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        if (!signed.contains("(request-target)")
                || !signed.contains("host")
                || !(signed.contains("date") || signed.contains("x-date"))) {
            throw refuse("the signature must cover (request-target), host and date");
        }
        checkDate(request.header(signed.contains("x-date") ? "x-date" : "date"));
        if (signed.contains("x-content-sha256")) {
            checkBodyHash(request);
        }
        if (!verify(key, signingString(request, signed), signature)) {
            throw refuse("the signature does not match");
        }
    }

    private static String signingString(Request request, List<String> signed) {
        StringBuilder sb = new StringBuilder();
        for (String h : signed) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            if (h.equals("(request-target)")) {
                sb.append("(request-target): ")
                        .append(request.method().toLowerCase(Locale.ROOT))
                        .append(' ')
                        .append(request.rawTarget());
            } else {
                String value = request.header(h);
                if (value == null) {
                    throw refuse("signed header " + h + " is missing");
                }
                sb.append(h).append(": ").append(value);
            }
        }
        return sb.toString();
    }

    private void checkDate(String date) {
        if (date == null) {
            throw refuse("the date header is missing");
        }
        try {
            long t = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
            if (Math.abs(clock.millis() - t) > MAX_SKEW_MS) {
                throw refuse("the date header is more than 5 minutes off the server's clock");
            }
        } catch (DateTimeParseException e) {
            throw refuse("the date header is not an RFC 1123 date");
        }
    }

    private static void checkBodyHash(Request request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.body());
            if (!Base64.getEncoder().encodeToString(digest).equals(request.header("x-content-sha256"))) {
                throw refuse("x-content-sha256 does not match the body");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean verify(PublicKey key, String signingString, String signatureB64) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(signingString.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signatureB64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static ApiException refuse(String why) {
        return new ApiException(
                401,
                "NotAuthenticated",
                "The required information to complete authentication was not provided or was incorrect: " + why);
    }
}
