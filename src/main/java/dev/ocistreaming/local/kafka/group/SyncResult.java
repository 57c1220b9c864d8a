package dev.ocistreaming.local.kafka.group;

import org.apache.kafka.common.protocol.Errors;

/** The answer to a SyncGroup: the member's part of the leader's assignment. */
public record SyncResult(Errors error, String protocolType, String protocolName, byte[] assignment) {}
