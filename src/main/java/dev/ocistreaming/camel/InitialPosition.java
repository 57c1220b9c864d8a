package dev.ocistreaming.camel;

/**
 * Where a consumer group starts when the service creates it; an existing group resumes after its commits. Named exactly
 * as the service names them on the wire (the SDK's {@code CreateGroupCursorDetails.Type.create} maps the name).
 */
public enum InitialPosition {
    LATEST,
    TRIM_HORIZON,
    AT_TIME
}
