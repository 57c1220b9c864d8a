package dev.ocistreaming.camel.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.model.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two orderings that keep a poll made ahead (or under way on another thread) from passing messages a discard
 * dropped: a discard invalidates the session before it starts the new generation, and a batch fetched in an older
 * generation is discarded again rather than only not delivered. The session here is a recording stand-in for our own
 * {@link CursorSession} interface (what happens over the wire is covered by the consumer's ITs).
 */
class WatermarkDiscardTest {

    /** Records, for each invalidation, the generation the watermarks had at that moment. */
    private static final class RecordingSession implements CursorSession {
        WatermarkCommits watermarks;
        final List<Long> invalidatedAtGeneration = new ArrayList<>();

        @Override
        public void open() {}

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void invalidate() {
            invalidatedAtGeneration.add(watermarks.generation());
        }

        @Override
        public Batch poll(int limit) {
            return new Batch(List.of(), 0, null);
        }

        @Override
        public void commit(CommitPoint point) {}

        @Override
        public void rewind(Batch batch, int failedIndex) {}

        @Override
        public boolean heartbeat() {
            return false;
        }

        @Override
        public long lastContactNanos() {
            return System.nanoTime();
        }
    }

    private final RecordingSession session = new RecordingSession();
    private final WatermarkCommits watermarks = watermarks(session);

    private static WatermarkCommits watermarks(RecordingSession session) {
        InstanceState state = new InstanceState("test");
        WatermarkCommits w =
                new WatermarkCommits(session, new Committer(session, state, 10, 10, "test"), state, "test", 1000);
        session.watermarks = w;
        return w;
    }

    private static Batch batch(long sequence, long... offsets) {
        List<Message> messages = new ArrayList<>();
        for (long offset : offsets) {
            messages.add(Message.builder().stream("s")
                    .partition("0")
                    .offset(offset)
                    .value(new byte[0])
                    .build());
        }
        return new Batch(messages, sequence, "cursor-" + sequence);
    }

    @Test
    void aDiscardInvalidatesTheSessionBeforeItStartsTheNewGeneration() {
        long before = watermarks.generation();

        watermarks.discard("test");

        assertThat(watermarks.generation()).isGreaterThan(before);
        // a poll that reads the new generation must find the session already invalidated
        assertThat(session.invalidatedAtGeneration).containsExactly(before);
    }

    @Test
    void aBatchFetchedInAnOlderGenerationIsNotDeliveredAndDiscardsTheSessionAgain() {
        long old = watermarks.generation();
        watermarks.discard("a route thread's discard while a poll was under way");
        int invalidations = session.invalidatedAtGeneration.size();
        long current = watermarks.generation();

        assertThat(watermarks.admit(batch(1, 5, 6), old)).isFalse();

        assertThat(session.invalidatedAtGeneration)
                .as("the session's cursor moved past the refused batch: it is re-created from the last commit")
                .hasSize(invalidations + 1);
        assertThat(watermarks.generation())
                .as("a batch fetched after the refused one is refused too")
                .isGreaterThan(current);
        assertThat(watermarks.admit(batch(2, 5, 6), watermarks.generation())).isTrue();
    }
}
