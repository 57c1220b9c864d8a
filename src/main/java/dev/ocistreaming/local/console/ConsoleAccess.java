package dev.ocistreaming.local.console;

import java.net.InetAddress;

/**
 * Whether this server's console is served, and if not, why and how to turn it on: decided once,
 * from {@code local-server.console}, the bound address and whether signatures are verified.
 *
 * @param reason why the console is off (shown on its 403 page and in the start line); null when on
 */
public record ConsoleAccess(boolean enabled, String reason) {

    public static ConsoleAccess decide(ConsoleMode mode, InetAddress bound, int port, boolean verifySignatures) {
        if (mode == ConsoleMode.OFF) {
            return off("it is turned off by local-server.console=off. Set local-server.console=auto (on for a"
                    + " server bound to 127.0.0.1) and restart the server to use it.");
        }
        if (verifySignatures) {
            // ON with verification is refused by ServerConfig.build(), so only AUTO gets here
            return off("this server verifies request signatures (local-server.verify-signatures=true) and a browser"
                    + " cannot sign OCI API requests, which is how the console reads and changes streams. Use the"
                    + " console with a server that does not verify signatures (the default on 127.0.0.1).");
        }
        if (mode == ConsoleMode.AUTO && !bound.isLoopbackAddress()) {
            return off("the server listens on " + bound.getHostAddress() + ", which is reachable from the network,"
                    + " and neither the API nor the console checks who is calling. Bind local-server.host=127.0.0.1,"
                    + " or set local-server.console=on to serve it anyway: anyone who can reach port " + port
                    + " can then read, write, create and delete streams in a browser, as they already can through"
                    + " the API.");
        }
        return new ConsoleAccess(true, null);
    }

    private static ConsoleAccess off(String why) {
        return new ConsoleAccess(false, "The console is off because " + why);
    }
}
