package dev.ocistreaming.camel;

/** Where a consumer group starts when the service creates it; an existing group resumes after its commits. */
public enum InitialPosition {
    LATEST,
    TRIM_HORIZON,
    AT_TIME
}
