package dev.ocistreaming.camel;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Checks options when a route starts, so a mistake fails there with a message naming the option and what it
 * accepts, rather than as an odd error from the service later.
 */
public final class ConfigurationValidator {

    private ConfigurationValidator() {}

    /** Parses an enumerated option, case-insensitively; a bad value names the option and the allowed values. */
    public static <E extends Enum<E>> E parse(String option, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            throw invalid(option, value, "one of " + allowed(type));
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw invalid(option, value, "one of " + allowed(type));
        }
    }

    /** Checks what any endpoint needs, producer or consumer. */
    public static void validateCommon(OciStreamingConfiguration c) {
        if (c.getStream() == null || c.getStream().isBlank()) {
            throw new IllegalArgumentException("The stream (URI path oci-streaming:<stream>) is missing: give a stream"
                    + " OCID (ocid1.stream...) or a stream name");
        }
        c.authType();
        if (!c.isStreamOcid()) {
            if (c.getCompartmentId() == null && c.getStreamPoolId() == null) {
                throw new IllegalArgumentException("Stream '" + c.getStream() + "' is given by name: set compartmentId"
                        + " or streamPoolId to look it up, or use its OCID (ocid1.stream...)");
            }
            if (c.getCompartmentId() != null && c.getStreamPoolId() != null) {
                throw new IllegalArgumentException("Set only one of compartmentId and streamPoolId, not both");
            }
        }
        if (c.getEndpoint() == null
                && c.getAdminEndpoint() == null
                && c.getRegion() == null
                && c.getStreamClient() == null) {
            throw new IllegalArgumentException("No endpoint: set endpoint (the messages endpoint or the local server"
                    + " URL), adminEndpoint or region");
        }
        positive("partitions", c.getPartitions());
        positive("connectTimeoutMs", c.getConnectTimeoutMs());
        fitsInt("connectTimeoutMs", c.getConnectTimeoutMs());
        positive("readTimeoutMs", c.getReadTimeoutMs());
        fitsInt("readTimeoutMs", c.getReadTimeoutMs());
        positive("sdkMaxAttempts", c.getSdkMaxAttempts());
        positive("streamActiveTimeoutMs", c.getStreamActiveTimeoutMs());
        notNegative("startTimeoutMs", c.getStartTimeoutMs());
    }

    /** Checks the producer's options. */
    public static void validateProducer(OciStreamingConfiguration c) {
        validateCommon(c);
        positive("maxBatchBytes", c.getMaxBatchBytes());
        if (c.getMaxBatchBytes() > ServiceLimits.MAX_REQUEST_BYTES) {
            throw invalid(
                    "maxBatchBytes",
                    String.valueOf(c.getMaxBatchBytes()),
                    "at most " + ServiceLimits.MAX_REQUEST_BYTES + " (1 MiB, the service's request limit)");
        }
        positive("maxBatchCount", c.getMaxBatchCount());
        positive("maxInFlight", c.getMaxInFlight());
        notNegative("maxRetries", c.getMaxRetries());
        notNegative("retryBackoffMs", c.getRetryBackoffMs());
        notNegative("maxRetryBackoffMs", c.getMaxRetryBackoffMs());
        if (c.getMaxQueuedBytes() < c.getMaxBatchBytes()) {
            throw invalid(
                    "maxQueuedBytes",
                    String.valueOf(c.getMaxQueuedBytes()),
                    "at least maxBatchBytes (" + c.getMaxBatchBytes() + ")");
        }
        notNegative("maxBlockMs", c.getMaxBlockMs());
        if (c.getKey() != null
                && c.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > ServiceLimits.MAX_KEY_BYTES) {
            throw invalid(
                    "key",
                    c.getKey(),
                    "at most " + ServiceLimits.MAX_KEY_BYTES + " bytes in UTF-8 (the service's key limit)");
        }
    }

    /** Checks the consumer's options: exactly one mode, and what that mode needs. */
    public static void validateConsumer(OciStreamingConfiguration c) {
        validateCommon(c);
        boolean group = c.getGroupName() != null;
        boolean partition = c.getPartition() != null;
        if (group == partition) {
            throw new IllegalArgumentException(
                    group
                            ? "Set groupName (group mode) or partition (partition mode), not both"
                            : "A consumer needs groupName (group mode) or partition (partition mode)");
        }
        c.commitMode();
        c.pollOnError();
        range("maxMessagesPerPoll", c.getMaxMessagesPerPoll(), 1, ServiceLimits.MAX_GET_LIMIT);
        positive("consumersCount", c.getConsumersCount());
        positive("maxUncommittedMessages", c.getMaxUncommittedMessages());
        notNegative("minPollIntervalMs", c.getMinPollIntervalMs());
        notNegative("maxIdlePollIntervalMs", c.getMaxIdlePollIntervalMs());
        notNegative("errorBackoffMs", c.getErrorBackoffMs());
        notNegative("maxErrorBackoffMs", c.getMaxErrorBackoffMs());
        notNegative("idleLogIntervalMs", c.getIdleLogIntervalMs());
        notNegative("shutdownTimeoutMs", c.getShutdownTimeoutMs());
        if (c.getHeartbeatIntervalMs() != null) {
            positive("heartbeatIntervalMs", c.getHeartbeatIntervalMs());
        }
        if (group) {
            validateGroupMode(c);
        } else {
            validatePartitionMode(c);
        }
    }

    private static void validateGroupMode(OciStreamingConfiguration c) {
        positive("groupTimeoutMs", c.getGroupTimeoutMs());
        fitsInt("groupTimeoutMs", c.getGroupTimeoutMs());
        InitialPosition position = c.initialPosition();
        requireTimeIff("initialPosition", position == InitialPosition.AT_TIME, c);
        if (c.getCursorType() != null || c.getOffset() != null) {
            throw new IllegalArgumentException("cursorType and offset belong to partition mode; in group mode"
                    + " (groupName) use initialPosition (LATEST, TRIM_HORIZON, AT_TIME)");
        }
    }

    private static void validatePartitionMode(OciStreamingConfiguration c) {
        CursorType type = c.cursorType();
        requireTimeIff("cursorType", type == CursorType.AT_TIME, c);
        boolean needsOffset = type == CursorType.AT_OFFSET || type == CursorType.AFTER_OFFSET;
        if (needsOffset && c.getOffset() == null) {
            throw new IllegalArgumentException("cursorType=" + type + " needs the offset option");
        }
        if (c.getOffset() != null && !needsOffset) {
            throw new IllegalArgumentException(
                    "offset is only used with cursorType AT_OFFSET or AFTER_OFFSET, not " + type);
        }
        if (c.getOffset() != null) {
            notNegative("offset", c.getOffset());
        }
        if (c.getConsumersCount() != 1) {
            throw invalid(
                    "consumersCount",
                    String.valueOf(c.getConsumersCount()),
                    "1 in partition mode (several readers of one partition would each get every message)");
        }
        if (c.commitMode() != CommitMode.AFTER_PROCESSING) {
            throw new IllegalArgumentException("commitMode=" + c.getCommitMode() + " needs group mode (groupName):"
                    + " partition mode keeps its position in memory and commits nothing");
        }
    }

    private static void requireTimeIff(String option, boolean atTime, OciStreamingConfiguration c) {
        if (atTime && c.getStartTime() == null) {
            throw new IllegalArgumentException(option + "=AT_TIME needs startTime (ISO-8601 instant or epoch ms)");
        }
        if (!atTime && c.getStartTime() != null) {
            throw new IllegalArgumentException("startTime is only used with " + option + "=AT_TIME");
        }
        if (atTime) {
            startInstant(c.getStartTime());
        }
    }

    /** Parses startTime: an ISO-8601 instant or epoch milliseconds. */
    public static Instant startInstant(String value) {
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid("startTime", value, "an ISO-8601 instant such as 2026-01-01T00:00:00Z, or epoch ms");
        }
    }

    private static void positive(String option, long value) {
        if (value <= 0) {
            throw invalid(option, String.valueOf(value), "a number greater than 0");
        }
    }

    /** The SDK and the service take these in int milliseconds (about 24 days). */
    private static void fitsInt(String option, long value) {
        if (value > Integer.MAX_VALUE) {
            throw invalid(option, String.valueOf(value), "at most " + Integer.MAX_VALUE + " ms (24 days)");
        }
    }

    private static void notNegative(String option, long value) {
        if (value < 0) {
            throw invalid(option, String.valueOf(value), "a number of 0 or more");
        }
    }

    private static void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(option, String.valueOf(value), "a number from " + min + " to " + max);
        }
    }

    private static IllegalArgumentException invalid(String option, String value, String expected) {
        return new IllegalArgumentException(
                "Invalid value '" + value + "' for option " + option + ": expected " + expected);
    }

    private static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
