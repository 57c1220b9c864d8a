package dev.ocistreaming.local.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocistreaming.local.AtomicFile;
import dev.ocistreaming.local.admin.DamagedFiles;
import dev.ocistreaming.local.group.ConsumerGroup;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns cursors into opaque strings and back: {@code base64url(json) "." base64url(hmac)}. The HMAC
 * key is kept in the data directory, so cursors survive a restart but cannot be forged or edited.
 */
final class CursorCodec {

    private static final int MAC_BYTES = 16;
    private static final String SECRET_FILE = "cursor.secret";
    private static final int SECRET_BYTES = 32;
    private static final int MAX_CURSOR_CHARS = 64 * 1024;

    private final byte[] secret;

    CursorCodec(byte[] secret) {
        this.secret = secret.clone();
    }

    /**
     * Loads the server's cursor secret, creating it (32 random bytes, owner-only) on first start. A secret that
     * cannot be one this server made (wrong length, all zero bytes as a file system can leave after a crash,
     * unreadable) is set aside and replaced: cursors signed with it are refused from then on.
     */
    static CursorCodec fromDataDir(Path dataDir, DamagedFiles damaged) throws IOException {
        Path file = dataDir.resolve(SECRET_FILE);
        if (Files.exists(file)) {
            String wrong;
            try {
                long size = Files.size(file);
                byte[] s = size == SECRET_BYTES ? Files.readAllBytes(file) : null;
                if (s != null && s.length == SECRET_BYTES && !Arrays.equals(s, new byte[SECRET_BYTES])) {
                    return new CursorCodec(s);
                }
                wrong = s == null
                        ? "it has " + size + " bytes; a secret has " + SECRET_BYTES
                        : "it holds only zero bytes";
            } catch (IOException e) {
                wrong = "it cannot be read (" + e + ")";
            }
            damaged.setAside(
                    file,
                    "the key that signs cursors",
                    "cursors issued before this start are refused (400 Invalid cursor): consumers create new ones,"
                            + " and group consumers resume at their committed offsets",
                    wrong);
        }
        byte[] s = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(s);
        AtomicFile.write(file, s, true);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        return new CursorCodec(s);
    }

    String encode(Cursor cursor) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("s", cursor.streamId());
        n.put("x", cursor.expiresAt());
        if (cursor instanceof Cursor.Partition p) {
            n.put("t", "p");
            n.put("p", p.partition());
            n.put("o", p.offset());
        } else if (cursor instanceof Cursor.Group g) {
            n.put("t", "g");
            n.put("g", g.group());
            n.put("i", g.instance());
            n.put("c", g.commitOnGet());
            n.put("to", g.timeoutMs());
            n.put("gen", g.generation());
            ObjectNode d = n.putObject("d");
            g.positions()
                    .forEach((partition, pos) ->
                            d.putArray(partition.toString()).add(pos.offset()).add(pos.epoch()));
        }
        byte[] payload;
        try {
            payload = Json.MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(mac(payload));
    }

    /** Decodes and checks a cursor: 400 if malformed, tampered with, expired, or for another stream. */
    Cursor decode(String text, String streamId, long now) {
        if (text == null || text.isEmpty()) {
            throw ApiException.missing("cursor");
        }
        int dot = text.indexOf('.');
        if (text.length() > MAX_CURSOR_CHARS || dot < 0) {
            throw invalid();
        }
        byte[] payload;
        byte[] mac;
        try {
            payload = Base64.getUrlDecoder().decode(text.substring(0, dot));
            mac = Base64.getUrlDecoder().decode(text.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            throw invalid();
        }
        Cursor c = parse(payload);
        if (!c.streamId().equals(streamId)) {
            throw ApiException.invalid("The cursor was issued for another stream");
        }
        if (c.expiresAt() < now) {
            throw ApiException.invalid("The cursor has expired; create a new cursor");
        }
        return c;
    }

    private static Cursor parse(byte[] payload) {
        try {
            JsonNode n = Json.MAPPER.readTree(payload);
            String stream = n.get("s").textValue();
            long expires = n.get("x").longValue();
            if ("p".equals(n.get("t").textValue())) {
                return new Cursor.Partition(
                        stream, n.get("p").intValue(), n.get("o").longValue(), expires);
            }
            Map<Integer, ConsumerGroup.Delivered> positions = new TreeMap<>();
            n.get("d")
                    .fields()
                    .forEachRemaining(e -> positions.put(
                            Integer.valueOf(e.getKey()),
                            new ConsumerGroup.Delivered(
                                    e.getValue().get(0).longValue(),
                                    e.getValue().get(1).longValue())));
            return new Cursor.Group(
                    stream,
                    n.get("g").textValue(),
                    n.get("i").textValue(),
                    n.get("c").booleanValue(),
                    n.get("to").intValue(),
                    n.get("gen").longValue(),
                    positions,
                    expires);
        } catch (IOException | RuntimeException e) {
            // Only reachable with our own MAC, i.e. a cursor from an incompatible version.
            throw invalid();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException invalid() {
        return ApiException.invalid("Invalid cursor");
    }
}
