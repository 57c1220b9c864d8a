package dev.ocistreaming.local.admin;

import java.security.SecureRandom;

/** OCID-shaped identifiers; only [a-z0-9.] so they are safe as directory names. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Ids() {}

    static String stream() {
        return "ocid1.stream.oc1.local." + random();
    }

    static String pool() {
        return "ocid1.streampool.oc1.local." + random();
    }

    private static String random() {
        StringBuilder sb = new StringBuilder(52);
        for (int i = 0; i < 52; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** True for an id this server could have made (checked before any lookup or path use). */
    static boolean plausible(String id) {
        return id != null && id.length() <= 128 && id.matches("[a-z0-9.]+");
    }
}
