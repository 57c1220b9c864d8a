package dev.ocistreaming.local.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocistreaming.local.http.Fields;
import dev.ocistreaming.local.http.Json;

/**
 * Where a group starts reading, as CreateGroupCursor and UpdateGroup both take it: {@code type} one of AT_TIME,
 * LATEST, TRIM_HORIZON, and for AT_TIME a {@code time} (epoch ms; 0 otherwise).
 */
record GroupStart(String type, long time) {

    static GroupStart of(JsonNode body) {
        String type = Fields.requiredEnum(body, "type", "AT_TIME", "LATEST", "TRIM_HORIZON");
        long time = "AT_TIME".equals(type) ? Json.parseTime("time", Fields.requiredText(body, "time")) : 0;
        return new GroupStart(type, time);
    }
}
