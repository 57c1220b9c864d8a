package dev.ocistreaming.local.kafka;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The APIs the Kafka face answers and their version ranges, as ApiVersions advertises them. The
 * lowest version is the one {@code kafka-clients} still knows; some highest versions are held back
 * where a newer version would address topics by id instead of by name (our topics are stream names).
 */
final class SupportedApis {

    private static final Map<ApiKeys, Short> MAX = new EnumMap<>(ApiKeys.class);

    static {
        MAX.put(ApiKeys.API_VERSIONS, ApiKeys.API_VERSIONS.latestVersion());
        MAX.put(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion());
        MAX.put(ApiKeys.PRODUCE, (short) 12); // 13 addresses topics by id
        MAX.put(ApiKeys.FETCH, (short) 12); // 13 addresses topics by id
        MAX.put(ApiKeys.LIST_OFFSETS, ApiKeys.LIST_OFFSETS.latestVersion());
        MAX.put(ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.OFFSET_FOR_LEADER_EPOCH.latestVersion());
        MAX.put(ApiKeys.SASL_HANDSHAKE, ApiKeys.SASL_HANDSHAKE.latestVersion());
        MAX.put(ApiKeys.SASL_AUTHENTICATE, ApiKeys.SASL_AUTHENTICATE.latestVersion());
        // answered with a refusal the producer reports: the service has no idempotent producers
        MAX.put(ApiKeys.INIT_PRODUCER_ID, ApiKeys.INIT_PRODUCER_ID.latestVersion());
        MAX.put(ApiKeys.FIND_COORDINATOR, ApiKeys.FIND_COORDINATOR.latestVersion());
        MAX.put(ApiKeys.JOIN_GROUP, ApiKeys.JOIN_GROUP.latestVersion());
        MAX.put(ApiKeys.SYNC_GROUP, ApiKeys.SYNC_GROUP.latestVersion());
        MAX.put(ApiKeys.HEARTBEAT, ApiKeys.HEARTBEAT.latestVersion());
        MAX.put(ApiKeys.LEAVE_GROUP, ApiKeys.LEAVE_GROUP.latestVersion());
        MAX.put(ApiKeys.OFFSET_COMMIT, (short) 9); // 10 addresses topics by id
        MAX.put(ApiKeys.OFFSET_FETCH, (short) 9); // 10 addresses topics by id
        MAX.put(ApiKeys.LIST_GROUPS, ApiKeys.LIST_GROUPS.latestVersion());
        MAX.put(ApiKeys.DESCRIBE_GROUPS, ApiKeys.DESCRIBE_GROUPS.latestVersion());
        MAX.put(ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_TOPICS.latestVersion());
        MAX.put(ApiKeys.DELETE_TOPICS, ApiKeys.DELETE_TOPICS.latestVersion());
        MAX.put(ApiKeys.DESCRIBE_CONFIGS, ApiKeys.DESCRIBE_CONFIGS.latestVersion());
        // answered with a refusal: the service cannot add partitions to a stream
        MAX.put(ApiKeys.CREATE_PARTITIONS, ApiKeys.CREATE_PARTITIONS.latestVersion());
    }

    private SupportedApis() {}

    static boolean supports(ApiKeys key, short version) {
        Short max = MAX.get(key);
        return max != null && version >= minVersion(key) && version <= max;
    }

    private static short minVersion(ApiKeys key) {
        // SaslHandshake v0 sends the SASL tokens unframed; every current client uses v1
        return key == ApiKeys.SASL_HANDSHAKE ? 1 : key.oldestVersion();
    }

    static ApiVersionsResponseData.ApiVersionCollection advertised() {
        ApiVersionsResponseData.ApiVersionCollection out = new ApiVersionsResponseData.ApiVersionCollection();
        for (Map.Entry<ApiKeys, Short> e : MAX.entrySet()) {
            out.add(new ApiVersionsResponseData.ApiVersion()
                    .setApiKey(e.getKey().id)
                    .setMinVersion(advertisedMinVersion(e.getKey()))
                    .setMaxVersion(e.getValue()));
        }
        return out;
    }

    /**
     * SaslHandshake is advertised from v0, as brokers do: librdkafka (kcat, and the clients built on it) uses SASL
     * only with a broker whose range includes v0, and then sends v1. A v0 request itself is still refused (the
     * connection closes with a log line naming it); only clients older than Kafka 1.0 send one.
     */
    private static short advertisedMinVersion(ApiKeys key) {
        return key == ApiKeys.SASL_HANDSHAKE ? 0 : minVersion(key);
    }
}
