package dev.ocistreaming.app.bench;

import dev.ocistreaming.local.FsyncPolicy;
import java.util.Map;

/**
 * The Apache Kafka broker's flush settings that give it the durability of the local server's fsync policy, so the
 * Kafka rows compare the two at equal durability, and how each side's policy reads in the table.
 *
 * <p>A broker forces a partition's log when {@code log.flush.interval.messages} records are unflushed (checked on
 * each append, before the produce is answered) or when {@code log.flush.interval.ms} has passed (checked by a
 * background flusher every {@code log.flush.scheduler.interval.ms}); by default neither ever happens and the OS writes
 * the pages back, as with our {@code never}. Both sides also force a segment when it rolls. See "Broker Configs" in
 * the Apache Kafka documentation.
 */
final class EqualDurability {

    /** How often the broker's flusher looks for a log whose interval has passed, under {@code interval}. */
    static final long FLUSH_CHECK_MS = 100;

    private EqualDurability() {}

    /** @param intervalMs the local server's {@code fsync-interval-ms}, used under {@code interval} */
    static Map<String, String> brokerFlush(FsyncPolicy fsync, long intervalMs) {
        return switch (fsync) {
            case ALWAYS -> Map.of("log.flush.interval.messages", "1");
            case INTERVAL ->
                Map.of(
                        "log.flush.interval.ms",
                        Long.toString(intervalMs),
                        "log.flush.scheduler.interval.ms",
                        Long.toString(Math.min(FLUSH_CHECK_MS, intervalMs)));
            case NEVER -> Map.of();
        };
    }

    static String brokerLabel(FsyncPolicy fsync, long intervalMs) {
        return switch (fsync) {
            case ALWAYS -> "log.flush.interval.messages=1 (forced on each append, before the answer)";
            case INTERVAL -> "log.flush.interval.ms=" + intervalMs + " (forced every " + intervalMs + " ms)";
            case NEVER -> "no log.flush settings (Kafka's default: left to the OS)";
        };
    }

    static String serverLabel(FsyncPolicy fsync, long intervalMs) {
        return switch (fsync) {
            case ALWAYS -> "fsync=always (forced before the answer)";
            case INTERVAL -> "fsync=interval (forced every " + intervalMs + " ms)";
            case NEVER -> "fsync=never (left to the OS)";
        };
    }
}
