package dev.ocistreaming.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for servers a test starts itself (the local server takes port 0 and says which it got). */
public final class Ports {

    private Ports() {}

    /** A port free right now; another process could take it before the test binds it, which is rare enough here. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
