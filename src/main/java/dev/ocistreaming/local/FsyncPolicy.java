package dev.ocistreaming.local;

/**
 * When the segment log forces appended records to the disk.
 *
 * <p>What each setting can cost is spelled out in {@code docs/local-server.md}.
 */
public enum FsyncPolicy {
    /**
     * PutMessages answers only after its records are on disk; concurrent requests share one fsync.
     * Readers see a record only once it is durable. Neither {@code kill -9} nor power loss loses an
     * acknowledged message.
     */
    ALWAYS,
    /**
     * Records are forced every {@code fsync-interval-ms}. {@code kill -9} loses nothing (the page
     * cache survives the process); power loss can lose the last interval of acknowledged messages.
     */
    INTERVAL,
    /**
     * Never forced except when a segment rolls or the server closes. {@code kill -9} loses nothing;
     * power loss can lose whatever the OS had not yet written back (typically up to ~30 s on Linux).
     */
    NEVER;

    static FsyncPolicy parse(String key, String value) {
        for (FsyncPolicy p : values()) {
            if (p.name().equalsIgnoreCase(value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(key + "=" + value + " is not allowed; use one of always, interval, never");
    }
}
