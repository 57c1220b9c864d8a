package dev.ocistreaming.local.console;

import java.util.Locale;

/**
 * Whether the server serves the browser console at {@code /console} ({@code local-server.console}).
 * The console has no login of its own: the browser calls the server's unsigned API, so it can only
 * be as closed as that API is. {@link ConsoleAccess} applies the rules.
 */
public enum ConsoleMode {
    /**
     * On when the server is bound to a loopback address and does not verify signatures; off
     * otherwise, with a page saying why. The default.
     */
    AUTO,
    /**
     * On wherever the server is bound, for a machine whose network is trusted: anyone who can
     * reach the port can use the console, as they already can use the API. Cannot be combined with
     * signature verification (a browser cannot sign OCI requests).
     */
    ON,
    /** Never served; {@code /console} answers 403 saying how to turn it on. */
    OFF;

    /** Parses {@code auto}, {@code on}, {@code off} (any case). */
    public static ConsoleMode parse(String key, String value) {
        for (ConsoleMode m : values()) {
            if (m.name().equalsIgnoreCase(value.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException(key + "=" + value + " is not allowed; use one of auto, on, off");
    }

    /** As written in properties. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
