package dev.ocistreaming.camel.producer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Backoff for producer retries: exponential, but never shorter than the service's own hint. */
final class RetryDelay {

    /** The service's throttling message: "... next request can be made in 453 ms". */
    private static final Pattern HINT = Pattern.compile("next request can be made in (\\d+) ?ms");

    private RetryDelay() {}

    static long millis(int attempt, long initial, long max, String serviceMessage) {
        long exponential = initial << Math.min(attempt, 20);
        long delay = Math.min(max, exponential);
        long hint = hintMillis(serviceMessage);
        return Math.max(delay, hint);
    }

    static long hintMillis(String serviceMessage) {
        if (serviceMessage == null) {
            return 0;
        }
        Matcher m = HINT.matcher(serviceMessage);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
