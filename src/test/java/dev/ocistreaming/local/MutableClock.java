package dev.ocistreaming.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock tests move forward by hand, to age data without waiting: system time plus an offset, or, {@link #stoppedAt
 * stopped}, a fixed instant plus the offset, so every reading is exact.
 */
public final class MutableClock extends Clock {

    private final LongSupplier base;
    private volatile long offsetMs;

    public MutableClock() {
        this(System::currentTimeMillis);
    }

    private MutableClock(LongSupplier base) {
        this.base = base;
    }

    /** A clock that stands at {@code epochMs} until advanced. */
    public static MutableClock stoppedAt(long epochMs) {
        return new MutableClock(() -> epochMs);
    }

    public void advance(Duration d) {
        offsetMs += d.toMillis();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        return base.getAsLong() + offsetMs;
    }
}
