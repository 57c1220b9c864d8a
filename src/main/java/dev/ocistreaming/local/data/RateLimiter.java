package dev.ocistreaming.local.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key, refilled continuously at {@code ratePerSecond} up to one second's worth:
 * the service's limits are per second, so a one-second burst is what it tolerates.
 */
final class RateLimiter {

    private final double ratePerSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }

    private static final class Bucket {
        double tokens;
        long updatedAt;
    }

    /** Takes {@code amount} tokens and returns 0 if there are enough; otherwise returns the ms to wait. */
    long tryAcquire(String key, double amount, long nowMs) {
        Bucket b = buckets.computeIfAbsent(key, k -> {
            Bucket nb = new Bucket();
            nb.tokens = ratePerSecond;
            nb.updatedAt = nowMs;
            return nb;
        });
        synchronized (b) {
            b.tokens = Math.min(ratePerSecond, b.tokens + (nowMs - b.updatedAt) * ratePerSecond / 1000.0);
            b.updatedAt = Math.max(b.updatedAt, nowMs);
            // a request larger than a whole second's budget passes once the bucket is full
            double needed = Math.min(amount, ratePerSecond);
            if (b.tokens >= needed) {
                b.tokens -= amount;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((needed - b.tokens) * 1000.0 / ratePerSecond));
        }
    }
}
