package dev.ocistreaming.local.admin;

/**
 * Lifecycle states derived from times rather than timers: CREATING for {@code lifecycle-delay-ms}
 * after creation, then ACTIVE; DELETING for as long after a delete, then DELETED.
 */
final class Lifecycle {

    private Lifecycle() {}

    static String state(long timeCreated, long deleteRequestedAt, long now, long delayMs) {
        if (deleteRequestedAt >= 0) {
            return now < deleteRequestedAt + delayMs ? "DELETING" : "DELETED";
        }
        return now < timeCreated + delayMs ? "CREATING" : "ACTIVE";
    }
}
