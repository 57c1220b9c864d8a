package dev.ocistreaming.local;

import dev.ocistreaming.local.console.ConsoleMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** The {@code local-server.*} keys and how each one's text becomes a builder call. */
final class PropertyKeys {

    static final String PREFIX = "local-server.";

    private PropertyKeys() {}

    static Map<String, BiConsumer<ServerConfig.Builder, String>> setters() {
        Map<String, BiConsumer<ServerConfig.Builder, String>> m = new LinkedHashMap<>();
        // the launcher's switch for starting an embedded server; accepted here so the whole
        // local-server.* block of application.properties can be passed in
        m.put("enabled", (b, v) -> parseBoolean(v));
        m.put("host", ServerConfig.Builder::host);
        m.put("port", (b, v) -> b.port(parseInt(v)));
        m.put("data-dir", (b, v) -> b.dataDir(Path.of(nonBlank(v))));
        m.put("fsync", (b, v) -> b.fsyncPolicy(FsyncPolicy.parse(PREFIX + "fsync", v)));
        m.put("fsync-interval-ms", (b, v) -> b.fsyncIntervalMs(parseLong(v)));
        m.put("segment-bytes", (b, v) -> b.segmentBytes(parseLong(v)));
        m.put("segment-max-age-ms", (b, v) -> b.segmentMaxAgeMs(parseLong(v)));
        m.put("index-interval-bytes", (b, v) -> b.indexIntervalBytes(parseInt(v)));
        m.put("cursor-ttl-ms", (b, v) -> b.cursorTtlMs(parseLong(v)));
        m.put("lifecycle-delay-ms", (b, v) -> b.lifecycleDelayMs(parseLong(v)));
        m.put("retention-check-interval-ms", (b, v) -> b.retentionCheckIntervalMs(parseLong(v)));
        m.put("get-max-bytes", (b, v) -> b.getMaxBytes(parseInt(v)));
        m.put("throttling", (b, v) -> b.throttling(parseBoolean(v)));
        m.put("write-bytes-per-second", (b, v) -> b.writeBytesPerSecond(parseLong(v)));
        m.put("gets-per-second", (b, v) -> b.getsPerSecond(parseInt(v)));
        m.put("fault-probability", (b, v) -> b.faultProbability(parseDouble(v)));
        m.put("max-groups-per-stream", (b, v) -> b.maxGroupsPerStream(parseInt(v)));
        m.put("max-partitions", (b, v) -> b.maxPartitions(parseInt(v)));
        m.put("max-request-bytes", (b, v) -> b.maxRequestBytes(parseInt(v)));
        m.put("http-threads", (b, v) -> b.httpThreads(parseInt(v)));
        m.put("http.header-timeout-ms", (b, v) -> b.http(l -> l.withHeaderTimeoutMs(parseLong(v))));
        m.put("http.body-timeout-ms", (b, v) -> b.http(l -> l.withBodyTimeoutMs(parseLong(v))));
        m.put("http.idle-timeout-ms", (b, v) -> b.http(l -> l.withIdleTimeoutMs(parseLong(v))));
        m.put("http.max-request-line-bytes", (b, v) -> b.http(l -> l.withMaxRequestLineBytes(parseInt(v))));
        m.put("http.max-header-bytes", (b, v) -> b.http(l -> l.withMaxHeaderBytes(parseInt(v))));
        m.put("http.io-threads", (b, v) -> b.http(l -> l.withIoThreads(parseInt(v))));
        m.put("http.max-queued-requests", (b, v) -> b.http(l -> l.withMaxQueuedRequests(parseInt(v))));
        m.put("streams", PropertyKeys::parseStreams);
        m.put("compartment-id", ServerConfig.Builder::compartmentId);
        m.put("verify-signatures", (b, v) -> b.verifySignatures(parseBoolean(v)));
        m.put("console", (b, v) -> b.console(ConsoleMode.parse(PREFIX + "console", v)));
        m.put("kafka.enabled", (b, v) -> b.kafka(b.kafka().withEnabled(parseBoolean(v))));
        m.put("kafka.port", (b, v) -> b.kafka(b.kafka().withPort(parseInt(v))));
        m.put("kafka.compartment-id", (b, v) -> b.kafka(b.kafka().withCompartmentId(v)));
        m.put("kafka.tls", (b, v) -> b.kafka(b.kafka().withTls(parseBoolean(v))));
        m.put(
                "kafka.tls-keystore",
                (b, v) -> b.kafka(b.kafka().withTls(b.kafka().tls().withKeystore(Path.of(nonBlank(v)), null))));
        m.put(
                "kafka.tls-keystore-password",
                (b, v) -> b.kafka(b.kafka()
                        .withTls(b.kafka().tls().withKeystore(b.kafka().tls().keystore(), v))));
        m.put(
                "kafka.auth-tokens",
                (b, v) -> b.kafka(b.kafka()
                        .withAuthTokens(java.util.Arrays.stream(v.split(","))
                                .map(String::trim)
                                .filter(t -> !t.isEmpty())
                                .toList())));
        m.put("api-keys", (b, v) -> {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    b.apiKey(Path.of(p.trim()));
                }
            }
        });
        return m;
    }

    /** {@code name:partitions[:retentionHours]} separated by commas, e.g. {@code tutorial:1,orders:3:48}. */
    private static void parseStreams(ServerConfig.Builder b, String v) {
        for (String item : v.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String[] parts = item.trim().split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
                throw new IllegalArgumentException("expected name:partitions[:retentionHours] items separated by"
                        + " commas, e.g. tutorial:1,orders:3:48");
            }
            int retention = parts.length == 3 ? parseInt(parts[2]) : 24;
            b.stream(parts[0].trim(), parseInt(parts[1]), retention);
        }
    }

    private static String nonBlank(String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException("a value is required");
        }
        return v;
    }

    private static int parseInt(String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number");
        }
    }

    private static long parseLong(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number");
        }
    }

    private static double parseDouble(String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number between 0.0 and 1.0");
        }
    }

    private static boolean parseBoolean(String v) {
        if ("true".equalsIgnoreCase(v)) {
            return true;
        }
        if ("false".equalsIgnoreCase(v)) {
            return false;
        }
        throw new IllegalArgumentException("allowed values are true, false");
    }
}
