package dev.ocistreaming.local;

import dev.ocistreaming.local.console.ConsoleMode;
import dev.ocistreaming.local.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Everything the local server can be told, immutable once built. Every default is stated on the
 * builder method that sets it; {@link #fromProperties} reads the same settings from
 * {@code local-server.<kebab-name>} keys (see {@code docs/local-server.md} for the table).
 */
public final class ServerConfig {

    /** The compartment preloaded streams go to unless {@code local-server.compartment-id} says otherwise. */
    public static final String DEFAULT_COMPARTMENT = "ocid1.compartment.oc1..local";

    /** A stream declared in configuration and created at start if missing. */
    public record StreamSpec(String name, int partitions, int retentionHours) {
        public StreamSpec {
            Objects.requireNonNull(name, "name");
        }
    }

    private final String host;
    private final int port;
    private final Path dataDir;
    private final FsyncPolicy fsyncPolicy;
    private final long fsyncIntervalMs;
    private final long segmentBytes;
    private final long segmentMaxAgeMs;
    private final int indexIntervalBytes;
    private final long cursorTtlMs;
    private final long lifecycleDelayMs;
    private final long retentionCheckIntervalMs;
    private final int getMaxBytes;
    private final boolean throttling;
    private final long writeBytesPerSecond;
    private final int getsPerSecond;
    private final double faultProbability;
    private final int maxGroupsPerStream;
    private final int maxPartitions;
    private final int maxRequestBytes;
    private final int httpThreads;
    private final List<StreamSpec> streams;
    private final String compartmentId;
    private final boolean verifySignatures;
    private final List<Path> apiKeys;
    private final ConsoleMode console;
    private final KafkaSettings kafka;
    private final Clock clock;

    private ServerConfig(Builder b) {
        host = b.host;
        port = b.port;
        dataDir = b.dataDir;
        fsyncPolicy = b.fsyncPolicy;
        fsyncIntervalMs = b.fsyncIntervalMs;
        segmentBytes = b.segmentBytes;
        segmentMaxAgeMs = b.segmentMaxAgeMs;
        indexIntervalBytes = b.indexIntervalBytes;
        cursorTtlMs = b.cursorTtlMs;
        lifecycleDelayMs = b.lifecycleDelayMs;
        retentionCheckIntervalMs = b.retentionCheckIntervalMs;
        getMaxBytes = b.getMaxBytes;
        throttling = b.throttling;
        writeBytesPerSecond = b.writeBytesPerSecond;
        getsPerSecond = b.getsPerSecond;
        faultProbability = b.faultProbability;
        maxGroupsPerStream = b.maxGroupsPerStream;
        maxPartitions = b.maxPartitions;
        maxRequestBytes = b.maxRequestBytes;
        httpThreads = b.httpThreads;
        streams = List.copyOf(b.streams);
        compartmentId = b.compartmentId;
        verifySignatures = b.verifySignatures;
        apiKeys = List.copyOf(b.apiKeys);
        console = b.console;
        kafka = b.kafka.resolvePort(b.port);
        clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a variant (tests restart with it). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.dataDir = dataDir;
        b.fsyncPolicy = fsyncPolicy;
        b.fsyncIntervalMs = fsyncIntervalMs;
        b.segmentBytes = segmentBytes;
        b.segmentMaxAgeMs = segmentMaxAgeMs;
        b.indexIntervalBytes = indexIntervalBytes;
        b.cursorTtlMs = cursorTtlMs;
        b.lifecycleDelayMs = lifecycleDelayMs;
        b.retentionCheckIntervalMs = retentionCheckIntervalMs;
        b.getMaxBytes = getMaxBytes;
        b.throttling = throttling;
        b.writeBytesPerSecond = writeBytesPerSecond;
        b.getsPerSecond = getsPerSecond;
        b.faultProbability = faultProbability;
        b.maxGroupsPerStream = maxGroupsPerStream;
        b.maxPartitions = maxPartitions;
        b.maxRequestBytes = maxRequestBytes;
        b.httpThreads = httpThreads;
        b.streams.addAll(streams);
        b.compartmentId = compartmentId;
        b.verifySignatures = verifySignatures;
        b.apiKeys.addAll(apiKeys);
        b.console = console;
        b.kafka = kafka;
        b.clock = clock;
        return b;
    }

    /**
     * Reads {@code local-server.*} keys; other keys (Camel's, the launcher's) are ignored. An
     * unknown {@code local-server.*} key or a bad value throws {@link IllegalArgumentException}
     * naming the key and what is allowed.
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

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public FsyncPolicy fsyncPolicy() {
        return fsyncPolicy;
    }

    public long fsyncIntervalMs() {
        return fsyncIntervalMs;
    }

    public long segmentBytes() {
        return segmentBytes;
    }

    public long segmentMaxAgeMs() {
        return segmentMaxAgeMs;
    }

    public int indexIntervalBytes() {
        return indexIntervalBytes;
    }

    public long cursorTtlMs() {
        return cursorTtlMs;
    }

    public long lifecycleDelayMs() {
        return lifecycleDelayMs;
    }

    public long retentionCheckIntervalMs() {
        return retentionCheckIntervalMs;
    }

    public int getMaxBytes() {
        return getMaxBytes;
    }

    public boolean throttling() {
        return throttling;
    }

    public long writeBytesPerSecond() {
        return writeBytesPerSecond;
    }

    public int getsPerSecond() {
        return getsPerSecond;
    }

    public double faultProbability() {
        return faultProbability;
    }

    public int maxGroupsPerStream() {
        return maxGroupsPerStream;
    }

    public int maxPartitions() {
        return maxPartitions;
    }

    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    public int httpThreads() {
        return httpThreads;
    }

    public List<StreamSpec> streams() {
        return streams;
    }

    public String compartmentId() {
        return compartmentId;
    }

    public boolean verifySignatures() {
        return verifySignatures;
    }

    public List<Path> apiKeys() {
        return apiKeys;
    }

    /** The Kafka face's settings ({@code local-server.kafka.*}). */
    public KafkaSettings kafka() {
        return kafka;
    }

    public ConsoleMode console() {
        return console;
    }

    public Clock clock() {
        return clock;
    }

    /** Mutable; {@link #build()} checks cross-field rules. Each setter checks its own range. */
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
        private final List<StreamSpec> streams = new ArrayList<>();
        private String compartmentId = DEFAULT_COMPARTMENT;
        private boolean verifySignatures = false;
        private final List<Path> apiKeys = new ArrayList<>();
        private ConsoleMode console = ConsoleMode.AUTO;
        private KafkaSettings kafka = KafkaSettings.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Address to bind; default {@code 127.0.0.1} (loopback only). */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be a host name or IP address");
            }
            this.host = host;
            return this;
        }

        /** TCP port; default 8420; 0 picks a free port. */
        public Builder port(int port) {
            this.port = checkRange("port", port, 0, 65535);
            return this;
        }

        /** Where segments and metadata live; default {@code data} (relative to the working directory). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Default {@link FsyncPolicy#ALWAYS} (one fsync per group of concurrent PutMessages). */
        public Builder fsyncPolicy(FsyncPolicy policy) {
            this.fsyncPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Period of the background fsync under {@link FsyncPolicy#INTERVAL}; default 1000 ms. */
        public Builder fsyncIntervalMs(long ms) {
            this.fsyncIntervalMs = checkRange("fsync-interval-ms", ms, 1, 3_600_000);
            return this;
        }

        /** A segment rolls once it reaches this size; default 64 MiB. */
        public Builder segmentBytes(long bytes) {
            this.segmentBytes = checkRange("segment-bytes", bytes, 4096, 1L << 30);
            return this;
        }

        /**
         * A segment rolls once its first record is this old, so retention can drop whole segments;
         * default 1 h (data outlives its retention by at most about this much).
         */
        public Builder segmentMaxAgeMs(long ms) {
            this.segmentMaxAgeMs = checkRange("segment-max-age-ms", ms, 1, 7L * 24 * 3_600_000);
            return this;
        }

        /** One sparse index entry per this many bytes of a segment; default 4096. */
        public Builder indexIntervalBytes(int bytes) {
            this.indexIntervalBytes = checkRange("index-interval-bytes", bytes, 64, 1 << 24);
            return this;
        }

        /** How long a cursor stays valid after it is issued; default 300 000 ms (the service's 5 minutes). */
        public Builder cursorTtlMs(long ms) {
            this.cursorTtlMs = checkRange("cursor-ttl-ms", ms, 1, 8L * 24 * 3_600_000);
            return this;
        }

        /** How long CREATING and DELETING last; default 0 (ACTIVE at the first GetStream). */
        public Builder lifecycleDelayMs(long ms) {
            this.lifecycleDelayMs = checkRange("lifecycle-delay-ms", ms, 0, 600_000);
            return this;
        }

        /** How often expired segments are looked for and deleted; default 60 000 ms. */
        public Builder retentionCheckIntervalMs(long ms) {
            this.retentionCheckIntervalMs = checkRange("retention-check-interval-ms", ms, 10, 86_400_000);
            return this;
        }

        /**
         * Most key+value bytes one GetMessages returns (at least one message is always returned);
         * default 1 MiB.
         */
        public Builder getMaxBytes(int bytes) {
            this.getMaxBytes = checkRange("get-max-bytes", bytes, 1024, 64 * 1024 * 1024);
            return this;
        }

        /** Whether the service's rate limits are enforced; default false. */
        public Builder throttling(boolean on) {
            this.throttling = on;
            return this;
        }

        /** Write limit per partition when throttling; default 1 MiB/s (the service's 1 MB/s). */
        public Builder writeBytesPerSecond(long bytes) {
            this.writeBytesPerSecond = checkRange("write-bytes-per-second", bytes, 1024, 1L << 40);
            return this;
        }

        /** GetMessages per second per partition per group when throttling; default 5. */
        public Builder getsPerSecond(int n) {
            this.getsPerSecond = checkRange("gets-per-second", n, 1, 1_000_000);
            return this;
        }

        /** Probability that a request is answered 500 or 503 without effect; default 0. */
        public Builder faultProbability(double p) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("fault-probability must be between 0.0 and 1.0");
            }
            this.faultProbability = p;
            return this;
        }

        /** Consumer groups allowed per stream; default 50 (the service's limit). */
        public Builder maxGroupsPerStream(int n) {
            this.maxGroupsPerStream = checkRange("max-groups-per-stream", n, 1, 100_000);
            return this;
        }

        /** Most partitions a stream may have; default 200. */
        public Builder maxPartitions(int n) {
            this.maxPartitions = checkRange("max-partitions", n, 1, 10_000);
            return this;
        }

        /** Largest HTTP request body accepted; default 8 MiB (Base64 and JSON around 1 MiB of data). */
        public Builder maxRequestBytes(int bytes) {
            this.maxRequestBytes = checkRange("max-request-bytes", bytes, 64 * 1024, 256 * 1024 * 1024);
            return this;
        }

        /** Threads serving requests; default 16. */
        public Builder httpThreads(int n) {
            this.httpThreads = checkRange("http-threads", n, 1, 1024);
            return this;
        }

        /** Adds a stream created at start if no ACTIVE stream of that name exists. */
        public Builder stream(String name, int partitions, int retentionHours) {
            streams.add(new StreamSpec(
                    name,
                    checkRange("streams", partitions, 1, 10_000),
                    checkRange("streams", retentionHours, 24, 168)));
            return this;
        }

        /** Compartment of preloaded streams; default {@value #DEFAULT_COMPARTMENT}. */
        public Builder compartmentId(String compartmentId) {
            if (compartmentId == null || compartmentId.isBlank()) {
                throw new IllegalArgumentException("compartment-id must not be blank");
            }
            this.compartmentId = compartmentId;
            return this;
        }

        /** Whether requests must carry a valid OCI signature by a configured key; default false. */
        public Builder verifySignatures(boolean on) {
            this.verifySignatures = on;
            return this;
        }

        /** Adds a PEM public key file, or a directory whose {@code *.pem} files are keys. */
        public Builder apiKey(Path pemFileOrDir) {
            apiKeys.add(Objects.requireNonNull(pemFileOrDir, "pemFileOrDir"));
            return this;
        }

        /**
         * The browser console at {@code /console}; default {@link ConsoleMode#AUTO}: served on a
         * loopback-bound server that does not verify signatures, off otherwise (see docs/console.md).
         */
        public Builder console(ConsoleMode mode) {
            this.console = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The Kafka face; default {@link KafkaSettings#defaults()}: on, port 9092, no TLS. */
        public Builder kafka(KafkaSettings settings) {
            this.kafka = Objects.requireNonNull(settings, "kafka");
            return this;
        }

        KafkaSettings kafka() {
            return kafka;
        }

        /** Time source for timestamps, expiry and retention; default the system UTC clock (tests move it). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ServerConfig build() {
            if (verifySignatures && apiKeys.isEmpty()) {
                throw new IllegalArgumentException(
                        "local-server.verify-signatures=true needs local-server.api-keys (PEM files or directories)");
            }
            if (verifySignatures && console == ConsoleMode.ON) {
                throw new IllegalArgumentException("local-server.console=on cannot be combined with"
                        + " local-server.verify-signatures=true: a browser cannot sign OCI API requests, so the console"
                        + " could not work. Use local-server.console=auto (the console is then off) or off.");
            }
            return new ServerConfig(this);
        }

        private static int checkRange(String key, int value, int min, int max) {
            return (int) checkRange(key, (long) value, min, max);
        }

        private static long checkRange(String key, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
