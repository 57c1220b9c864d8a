package dev.ocistreaming.local.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Fields;
import dev.ocistreaming.local.http.Json;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;
import dev.ocistreaming.local.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The admin plane: {@code /20180418/streams} and {@code /20180418/streampools}. */
public final class AdminApi {

    private static final String BASE = "/20180418";
    private static final String[] STATES = {"CREATING", "ACTIVE", "DELETING", "DELETED", "FAILED", "UPDATING"};

    private final StreamRegistry registry;
    private final Supplier<String> messagesEndpoint;
    private final Supplier<String> kafkaBootstrapServers;

    /**
     * @param kafkaBootstrapServers the Kafka listener's {@code host:port} for a pool's {@code bootstrapServers}; it
     *     gives null when the listener is off
     */
    public AdminApi(
            StreamRegistry registry, Supplier<String> messagesEndpoint, Supplier<String> kafkaBootstrapServers) {
        this.registry = registry;
        this.messagesEndpoint = messagesEndpoint;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    public void register(Router router) {
        router.add("POST", BASE + "/streams", this::createStream)
                .add("GET", BASE + "/streams", this::listStreams)
                .add("GET", BASE + "/streams/{streamId}", r -> streamResponse(registry.get(r.path("streamId"))))
                .add("PUT", BASE + "/streams/{streamId}", this::updateStream)
                .add("DELETE", BASE + "/streams/{streamId}", r -> {
                    registry.delete(r.path("streamId"), r.header("if-match"));
                    return Response.noContent();
                })
                .add("POST", BASE + "/streams/{streamId}/actions/changeCompartment", this::changeStreamCompartment)
                .add("POST", BASE + "/streampools", this::createPool)
                .add("GET", BASE + "/streampools", this::listPools)
                .add("GET", BASE + "/streampools/{poolId}", r -> poolResponse(registry.pool(r.path("poolId"))))
                .add("PUT", BASE + "/streampools/{poolId}", this::updatePool)
                .add("DELETE", BASE + "/streampools/{poolId}", r -> {
                    registry.deletePool(r.path("poolId"), r.header("if-match"));
                    return Response.noContent();
                });
    }

    private Response createStream(Request r) {
        JsonNode body = r.jsonObject();
        String name = Fields.name("name", Fields.optionalText(body, "name"));
        Long partitions = Fields.optionalLong(body, "partitions", 1, Integer.MAX_VALUE);
        if (partitions == null) {
            throw ApiException.missing("partitions");
        }
        Integer retention = Fields.optionalInt(body, "retentionInHours", 24, 168);
        String compartmentId = Fields.optionalText(body, "compartmentId");
        String poolId = Fields.optionalText(body, "streamPoolId");
        if ((compartmentId == null) == (poolId == null)) {
            throw ApiException.invalid("Exactly one of compartmentId and streamPoolId must be given");
        }
        if (compartmentId != null) {
            Fields.name("compartmentId", compartmentId);
        }
        StreamInfo s = registry.create(
                name,
                partitions.intValue(),
                retention == null ? 24 : retention,
                compartmentId,
                poolId,
                Fields.freeformTags(body),
                Fields.definedTags(body));
        return streamResponse(s);
    }

    private Response updateStream(Request r) {
        JsonNode body = r.jsonObject();
        StreamInfo s = registry.update(
                r.path("streamId"),
                r.header("if-match"),
                Fields.optionalText(body, "streamPoolId"),
                Fields.freeformTags(body),
                Fields.definedTags(body));
        return streamResponse(s);
    }

    private Response changeStreamCompartment(Request r) {
        String compartmentId = Fields.name("compartmentId", Fields.optionalText(r.jsonObject(), "compartmentId"));
        StreamInfo s = registry.get(r.path("streamId"));
        registry.update(
                s.id(),
                r.header("if-match"),
                registry.defaultPool(compartmentId).id(),
                null,
                null);
        return Response.noContent();
    }

    private Response streamResponse(StreamInfo s) {
        Map<String, Object> m = streamSummary(s);
        m.put("retentionInHours", s.retentionInHours());
        return Response.ok(m).header("etag", s.etag());
    }

    private Map<String, Object> streamSummary(StreamInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("partitions", s.partitions());
        m.put("compartmentId", s.compartmentId());
        m.put("streamPoolId", s.streamPoolId());
        m.put("lifecycleState", registry.state(s));
        m.put("timeCreated", Json.formatTime(s.timeCreated()));
        m.put("messagesEndpoint", messagesEndpoint.get());
        m.put("freeformTags", s.freeformTags());
        m.put("definedTags", s.definedTags());
        return m;
    }

    private Response listStreams(Request r) {
        String compartmentId = r.query("compartmentId");
        String poolId = r.query("streamPoolId");
        if ((compartmentId == null) == (poolId == null)) {
            throw ApiException.invalid("Exactly one of compartmentId and streamPoolId must be given");
        }
        String id = r.query("id");
        String name = r.query("name");
        String state = Fields.queryEnum("lifecycleState", r.query("lifecycleState"), STATES);
        Predicate<StreamInfo> filter =
                s -> (compartmentId == null || s.compartmentId().equals(compartmentId))
                        && (poolId == null || s.streamPoolId().equals(poolId))
                        && (id == null || s.id().equals(id))
                        && (name == null || s.name().equals(name))
                        && (state == null || registry.state(s).equals(state));
        return page(r, registry.streams(), filter, StreamInfo::name, StreamInfo::timeCreated, this::streamSummary);
    }

    private Response createPool(Request r) {
        JsonNode body = r.jsonObject();
        String compartmentId = Fields.name("compartmentId", Fields.optionalText(body, "compartmentId"));
        String name = Fields.name("name", Fields.optionalText(body, "name"));
        PoolInfo p = registry.createPool(
                compartmentId,
                name,
                KafkaSettingsJson.read(body, registry.maxPartitions()),
                Fields.freeformTags(body),
                Fields.definedTags(body));
        return poolResponse(p);
    }

    private Response updatePool(Request r) {
        JsonNode body = r.jsonObject();
        String name = Fields.optionalText(body, "name");
        PoolInfo p = registry.updatePool(
                r.path("poolId"),
                r.header("if-match"),
                name == null ? null : Fields.name("name", name),
                KafkaSettingsJson.read(body, registry.maxPartitions()),
                Fields.freeformTags(body),
                Fields.definedTags(body));
        return poolResponse(p);
    }

    private Response listPools(Request r) {
        String compartmentId = r.requiredQuery("compartmentId");
        String id = r.query("id");
        String name = r.query("name");
        String state = Fields.queryEnum("lifecycleState", r.query("lifecycleState"), STATES);
        Predicate<PoolInfo> filter = p -> p.compartmentId().equals(compartmentId)
                && (id == null || p.id().equals(id))
                && (name == null || p.name().equals(name))
                && (state == null || registry.state(p).equals(state));
        return page(r, registry.pools(), filter, PoolInfo::name, PoolInfo::timeCreated, this::poolSummary);
    }

    private Response poolResponse(PoolInfo p) {
        Map<String, Object> m = poolSummary(p);
        m.put("kafkaSettings", KafkaSettingsJson.write(p.kafkaSettings(), kafkaBootstrapServers.get()));
        m.put("customEncryptionKey", Map.of("keyState", "NONE"));
        return Response.ok(m).header("etag", p.etag());
    }

    private Map<String, Object> poolSummary(PoolInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("compartmentId", p.compartmentId());
        m.put("name", p.name());
        m.put("lifecycleState", registry.state(p));
        m.put("timeCreated", Json.formatTime(p.timeCreated()));
        m.put("isPrivate", false);
        m.put("freeformTags", p.freeformTags());
        m.put("definedTags", p.definedTags());
        return m;
    }

    /**
     * Sorts ({@code sortBy} NAME ascending / TIMECREATED descending by default), filters and pages
     * ({@code limit} 1-50, default 10; {@code page} is the opaque token of {@code opc-next-page}).
     */
    private static <T> Response page(
            Request r,
            List<T> all,
            Predicate<T> filter,
            Function<T, String> name,
            Function<T, Long> created,
            Function<T, Map<String, Object>> render) {
        String sortBy = Fields.queryEnum("sortBy", r.query("sortBy"), "NAME", "TIMECREATED");
        String sortOrder = Fields.queryEnum("sortOrder", r.query("sortOrder"), "ASC", "DESC");
        int limit = r.intQuery("limit", 1, 50) == null ? 10 : r.intQuery("limit", 1, 50);
        int start = decodePage(r.query("page"));
        boolean byName = "NAME".equals(sortBy);
        Comparator<T> order = byName ? Comparator.comparing(name) : Comparator.comparing(created);
        boolean descending = sortOrder == null ? !byName : "DESC".equals(sortOrder);
        if (descending) {
            order = order.reversed();
        }
        List<T> matching =
                new ArrayList<>(all.stream().filter(filter).sorted(order).toList());
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = start; i < Math.min(matching.size(), start + limit); i++) {
            items.add(render.apply(matching.get(i)));
        }
        Response response = Response.ok(items);
        if (start + limit < matching.size()) {
            response.header("opc-next-page", encodePage(start + limit));
        }
        if (start > 0) {
            response.header("opc-prev-page", encodePage(Math.max(0, start - limit)));
        }
        return response;
    }

    private static String encodePage(int index) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("p" + index).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodePage(String page) {
        if (page == null) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(page), StandardCharsets.UTF_8);
            if (s.startsWith("p")) {
                int i = Integer.parseInt(s.substring(1));
                if (i >= 0) {
                    return i;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ApiException.invalid("Invalid page token");
    }
}
