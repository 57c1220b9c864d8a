package dev.ocistreaming.local.kafka;

import java.net.SocketAddress;
import java.util.HashSet;
import java.util.Set;

/** What the server knows about one Kafka connection: who it is, whether it authenticated, which pool it uses. */
final class Session {

    private final SocketAddress remote;
    private volatile String clientId = "";
    private volatile boolean handshakeDone;
    private volatile boolean authenticated;
    /** The stream pool this connection's topics live in; the default pool until SASL names another. */
    private volatile String poolId;
    /** Unknown topics this connection was already told about in the log (a client asks again every retry). */
    private final Set<String> reportedUnknownTopics = new HashSet<>();

    Session(SocketAddress remote, String defaultPoolId) {
        this.remote = remote;
        this.poolId = defaultPoolId;
    }

    SocketAddress remote() {
        return remote;
    }

    String clientId() {
        return clientId;
    }

    void clientId(String id) {
        this.clientId = id == null ? "" : id;
    }

    boolean handshakeDone() {
        return handshakeDone;
    }

    void handshakeDone(boolean done) {
        this.handshakeDone = done;
    }

    boolean authenticated() {
        return authenticated;
    }

    void authenticated(String pool) {
        this.poolId = pool;
        this.authenticated = true;
    }

    String poolId() {
        return poolId;
    }

    /**
     * Whether an unknown topic is news for the log: true the first time per topic and connection (bounded, so a
     * client naming endless topics is logged only so often).
     */
    synchronized boolean firstReportOfUnknownTopic(String topic) {
        return reportedUnknownTopics.size() < 100 && reportedUnknownTopics.add(topic);
    }

    /** For log lines: the client's id and address. */
    String describe() {
        return "client '" + clientId + "' at " + remote;
    }
}
