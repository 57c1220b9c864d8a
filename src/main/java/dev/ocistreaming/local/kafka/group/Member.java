package dev.ocistreaming.local.kafka.group;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One member of a classic group; guarded by its group's lock. */
final class Member {

    final String id;
    final String clientId;
    final String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    /** Protocol name to subscription metadata, in the member's order of preference. */
    Map<String, byte[]> protocols = new LinkedHashMap<>();

    byte[] assignment = new byte[0];
    long lastSeenMs;
    /** Set while the member waits for the rebalance to complete its JoinGroup. */
    CompletableFuture<JoinResult> joinWaiter;
    /** Set while the member waits for the leader's assignment. */
    CompletableFuture<SyncResult> syncWaiter;

    Member(String id, String clientId, String clientHost) {
        this.id = id;
        this.clientId = clientId;
        this.clientHost = clientHost;
    }
}
