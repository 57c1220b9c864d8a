package dev.ocistreaming.local.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages put and got per stream, per second, over the last {@value #WINDOW_SECONDS} seconds: what
 * the console's rate chart draws. The data plane counts each request once, after it succeeded; a
 * count costs a map lookup and one compare-and-set, nothing per message.
 */
public final class StreamTraffic {

    /** How far back rates are kept. */
    public static final int WINDOW_SECONDS = 300;

    /** Per-second counts, oldest first, ending with {@code lastSecond} (epoch seconds). */
    public record Series(long lastSecond, long[] put, long[] get) {}

    private record Counters(PerSecondCounter put, PerSecondCounter get) {}

    private final Map<String, Counters> byStream = new ConcurrentHashMap<>();

    void countPut(String streamId, int messages, long nowMs) {
        if (messages > 0) {
            counters(streamId).put().add(Math.floorDiv(nowMs, 1000), messages);
        }
    }

    void countGet(String streamId, int messages, long nowMs) {
        if (messages > 0) {
            counters(streamId).get().add(Math.floorDiv(nowMs, 1000), messages);
        }
    }

    private Counters counters(String streamId) {
        Counters c = byStream.get(streamId);
        return c != null
                ? c
                : byStream.computeIfAbsent(
                        streamId,
                        // one slot more than the window: the second still filling must not evict the oldest one shown
                        k -> new Counters(
                                new PerSecondCounter(WINDOW_SECONDS + 1), new PerSecondCounter(WINDOW_SECONDS + 1)));
    }

    /**
     * The last {@code seconds} complete seconds before {@code nowMs} (the current second is still
     * filling, so it is left out); zeros for a stream nobody used.
     */
    public Series lastSeconds(String streamId, int seconds, long nowMs) {
        long last = Math.floorDiv(nowMs, 1000) - 1;
        int n = Math.max(1, Math.min(seconds, WINDOW_SECONDS));
        Counters c = byStream.get(streamId);
        if (c == null) {
            return new Series(last, new long[n], new long[n]);
        }
        return new Series(last, c.put().series(last, n), c.get().series(last, n));
    }

    /** Drops a deleted stream's counters. */
    public void forget(String streamId) {
        byStream.remove(streamId);
    }
}
