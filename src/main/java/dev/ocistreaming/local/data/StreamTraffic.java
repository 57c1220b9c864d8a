package dev.ocistreaming.local.data;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Requests and messages per stream, per second, over the last {@value #WINDOW_SECONDS} seconds,
 * for both faces: what the console's traffic table and rate chart show. Each face counts a request
 * once, when it answers it, with the messages (records) it carried; a count costs a map lookup and
 * two compare-and-sets, nothing per message. A stream pays memory only for the flows it has seen.
 */
public final class StreamTraffic {

    /** How far back rates are kept. */
    public static final int WINDOW_SECONDS = 300;

    /** What is counted: the REST face's PutMessages and GetMessages, the Kafka face's Produce and Fetch. */
    public enum Flow {
        PUT,
        GET,
        PRODUCE,
        FETCH
    }

    /** Per-second counts of one flow, oldest first. */
    public record Counts(long[] requests, long[] messages) {}

    /** Per-second counts of every flow, ending with {@code lastSecond} (epoch seconds). */
    public record Series(long lastSecond, Map<Flow, Counts> flows) {

        public Counts of(Flow flow) {
            return flows.get(flow);
        }
    }

    private record FlowCounters(PerSecondCounter requests, PerSecondCounter messages) {

        static FlowCounters create() {
            // one slot more than the window: the second still filling must not evict the oldest one shown
            return new FlowCounters(new PerSecondCounter(WINDOW_SECONDS + 1), new PerSecondCounter(WINDOW_SECONDS + 1));
        }
    }

    private static final Flow[] FLOWS = Flow.values();

    private final Map<String, AtomicReferenceArray<FlowCounters>> byStream = new ConcurrentHashMap<>();
    private final Clock clock;

    public StreamTraffic(Clock clock) {
        this.clock = clock;
    }

    /** One request of {@code flow} answered for the stream, carrying {@code messages} messages (0 for an empty read). */
    public void count(String streamId, Flow flow, int messages) {
        long second = Math.floorDiv(clock.millis(), 1000);
        FlowCounters c = counters(streamId, flow);
        c.requests().add(second, 1);
        if (messages > 0) {
            c.messages().add(second, messages);
        }
    }

    private FlowCounters counters(String streamId, Flow flow) {
        AtomicReferenceArray<FlowCounters> flows = byStream.get(streamId);
        if (flows == null) {
            flows = byStream.computeIfAbsent(streamId, k -> new AtomicReferenceArray<>(FLOWS.length));
        }
        FlowCounters c = flows.get(flow.ordinal());
        if (c == null) {
            FlowCounters created = FlowCounters.create();
            c = flows.compareAndSet(flow.ordinal(), null, created) ? created : flows.get(flow.ordinal());
        }
        return c;
    }

    /**
     * The last {@code seconds} complete seconds (the current second is still filling, so it is left
     * out); zeros for a flow nobody used.
     */
    public Series lastSeconds(String streamId, int seconds) {
        long last = Math.floorDiv(clock.millis(), 1000) - 1;
        int n = Math.max(1, Math.min(seconds, WINDOW_SECONDS));
        AtomicReferenceArray<FlowCounters> flows = byStream.get(streamId);
        Map<Flow, Counts> out = new EnumMap<>(Flow.class);
        for (Flow f : FLOWS) {
            FlowCounters c = flows == null ? null : flows.get(f.ordinal());
            out.put(
                    f,
                    c == null
                            ? new Counts(new long[n], new long[n])
                            : new Counts(
                                    c.requests().series(last, n), c.messages().series(last, n)));
        }
        return new Series(last, out);
    }

    /** Drops a deleted stream's counters. */
    public void forget(String streamId) {
        byStream.remove(streamId);
    }
}
