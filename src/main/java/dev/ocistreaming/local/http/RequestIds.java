package dev.ocistreaming.local.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Makes each answer's {@code opc-request-id}: the client's id (if sane) followed by ours, like the service's. */
final class RequestIds {

    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9/_.:-]{1,98}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    static String next(String fromClient) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String ours = HexFormat.of().withUpperCase().formatHex(b);
        return fromClient != null && CLIENT_REQUEST_ID.matcher(fromClient).matches() ? fromClient + "/" + ours : ours;
    }
}
