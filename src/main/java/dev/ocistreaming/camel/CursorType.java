package dev.ocistreaming.camel;

/** Start of a partition-mode cursor, as the service names them. */
public enum CursorType {
    TRIM_HORIZON,
    LATEST,
    AT_TIME,
    AT_OFFSET,
    AFTER_OFFSET
}
