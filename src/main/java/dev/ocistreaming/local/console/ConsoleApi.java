package dev.ocistreaming.local.console;

import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.local.admin.DamagedFiles;
import dev.ocistreaming.local.admin.PoolInfo;
import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.admin.StreamRegistry;
import dev.ocistreaming.local.data.StreamTraffic;
import dev.ocistreaming.local.group.GroupCoordinator;
import dev.ocistreaming.local.http.ApiException;
import dev.ocistreaming.local.http.Json;
import dev.ocistreaming.local.http.Request;
import dev.ocistreaming.local.http.Response;
import dev.ocistreaming.local.http.Router;
import dev.ocistreaming.local.kafka.KafkaListener;
import dev.ocistreaming.local.log.PartitionLog;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The console's read-only JSON API, for what the OCI API has no operation for: message and byte
 * counts and offsets per partition, a stream's consumer groups of both faces (REST group cursors
 * and Kafka groups) and their lag, the requests and messages of both faces per second, and the
 * compartments in use. Stream ids are checked exactly as the OCI API checks them (same lookup,
 * same 404), numbers with the same bounded parser.
 */
final class ConsoleApi {

    static final String BASE = Console.PATH + "/api";

    /** The streams list shows rates averaged over this many seconds. */
    private static final int RECENT_SECONDS = 10;

    record Limits(
            int maxPartitions,
            int minRetentionInHours,
            int maxRetentionInHours,
            int maxKeyBytes,
            int maxMessageBytes) {}

    record ServerView(
            String url,
            String defaultCompartmentId,
            List<String> compartments,
            Limits limits,
            boolean throttling,
            double faultProbability,
            String fsync,
            int rateWindowSeconds,
            List<DamagedFiles.SetAside> setAside,
            String kafkaBootstrapServers) {}

    /** Messages per second over the recent seconds: REST puts and gets, Kafka produced and fetched records. */
    record StreamTotals(
            String id,
            long messages,
            long bytes,
            double putPerSecond,
            double getPerSecond,
            double producePerSecond,
            double fetchPerSecond) {}

    /** {@code groups} are the REST group cursors' groups, {@code kafkaGroups} the Kafka face's: separate namespaces. */
    record StreamView(
            String id,
            String name,
            List<StreamStats.PartitionView> partitions,
            List<StreamStats.GroupView> groups,
            List<KafkaGroupStats.GroupView> kafkaGroups) {}

    /** Requests per second of each flow, oldest first. */
    record RequestRates(long[] put, long[] get, long[] produce, long[] fetch) {}

    /**
     * Messages (records) per second of each flow, oldest first, and the requests that carried them;
     * {@code lastSecond} is the end of the last complete second.
     */
    record RatesView(
            String streamId,
            String lastSecond,
            int secondsPerPoint,
            long[] put,
            long[] get,
            long[] produce,
            long[] fetch,
            RequestRates requests) {}

    private final StreamRegistry registry;
    private final GroupCoordinator groups;
    private final StreamTraffic traffic;
    private final ServerConfig config;
    private final Supplier<String> serverUrl;
    private final DamagedFiles damaged;
    /** The Kafka face, or null while it is off (its groups are then none). */
    private final Supplier<KafkaListener> kafka;

    ConsoleApi(
            StreamRegistry registry,
            GroupCoordinator groups,
            StreamTraffic traffic,
            ServerConfig config,
            Supplier<String> serverUrl,
            DamagedFiles damaged,
            Supplier<KafkaListener> kafka) {
        this.registry = registry;
        this.kafka = kafka;
        this.damaged = damaged;
        this.groups = groups;
        this.traffic = traffic;
        this.config = config;
        this.serverUrl = serverUrl;
    }

    void register(Router router) {
        router.add("GET", BASE + "/server", r -> Response.ok(server()))
                .add("GET", BASE + "/streams", r -> Response.ok(streams()))
                .add("GET", BASE + "/streams/{streamId}", r -> Response.ok(stream(r.path("streamId"))))
                .add("GET", BASE + "/streams/{streamId}/rates", this::rates);
    }

