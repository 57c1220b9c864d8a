package dev.ocistreaming.local.log;

import dev.ocistreaming.local.FsyncPolicy;
import java.time.Clock;

/** What a partition log needs to know from the server configuration. */
public record LogSettings(
        FsyncPolicy fsyncPolicy, long segmentBytes, long segmentMaxAgeMs, int indexIntervalBytes, Clock clock) {}
