package dev.ocistreaming.camel;

/** Who commits a consumer group's offsets, and when. */
public enum CommitMode {
    /** The component commits a batch after all its exchanges completed (at-least-once). */
    AFTER_PROCESSING,
    /** The service commits a batch when the next one is fetched (commitOnGet, the demo's mode). */
    ON_GET,
    /** Only the route commits, through the {@code CamelOciStreamingManualCommit} header. */
    MANUAL
}