    private ServerView server() {
        TreeSet<String> compartments = new TreeSet<>();
        compartments.add(config.compartmentId());
        for (PoolInfo p : registry.pools()) {
            if (!p.deleted()) {
                compartments.add(p.compartmentId());
            }
        }
        return new ServerView(
                serverUrl.get(),
                config.compartmentId(),
                List.copyOf(compartments),
                new Limits(config.maxPartitions(), 24, 168, 256, 1024 * 1024),
                config.throttling(),
                config.faultProbability(),
                config.fsyncPolicy().name().toLowerCase(java.util.Locale.ROOT),
                StreamTraffic.WINDOW_SECONDS,
                damaged.list(),
                kafkaBootstrap());
    }

    private String kafkaBootstrap() {
        KafkaListener k = kafka.get();
        return k == null ? null : k.bootstrapServers();
    }

    private List<StreamTotals> streams() {
        List<StreamTotals> out = new ArrayList<>();
        for (StreamInfo s : registry.streams()) {
            PartitionLog[] logs = s.deleted() ? null : logsOrNull(s);
            if (logs == null) {
                continue;
            }
            List<StreamStats.PartitionView> partitions = StreamStats.partitions(logs);
            StreamTraffic.Series recent = traffic.lastSeconds(s.id(), RECENT_SECONDS);
            out.add(new StreamTotals(
                    s.id(),
                    StreamStats.messages(partitions),
                    StreamStats.bytes(partitions),
                    average(recent.of(StreamTraffic.Flow.PUT).messages()),
                    average(recent.of(StreamTraffic.Flow.GET).messages()),
                    average(recent.of(StreamTraffic.Flow.PRODUCE).messages()),
                    average(recent.of(StreamTraffic.Flow.FETCH).messages())));
        }
        return out;
    }

    private PartitionLog[] logsOrNull(StreamInfo s) {
        try {
            return registry.logs(s);
        } catch (ApiException deletedMeanwhile) {
            return null;
        }
    }

    private StreamView stream(String id) {
        StreamInfo s = live(id);
        PartitionLog[] logs = registry.logs(s);
        return new StreamView(
                s.id(),
                s.name(),
                StreamStats.partitions(logs),
                StreamStats.groups(groups.groups(s.id()), logs),
                kafkaGroups(s, logs));
    }

    private List<KafkaGroupStats.GroupView> kafkaGroups(StreamInfo s, PartitionLog[] logs) {
        KafkaListener k = kafka.get();
        // KafkaGroupStats needs kafka-clients, which a server without the Kafka face may lack
        return k == null ? List.of() : KafkaGroupStats.forStream(k.groups(), s, logs);
    }

    private Response rates(Request r) {
        StreamInfo s = live(r.path("streamId"));
        Integer seconds = r.intQuery("seconds", 1, StreamTraffic.WINDOW_SECONDS);
        StreamTraffic.Series series =
                traffic.lastSeconds(s.id(), seconds == null ? StreamTraffic.WINDOW_SECONDS : seconds);
        StreamTraffic.Counts put = series.of(StreamTraffic.Flow.PUT);
        StreamTraffic.Counts get = series.of(StreamTraffic.Flow.GET);
        StreamTraffic.Counts produce = series.of(StreamTraffic.Flow.PRODUCE);
        StreamTraffic.Counts fetch = series.of(StreamTraffic.Flow.FETCH);
        return Response.ok(new RatesView(
                s.id(),
                Json.formatTime((series.lastSecond() + 1) * 1000),
                1,
                put.messages(),
                get.messages(),
                produce.messages(),
                fetch.messages(),
                new RequestRates(put.requests(), get.requests(), produce.requests(), fetch.requests())));
    }

    /** A stream that is not deleted; the OCI API's own 404 otherwise (and for ids it could never have made). */
    private StreamInfo live(String id) {
        StreamInfo s = registry.get(id);
        if (s.deleted()) {
            throw ApiException.notFound("Stream " + id + " not found or not authorized");
        }
        return s;
    }

    private static double average(long[] perSecond) {
        long sum = 0;
        for (long v : perSecond) {
            sum += v;
        }
        return perSecond.length == 0 ? 0 : (double) sum / perSecond.length;
    }
}
