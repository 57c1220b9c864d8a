package dev.ocistreaming.local.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.group.ConsumerGroup;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Json;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** ConsumerCommit, ConsumerHeartbeat, GetGroup, UpdateGroup. */
final class GroupApi {

    private final DataPlaneServices services;

    GroupApi(DataPlaneServices services) {
        this.services = services;
    }

    /** Commits the offsets the cursor carries (400 if a partition is no longer ours); returns a fresh cursor. */
    Response commit(Request r) {
        return withGroupCursor(
                r,
                (group, c) ->
                        group.commitStrict(c.instance(), c.timeoutMs(), c.generation(), c.positions(), services.now()));
    }

    /** Extends the instance's reservations; the new cursor still commits the same offsets. */
    Response heartbeat(Request r) {
        return withGroupCursor(r, (group, c) -> group.touch(c.instance(), c.timeoutMs(), services.now()));
    }

    /** Does the operation's work and returns what the instance holds afterwards. */
    private interface GroupAction {
        ConsumerGroup.Assignment apply(ConsumerGroup group, Cursor.Group cursor);
    }

    private Response withGroupCursor(Request r, GroupAction action) {
        StreamInfo stream = services.activeStream(r.path("streamId"));
        Cursor cursor = services.decodeCursor(r.requiredQuery("cursor"), stream.id());
        if (!(cursor instanceof Cursor.Group c)) {
            throw ApiException.invalid("This operation needs a group cursor");
        }
        ConsumerGroup group = services.group(stream.id(), c.group());
        ConsumerGroup.Assignment a = action.apply(group, c);
        Map<Integer, ConsumerGroup.Delivered> kept = new TreeMap<>();
        for (ConsumerGroup.Reserved res : a.partitions()) {
            ConsumerGroup.Delivered d = c.positions().get(res.partition());
            if (d != null && d.epoch() == res.epoch() && c.generation() == a.generation()) {
                kept.put(res.partition(), d);
            }
        }
        String next = services.encodeCursor(new Cursor.Group(
                stream.id(),
                c.group(),
                c.instance(),
                c.commitOnGet(),
                c.timeoutMs(),
                a.generation(),
                kept,
                services.cursorExpiry()));
        return Response.ok(Map.of("value", next));
    }

    Response getGroup(Request r) {
        StreamInfo stream = services.activeStream(r.path("streamId"));
        ConsumerGroup group = services.group(stream.id(), r.path("groupName"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConsumerGroup.Reservation res : group.describe(services.now())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("partition", Integer.toString(res.partition()));
            if (res.committedOffset() >= 0) {
                row.put("committedOffset", res.committedOffset());
            }
            if (res.instance() != null) {
                row.put("reservedInstance", res.instance());
                row.put("timeReservedUntil", Json.formatTime(res.reservedUntil()));
            }
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("streamId", stream.id());
        body.put("groupName", group.name());
        body.put("reservations", rows);
        return Response.ok(body);
    }

    Response updateGroup(Request r) {
        StreamInfo stream = services.activeStream(r.path("streamId"));
        ConsumerGroup group = services.group(stream.id(), r.path("groupName"));
        JsonNode body = r.jsonObject();
        GroupStart start = GroupStart.of(body);
        group.reset(start.type(), start.time(), services.partitions(stream));
        return Response.noContent();
    }
}
