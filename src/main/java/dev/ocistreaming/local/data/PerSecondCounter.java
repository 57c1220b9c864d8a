package dev.ocistreaming.local.data;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Events per second over a sliding window of whole seconds, lock-free. Each slot packs the second
 * it counts (low 32 bits of the epoch second, in the high half) with its count (low half), so a
 * slot is claimed for a new second and counted in one compare-and-set: no count is lost when two
 * requests race into a new second, and the data plane pays one CAS per request.
 */
final class PerSecondCounter {

    private static final long COUNT_MASK = 0xFFFF_FFFFL;

    private final AtomicLongArray slots;

    PerSecondCounter(int windowSeconds) {
        this.slots = new AtomicLongArray(windowSeconds);
    }

    void add(long epochSecond, long n) {
        int slot = slot(epochSecond);
        long stamp = epochSecond & COUNT_MASK;
        while (true) {
            long current = slots.get(slot);
            long next = (current >>> 32) == stamp
                    ? (stamp << 32) | Math.min(COUNT_MASK, (current & COUNT_MASK) + n)
                    : (stamp << 32) | Math.min(COUNT_MASK, n);
            if (slots.compareAndSet(slot, current, next)) {
                return;
            }
        }
    }

    /** Counts of the {@code seconds} seconds ending with {@code lastSecond}, oldest first; at most the window. */
    long[] series(long lastSecond, int seconds) {
        int n = Math.min(seconds, slots.length());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long second = lastSecond - (n - 1 - i);
            long v = slots.get(slot(second));
            out[i] = (v >>> 32) == (second & COUNT_MASK) ? v & COUNT_MASK : 0;
        }
        return out;
    }

    private int slot(long epochSecond) {
        return (int) Math.floorMod(epochSecond, (long) slots.length());
    }
}
