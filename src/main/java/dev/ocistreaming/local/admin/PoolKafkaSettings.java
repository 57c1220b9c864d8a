package dev.ocistreaming.local.admin;

/**
 * A stream pool's Kafka settings (the {@code kafkaSettings} of the service's StreamPool): whether a Kafka client may
 * create a topic by naming it, and the partitions and retention a topic gets when its creator does not say. The
 * {@code bootstrapServers} of the API is not stored: it is the Kafka listener's address, known only at run time.
 *
 * <p>Oracle's API reference gives no defaults. A pool created without settings gets what the service was seen to
 * answer for one (auto-creation off, 1 partition, 24 h). A compartment's default pool auto-creates topics: connections
 * that name no pool land in it, a Kafka broker's own default is {@code auto.create.topics.enable=true}, and the local
 * server auto-created topics there before pools had settings.
 */
public record PoolKafkaSettings(boolean autoCreateTopicsEnable, int numPartitions, int logRetentionHours) {

    /** The retention a stream may have, in hours (CreateStream's range). */
    public static final int MIN_RETENTION_HOURS = 24;

    public static final int MAX_RETENTION_HOURS = 168;

    /** A pool made by CreateStreamPool without {@code kafkaSettings}. */
    public static PoolKafkaSettings forCreatedPool() {
        return new PoolKafkaSettings(false, 1, 24);
    }

    /** A compartment's default pool, made on first use. */
    public static PoolKafkaSettings forDefaultPool() {
        return new PoolKafkaSettings(true, 1, 24);
    }

    /** The defaults of a pool of this kind. */
    static PoolKafkaSettings defaults(boolean defaultPool) {
        return defaultPool ? forDefaultPool() : forCreatedPool();
    }

    /** These settings with the given values replacing the current ones; null keeps a value. */
    PoolKafkaSettings with(Change change) {
        return new PoolKafkaSettings(
                change.autoCreateTopicsEnable() == null ? autoCreateTopicsEnable : change.autoCreateTopicsEnable(),
                change.numPartitions() == null ? numPartitions : change.numPartitions(),
                change.logRetentionHours() == null ? logRetentionHours : change.logRetentionHours());
    }

    /** What could not have been written by this server, or null. */
    String problem() {
        return Checks.first(
                Checks.range("kafkaSettings.numPartitions", numPartitions, 1, Checks.MAX_PARTITIONS),
                Checks.range(
                        "kafkaSettings.logRetentionHours",
                        logRetentionHours,
                        MIN_RETENTION_HOURS,
                        MAX_RETENTION_HOURS));
    }

    /** The settings a request gives, each null when not given (an update changes only what it names). */
    public record Change(Boolean autoCreateTopicsEnable, Integer numPartitions, Integer logRetentionHours) {

        public static final Change NONE = new Change(null, null, null);
    }
}
