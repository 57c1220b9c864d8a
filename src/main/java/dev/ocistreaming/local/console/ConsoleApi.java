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
import dev.ocistreaming.local.log.PartitionLog;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The console's read-only JSON API, for what the OCI API has no operation for: message and byte
 * counts and offsets per partition, a stream's consumer groups and their lag, put/get rates, and
 * the compartments in use. Stream ids are checked exactly as the OCI API checks them (same lookup,
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
            List<DamagedFiles.SetAside> setAside) {}

    record StreamTotals(String id, long messages, long bytes, double putPerSecond, double getPerSecond) {}

    record StreamView(
            String id, String name, List<StreamStats.PartitionView> partitions, List<StreamStats.GroupView> groups) {}

    /** Messages per second, oldest first; {@code lastSecond} is the end of the last complete second. */
    record RatesView(String streamId, String lastSecond, int secondsPerPoint, long[] put, long[] get) {}

    private final StreamRegistry registry;
    private final GroupCoordinator groups;
    private final StreamTraffic traffic;
    private final ServerConfig config;
    private final Supplier<String> serverUrl;
    private final DamagedFiles damaged;

    ConsoleApi(
            StreamRegistry registry,
            GroupCoordinator groups,
            StreamTraffic traffic,
            ServerConfig config,
            Supplier<String> serverUrl,
            DamagedFiles damaged) {
        this.registry = registry;
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
                damaged.list());
    }

    private List<StreamTotals> streams() {
        long now = registry.now();
        List<StreamTotals> out = new ArrayList<>();
        for (StreamInfo s : registry.streams()) {
            PartitionLog[] logs = s.deleted() ? null : logsOrNull(s);
            if (logs == null) {
                continue;
            }
            List<StreamStats.PartitionView> partitions = StreamStats.partitions(logs);
            StreamTraffic.Series recent = traffic.lastSeconds(s.id(), RECENT_SECONDS, now);
            out.add(new StreamTotals(
                    s.id(),
                    StreamStats.messages(partitions),
                    StreamStats.bytes(partitions),
                    average(recent.put()),
                    average(recent.get())));
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
                s.id(), s.name(), StreamStats.partitions(logs), StreamStats.groups(groups.groups(s.id()), logs));
    }

    private Response rates(Request r) {
        StreamInfo s = live(r.path("streamId"));
        Integer seconds = r.intQuery("seconds", 1, StreamTraffic.WINDOW_SECONDS);
        StreamTraffic.Series series =
                traffic.lastSeconds(s.id(), seconds == null ? StreamTraffic.WINDOW_SECONDS : seconds, registry.now());
        return Response.ok(new RatesView(
                s.id(), Json.formatTime((series.lastSecond() + 1) * 1000), 1, series.put(), series.get()));
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
