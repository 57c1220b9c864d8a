package dev.ocistreaming.local.console;

import dev.ocistreaming.local.ServerConfig;
import dev.ocistreaming.local.admin.DamagedFiles;
import dev.ocistreaming.local.admin.StreamRegistry;
import dev.ocistreaming.local.data.StreamTraffic;
import dev.ocistreaming.local.group.GroupCoordinator;
import dev.ocistreaming.local.http.HttpFrontend;
import dev.ocistreaming.local.http.HttpService;
import dev.ocistreaming.local.http.Router;
import dev.ocistreaming.local.kafka.KafkaListener;
import java.util.List;
import java.util.function.Supplier;

/**
 * The browser console at {@value #PATH}: static pages that call the server's own OCI API, plus a
 * small read-only JSON API under {@value ConsoleApi#BASE} for what the OCI API has no operation
 * for. It reads the structures the data plane and the Kafka face use; it keeps no state of its own.
 */
public final class Console {

    /** Where the console is served. */
    public static final String PATH = "/console";

    /** The console API only answers GETs: a small body limit is plenty. */
    private static final int MAX_API_BODY = 64 * 1024;

    private final ConsoleApi api;
    private final ConsoleAssets assets;

    public Console(
            StreamRegistry registry,
            GroupCoordinator groups,
            StreamTraffic traffic,
            ServerConfig config,
            Supplier<String> serverUrl,
            DamagedFiles damaged,
            Supplier<KafkaListener> kafka) {
        this.api = new ConsoleApi(registry, groups, traffic, config, serverUrl, damaged, kafka);
        this.assets = ConsoleAssets.load();
    }

    /**
     * Serves everything under {@value #PATH} and hands the rest to {@code others}.
     *
     * @param others the OCI API, which also gets paths that merely begin with the same letters ({@code /consolefoo})
     */
    public HttpService handler(ConsoleAccess access, HttpService others) {
        Router router = new Router();
        api.register(router);
        HttpFrontend apiFrontend = new HttpFrontend(router, List.of(), MAX_API_BODY);
        return new ConsoleHandler(access, apiFrontend, assets, others);
    }
}
