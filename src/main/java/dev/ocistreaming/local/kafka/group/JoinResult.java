package dev.ocistreaming.local.kafka.group;

import java.util.Map;
import org.apache.kafka.common.protocol.Errors;

/** The answer to a JoinGroup; {@code members} (id to subscription metadata) is filled for the leader only. */
public record JoinResult(
        Errors error,
        int generation,
        String protocolType,
        String protocolName,
        String leaderId,
        String memberId,
        Map<String, byte[]> members) {}
