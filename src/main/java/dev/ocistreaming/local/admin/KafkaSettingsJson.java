package dev.ocistreaming.local.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Fields;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code kafkaSettings} object of the stream pool API: read from Create/UpdateStreamPool, written in answers. */
final class KafkaSettingsJson {

    private KafkaSettingsJson() {}

    /**
     * The settings a request body gives, checked: each field may be left out (an update keeps its value, a creation
     * takes the default). {@code bootstrapServers} is the server's own address: a value sent is accepted and ignored,
     * as a read-only field.
     *
     * @param maxPartitions the server's partition limit, the most {@code numPartitions} may be
     */
    static PoolKafkaSettings.Change read(JsonNode body, int maxPartitions) {
        JsonNode k = body.get("kafkaSettings");
        if (k == null || k.isNull()) {
            return PoolKafkaSettings.Change.NONE;
        }
        if (!k.isObject()) {
            throw ApiException.invalid("Invalid kafkaSettings: expected an object");
        }
        Fields.optionalText(k, "bootstrapServers");
        return new PoolKafkaSettings.Change(
                Fields.optionalBoolean(k, "autoCreateTopicsEnable", "kafkaSettings.autoCreateTopicsEnable"),
                Fields.optionalInt(k, "numPartitions", "kafkaSettings.numPartitions", 1, maxPartitions),
                Fields.optionalInt(
                        k,
                        "logRetentionHours",
                        "kafkaSettings.logRetentionHours",
                        PoolKafkaSettings.MIN_RETENTION_HOURS,
                        PoolKafkaSettings.MAX_RETENTION_HOURS));
    }

    /** @param bootstrapServers the Kafka listener's {@code host:port}, or null when it is off (then left out) */
    static Map<String, Object> write(PoolKafkaSettings settings, String bootstrapServers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bootstrapServers", bootstrapServers);
        m.put("autoCreateTopicsEnable", settings.autoCreateTopicsEnable());
        m.put("logRetentionHours", settings.logRetentionHours());
        m.put("numPartitions", settings.numPartitions());
        return m;
    }
}
