package dev.ocistreaming.camel.consumer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts how often this instance delivered a partition/offset that failed, so a route can divert a poison message
 * (header CamelOciStreamingDeliveryAttempt). Bounded: only recent failures are remembered.
 */
final class DeliveryAttempts {

    private static final int MAX_TRACKED = 10_000;

    private final Map<String, Integer> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    synchronized int attempt(String partition, long offset) {
        if (failures.isEmpty()) {
            return 1; // the usual case: no key to build
        }
        return failures.getOrDefault(partition + "@" + offset, 0) + 1;
    }

    synchronized void failed(String partition, long offset) {
        failures.merge(partition + "@" + offset, 1, Integer::sum);
    }

    synchronized void done(String partition, long offset) {
        if (failures.isEmpty()) {
            return;
        }
        failures.remove(partition + "@" + offset);
    }
}
