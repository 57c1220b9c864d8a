package dev.ocistreaming.camel;

/**
 * Start of a partition-mode cursor, named exactly as the service names them on the wire (the SDK's
 * {@code CreateCursorDetails.Type.create} maps the name).
 */
public enum CursorType {
    TRIM_HORIZON,
    LATEST,
    AT_TIME,
    AT_OFFSET,
    AFTER_OFFSET
}
