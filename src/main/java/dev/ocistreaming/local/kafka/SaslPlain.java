package dev.ocistreaming.local.kafka;

import java.nio.charset.StandardCharsets;

/**
 * SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, and the service's username
 * shapes: {@code <tenancy>/<user>/<stream pool OCID>} or {@code <tenancy>/<identity domain>/<user>/<stream pool OCID>}.
 */
record SaslPlain(String username, String password) {

    /** Parses the client's token; null if it is not PLAIN-shaped. */
    static SaslPlain parse(byte[] token) {
        String text = new String(token, StandardCharsets.UTF_8);
        int first = text.indexOf('\0');
        int second = first < 0 ? -1 : text.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || text.indexOf('\0', second + 1) >= 0) {
            return null;
        }
        String user = text.substring(first + 1, second);
        String pass = text.substring(second + 1);
        return user.isEmpty() ? null : new SaslPlain(user, pass);
    }

    /** The last segment of a 3- or 4-part username when it is a stream pool OCID, else null. */
    String streamPoolId() {
        String[] parts = username.split("/", -1);
        if (parts.length < 3 || parts.length > 4) {
            return null;
        }
        String last = parts[parts.length - 1];
        return last.startsWith("ocid1.streampool.") ? last : null;
    }

    @Override
    public String toString() {
        return "SaslPlain[username=" + username + "]";
    }
}
