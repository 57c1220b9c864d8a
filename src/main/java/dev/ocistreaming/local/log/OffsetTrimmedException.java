package dev.ocistreaming.local.log;

/** A read asked for an offset that retention (or recovery) has already removed. */
public final class OffsetTrimmedException extends Exception {

    private final long trimHorizon;

    public OffsetTrimmedException(long offset, long trimHorizon) {
        super("offset " + offset + " is before the trim horizon " + trimHorizon, null, false, false);
        this.trimHorizon = trimHorizon;
    }

    public long trimHorizon() {
        return trimHorizon;
    }
}
