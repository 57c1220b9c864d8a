package dev.ocistreaming.local.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.group.ConsumerGroup;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Fields;
import dev.ocistreaming.local.http.Json;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;
import dev.ocistreaming.local.log.PartitionLog;
import java.util.Map;
import java.util.UUID;

/** CreateCursor (five types) and CreateGroupCursor. */
final class CursorApi {

    static final int DEFAULT_GROUP_TIMEOUT_MS = 30_000;
    static final int MAX_GROUP_TIMEOUT_MS = 3_600_000;

    private final DataPlaneServices services;

    CursorApi(DataPlaneServices services) {
        this.services = services;
    }

    Response createCursor(Request r) {
        StreamInfo stream = services.activeStream(r.path("streamId"));
        PartitionLog[] logs = services.partitions(stream);
        JsonNode body = r.jsonObject();
        int partition = partition(Fields.requiredText(body, "partition"), logs.length);
        String type =
                Fields.requiredEnum(body, "type", "AFTER_OFFSET", "AT_OFFSET", "AT_TIME", "LATEST", "TRIM_HORIZON");
        PartitionLog log = logs[partition];
        long next = switch (type) {
            case "TRIM_HORIZON" -> -1;
            case "LATEST" -> log.nextOffset();
            case "AT_TIME" -> log.offsetForTime(Json.parseTime("time", Fields.requiredText(body, "time")));
            case "AT_OFFSET" -> checkOffset(log, partition, requiredOffset(body), 0);
            default -> checkOffset(log, partition, requiredOffset(body), 1) + 1;
        };
        String cursor =
                services.encodeCursor(new Cursor.Partition(stream.id(), partition, next, services.cursorExpiry()));
        return Response.ok(Map.of("value", cursor));
    }

    private static long requiredOffset(JsonNode body) {
        Long offset = Fields.optionalLong(body, "offset", 0, Long.MAX_VALUE - 1);
        if (offset == null) {
            throw ApiException.missing("offset");
        }
        return offset;
    }

    /**
     * AT_OFFSET may name any stored offset or the next one to be written; AFTER_OFFSET any stored
     * offset (or the one just before the oldest).
     */
    private static long checkOffset(PartitionLog log, int partition, long offset, int after) {
        long low = log.trimHorizon() - after;
        long high = log.nextOffset() - after;
        if (offset < low || offset > high) {
            throw ApiException.invalid("Invalid offset " + offset + ": partition " + partition + " accepts " + low
                    + " to " + high + " here");
        }
        return offset;
    }

    static int partition(String text, int partitions) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p < partitions && text.equals(Integer.toString(p))) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.invalid(
                "Invalid partition '" + text + "': the stream has partitions 0 to " + (partitions - 1));
    }

    Response createGroupCursor(Request r) {
        StreamInfo stream = services.activeStream(r.path("streamId"));
        PartitionLog[] logs = services.partitions(stream);
        JsonNode body = r.jsonObject();
        String groupName = Fields.name("groupName", Fields.optionalText(body, "groupName"));
        GroupStart start = GroupStart.of(body);
        String instance = Fields.optionalText(body, "instanceName");
        instance = instance == null ? UUID.randomUUID().toString() : Fields.name("instanceName", instance);
        Integer timeout = Fields.optionalInt(body, "timeoutInMs", 1, MAX_GROUP_TIMEOUT_MS);
        Boolean commitOnGet = Fields.optionalBoolean(body, "commitOnGet");
        int timeoutMs = timeout == null ? DEFAULT_GROUP_TIMEOUT_MS : timeout;
        long now = services.now();
        ConsumerGroup group = services.groupOrCreate(stream.id(), groupName, start.type(), start.time(), logs, now);
        ConsumerGroup.Assignment a = group.touch(instance, timeoutMs, now);
        String cursor = services.encodeCursor(new Cursor.Group(
                stream.id(),
                groupName,
                instance,
                commitOnGet == null || commitOnGet,
                timeoutMs,
                a.generation(),
                Map.of(),
                services.cursorExpiry()));
        return Response.ok(Map.of("value", cursor));
    }
}
