package dev.ocistreaming.local;

import dev.ocistreaming.local.console.ConsoleMode;
import dev.ocistreaming.local.http.HttpLimits;
import dev.ocistreaming.local.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Everything the local server can be told, immutable and checked once built.
 *
 * <p>Adding a setting: a component here (its range check goes in the constructor below, the message names its
 * {@code local-server.*} key), a field with its default and a setter in {@link Builder} (the default is documented
 * there), and one line in {@link PropertyKeys} when it can be set from properties. {@code docs/local-server.md}
 * carries the table users read.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        FsyncPolicy fsyncPolicy,
        long fsyncIntervalMs,
        long segmentBytes,
        long segmentMaxAgeMs,
        int indexIntervalBytes,
        long cursorTtlMs,
        long lifecycleDelayMs,
        long retentionCheckIntervalMs,
        int getMaxBytes,
        boolean throttling,
        long writeBytesPerSecond,
        int getsPerSecond,
        double faultProbability,
        int maxGroupsPerStream,
        int maxPartitions,
        int maxRequestBytes,
        int httpThreads,
        HttpLimits http,
        List<StreamSpec> streams,
        String compartmentId,
        boolean verifySignatures,
        List<Path> apiKeys,
        ConsoleMode console,
        KafkaSettings kafka,
        Clock clock) {

    /** The compartment preloaded streams go to unless {@code local-server.compartment-id} says otherwise. */
    public static final String DEFAULT_COMPARTMENT = "ocid1.compartment.oc1..local";

    /** A stream declared in configuration and created at start if missing. */
    public record StreamSpec(String name, int partitions, int retentionHours) {
        public StreamSpec {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(PropertyKeys.PREFIX + "streams: a stream needs a name");
            }
            checkRange("streams", partitions, 1, 10_000);
            checkRange("streams", retentionHours, 24, 168);
        }
    }

    /** Checks every value, so a configuration that exists is one the server can run with. */
    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(PropertyKeys.PREFIX + "host must be a host name or IP address");
        }
        checkRange("port", port, 0, 65535);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        checkRange("fsync-interval-ms", fsyncIntervalMs, 1, 3_600_000);
        checkRange("segment-bytes", segmentBytes, 4096, 1L << 30);
        checkRange("segment-max-age-ms", segmentMaxAgeMs, 1, 7L * 24 * 3_600_000);
        checkRange("index-interval-bytes", indexIntervalBytes, 64, 1 << 24);
        checkRange("cursor-ttl-ms", cursorTtlMs, 1, 8L * 24 * 3_600_000);
        checkRange("lifecycle-delay-ms", lifecycleDelayMs, 0, 600_000);
        checkRange("retention-check-interval-ms", retentionCheckIntervalMs, 10, 86_400_000);
        checkRange("get-max-bytes", getMaxBytes, 1024, 64 * 1024 * 1024);
        checkRange("write-bytes-per-second", writeBytesPerSecond, 1024, 1L << 40);
        checkRange("gets-per-second", getsPerSecond, 1, 1_000_000);
        if (!(faultProbability >= 0.0 && faultProbability <= 1.0)) {
            throw new IllegalArgumentException(
                    PropertyKeys.PREFIX + "fault-probability must be between 0.0 and 1.0, was " + faultProbability);
        }
        checkRange("max-groups-per-stream", maxGroupsPerStream, 1, 100_000);
        checkRange("max-partitions", maxPartitions, 1, 10_000);
        checkRange("max-request-bytes", maxRequestBytes, 64 * 1024, 256 * 1024 * 1024);
        checkRange("http-threads", httpThreads, 1, 1024);
        Objects.requireNonNull(http, "http");
        streams = List.copyOf(streams);
        if (compartmentId == null || compartmentId.isBlank()) {
            throw new IllegalArgumentException(PropertyKeys.PREFIX + "compartment-id must not be blank");
        }
        apiKeys = List.copyOf(apiKeys);
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(clock, "clock");
        if (verifySignatures && apiKeys.isEmpty()) {
            throw new IllegalArgumentException(
                    "local-server.verify-signatures=true needs local-server.api-keys (PEM files or directories)");
        }
        if (verifySignatures && console == ConsoleMode.ON) {
            throw new IllegalArgumentException("local-server.console=on cannot be combined with"
                    + " local-server.verify-signatures=true: a browser cannot sign OCI API requests, so the console"
                    + " could not work. Use local-server.console=auto (the console is then off) or off.");
        }
    }

    /**
     * The Kafka face's settings ({@code local-server.kafka.*}). Its port follows the REST port unless set: a server
     * on a free REST port takes a free Kafka port too. The record keeps the setting as given, so a copy made with
     * {@link #toBuilder()} and another REST port resolves again.
     */
    @Override
    public KafkaSettings kafka() {
        return kafka.resolvePort(port);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a variant (tests restart with it). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Reads {@code local-server.*} keys; other keys (Camel's, the launcher's) are ignored. An unknown
     * {@code local-server.*} key or a bad value throws {@link IllegalArgumentException} naming the key and what is
     * allowed.
     */
    public static ServerConfig fromProperties(Map<String, String> props) {
        Builder b = builder();
        Map<String, BiConsumer<Builder, String>> setters = PropertyKeys.setters();
        for (Map.Entry<String, String> e : new TreeMap<>(props).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PropertyKeys.PREFIX)) {
                continue;
            }
            BiConsumer<Builder, String> setter = setters.get(key.substring(PropertyKeys.PREFIX.length()));
            if (setter == null) {
                throw new IllegalArgumentException("Unknown key " + key + "; allowed keys are " + PropertyKeys.PREFIX
                        + String.join(", " + PropertyKeys.PREFIX, setters.keySet()));
            }
            String value = e.getValue() == null ? "" : e.getValue().trim();
            try {
                setter.accept(b, value);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(key + "=" + value + ": " + ex.getMessage(), ex);
            }
        }
        return b.build();
    }

    private static int checkRange(String key, int value, int min, int max) {
        return (int) checkRange(key, (long) value, min, max);
    }

    private static long checkRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    PropertyKeys.PREFIX + key + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /**
     * Mutable; each field starts at its default, which the setter's comment states. Ranges are checked when
     * {@link #build()} makes the record.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8420;
        private Path dataDir = Path.of("data");
        private FsyncPolicy fsyncPolicy = FsyncPolicy.ALWAYS;
        private long fsyncIntervalMs = 1000;
        private long segmentBytes = 64L * 1024 * 1024;
        private long segmentMaxAgeMs = 3_600_000;
        private int indexIntervalBytes = 4096;
        private long cursorTtlMs = 300_000;
        private long lifecycleDelayMs = 0;
        private long retentionCheckIntervalMs = 60_000;
        private int getMaxBytes = 1024 * 1024;
        private boolean throttling = false;
        private long writeBytesPerSecond = 1024 * 1024;
        private int getsPerSecond = 5;
        private double faultProbability = 0.0;
        private int maxGroupsPerStream = 50;
        private int maxPartitions = 200;
        private int maxRequestBytes = 8 * 1024 * 1024;
        private int httpThreads = 16;
        private HttpLimits http = HttpLimits.DEFAULTS;
        private final List<StreamSpec> streams = new ArrayList<>();
        private String compartmentId = DEFAULT_COMPARTMENT;
        private boolean verifySignatures = false;
        private final List<Path> apiKeys = new ArrayList<>();
        private ConsoleMode console = ConsoleMode.AUTO;
        private KafkaSettings kafka = KafkaSettings.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        private Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            dataDir = c.dataDir;
            fsyncPolicy = c.fsyncPolicy;
            fsyncIntervalMs = c.fsyncIntervalMs;
            segmentBytes = c.segmentBytes;
            segmentMaxAgeMs = c.segmentMaxAgeMs;
            indexIntervalBytes = c.indexIntervalBytes;
            cursorTtlMs = c.cursorTtlMs;
            lifecycleDelayMs = c.lifecycleDelayMs;
            retentionCheckIntervalMs = c.retentionCheckIntervalMs;
            getMaxBytes = c.getMaxBytes;
            throttling = c.throttling;
            writeBytesPerSecond = c.writeBytesPerSecond;
            getsPerSecond = c.getsPerSecond;
            faultProbability = c.faultProbability;
            maxGroupsPerStream = c.maxGroupsPerStream;
            maxPartitions = c.maxPartitions;
            maxRequestBytes = c.maxRequestBytes;
            httpThreads = c.httpThreads;
            http = c.http;
            streams.addAll(c.streams);
            compartmentId = c.compartmentId;
            verifySignatures = c.verifySignatures;
            apiKeys.addAll(c.apiKeys);
            console = c.console;
            kafka = c.kafka;
            clock = c.clock;
        }

        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    dataDir,
                    fsyncPolicy,
                    fsyncIntervalMs,
                    segmentBytes,
                    segmentMaxAgeMs,
                    indexIntervalBytes,
                    cursorTtlMs,
                    lifecycleDelayMs,
                    retentionCheckIntervalMs,
                    getMaxBytes,
                    throttling,
                    writeBytesPerSecond,
                    getsPerSecond,
                    faultProbability,
                    maxGroupsPerStream,
                    maxPartitions,
                    maxRequestBytes,
                    httpThreads,
                    http,
                    streams,
                    compartmentId,
                    verifySignatures,
                    apiKeys,
                    console,
                    kafka,
                    clock);
        }

        /** Address to bind; default {@code 127.0.0.1} (loopback only). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** TCP port; default 8420; 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where segments and metadata live; default {@code data} (relative to the working directory). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Default {@link FsyncPolicy#ALWAYS} (one fsync per group of concurrent PutMessages). */
        public Builder fsyncPolicy(FsyncPolicy policy) {
            this.fsyncPolicy = policy;
            return this;
        }

        /** Period of the background fsync under {@link FsyncPolicy#INTERVAL}; default 1000 ms. */
        public Builder fsyncIntervalMs(long ms) {
            this.fsyncIntervalMs = ms;
            return this;
        }

        /** A segment rolls once it reaches this size; default 64 MiB. */
        public Builder segmentBytes(long bytes) {
            this.segmentBytes = bytes;
            return this;
        }

        /**
         * A segment rolls once its first record is this old, so retention can drop whole segments; default 1 h (data
         * outlives its retention by at most about this much).
         */
        public Builder segmentMaxAgeMs(long ms) {
            this.segmentMaxAgeMs = ms;
            return this;
        }

        /** One sparse index entry per this many bytes of a segment; default 4096. */
        public Builder indexIntervalBytes(int bytes) {
            this.indexIntervalBytes = bytes;
            return this;
        }

        /** How long a cursor stays valid after it is issued; default 300 000 ms (the service's 5 minutes). */
        public Builder cursorTtlMs(long ms) {
            this.cursorTtlMs = ms;
            return this;
        }

        /** How long CREATING and DELETING last; default 0 (ACTIVE at the first GetStream). */
        public Builder lifecycleDelayMs(long ms) {
            this.lifecycleDelayMs = ms;
            return this;
        }

        /** How often expired segments are looked for and deleted; default 60 000 ms. */
        public Builder retentionCheckIntervalMs(long ms) {
            this.retentionCheckIntervalMs = ms;
            return this;
        }

        /** Most key+value bytes one GetMessages returns (at least one message is always returned); default 1 MiB. */
        public Builder getMaxBytes(int bytes) {
            this.getMaxBytes = bytes;
            return this;
        }

        /** Whether the service's rate limits are enforced; default false. */
        public Builder throttling(boolean on) {
            this.throttling = on;
            return this;
        }

        /** Write limit per partition when throttling; default 1 MiB/s (the service's 1 MB/s). */
        public Builder writeBytesPerSecond(long bytes) {
            this.writeBytesPerSecond = bytes;
            return this;
        }

        /** GetMessages per second per partition per group when throttling; default 5. */
        public Builder getsPerSecond(int n) {
            this.getsPerSecond = n;
            return this;
        }

        /** Probability that a request is answered 500 or 503 without effect; default 0. */
        public Builder faultProbability(double p) {
            this.faultProbability = p;
            return this;
        }

        /** Consumer groups allowed per stream; default 50 (the service's limit). */
        public Builder maxGroupsPerStream(int n) {
            this.maxGroupsPerStream = n;
            return this;
        }

        /** Most partitions a stream may have; default 200. */
        public Builder maxPartitions(int n) {
            this.maxPartitions = n;
            return this;
        }

        /** Largest HTTP request body accepted; default 8 MiB (Base64 and JSON around 1 MiB of data). */
        public Builder maxRequestBytes(int bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        /** Threads serving requests; default 16. */
        public Builder httpThreads(int n) {
            this.httpThreads = n;
            return this;
        }

        /**
         * Changes the network layer's timeouts and limits, e.g. {@code http(l -> l.withHeaderTimeoutMs(2000))};
         * defaults in {@link HttpLimits#DEFAULTS}.
         */
        public Builder http(UnaryOperator<HttpLimits> change) {
            this.http = Objects.requireNonNull(change.apply(http), "http");
            return this;
        }

        /** Adds a stream created at start if no ACTIVE stream of that name exists; default none. */
        public Builder stream(String name, int partitions, int retentionHours) {
            streams.add(new StreamSpec(name, partitions, retentionHours));
            return this;
        }

        /** Compartment of preloaded streams; default {@value #DEFAULT_COMPARTMENT}. */
        public Builder compartmentId(String compartmentId) {
            this.compartmentId = compartmentId;
            return this;
        }

        /** Whether requests must carry a valid OCI signature by a configured key; default false. */
        public Builder verifySignatures(boolean on) {
            this.verifySignatures = on;
            return this;
        }

        /** Adds a PEM public key file, or a directory whose {@code *.pem} files are keys; default none. */
        public Builder apiKey(Path pemFileOrDir) {
            apiKeys.add(Objects.requireNonNull(pemFileOrDir, "pemFileOrDir"));
            return this;
        }

        /**
         * The browser console at {@code /console}; default {@link ConsoleMode#AUTO}: served on a loopback-bound server
         * that does not verify signatures, off otherwise (see docs/console.md).
         */
        public Builder console(ConsoleMode mode) {
            this.console = mode;
            return this;
        }

        /** The Kafka face; default {@link KafkaSettings#defaults()}: on, port 9092 (free when the REST port is 0), no TLS. */
        public Builder kafka(KafkaSettings settings) {
            this.kafka = Objects.requireNonNull(settings, "kafka");
            return this;
        }

        KafkaSettings kafka() {
            return kafka;
        }

        /** Time source for timestamps, expiry and retention; default the system UTC clock (tests move it). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }
    }
}
