package dev.ocistreaming.local.admin;

import dev.ocistreaming.local.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Entity tags: a short hash of id and version, so every change gives a new tag. */
final class Etags {

    private Etags() {}

    static String of(String id, long version) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest((id + "#" + version).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 412 {@code NoEtagMatch} unless {@code ifMatch} is absent, {@code *}, or the current tag. */
    static void check(String ifMatch, String current) {
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(current)) {
            throw new ApiException(412, "NoEtagMatch", "The if-match value does not match the current etag");
        }
    }
}
