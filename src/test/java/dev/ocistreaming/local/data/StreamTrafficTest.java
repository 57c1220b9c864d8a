package dev.ocistreaming.local.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.local.MutableClock;
import dev.ocistreaming.local.data.StreamTraffic.Flow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Requests and messages per flow and second, for both faces, kept apart per stream. */
class StreamTrafficTest {

    /** Stopped, so seconds are exact. */
    private final MutableClock clock = MutableClock.stoppedAt(1_700_000_000_000L);

    private final StreamTraffic traffic = new StreamTraffic(clock);

    @Test
    void eachFlowCountsItsRequestsAndMessagesApart() {
        traffic.count("s", Flow.PUT, 10);
        traffic.count("s", Flow.PUT, 5);
        traffic.count("s", Flow.PRODUCE, 7);
        traffic.count("s", Flow.FETCH, 0);
        traffic.count("s", Flow.FETCH, 3);
        traffic.count("other", Flow.GET, 99);
        clock.advance(Duration.ofSeconds(1));

        StreamTraffic.Series last = traffic.lastSeconds("s", 2);
        assertThat(last.of(Flow.PUT).requests()).containsExactly(0, 2);
        assertThat(last.of(Flow.PUT).messages()).containsExactly(0, 15);
        assertThat(last.of(Flow.PRODUCE).requests()).containsExactly(0, 1);
        assertThat(last.of(Flow.PRODUCE).messages()).containsExactly(0, 7);
        assertThat(last.of(Flow.FETCH).requests())
                .as("an empty fetch is a request without records")
                .containsExactly(0, 2);
        assertThat(last.of(Flow.FETCH).messages()).containsExactly(0, 3);
        assertThat(last.of(Flow.GET).requests()).as("another stream's").containsExactly(0, 0);
    }

    @Test
    void theSecondStillFillingIsLeftOutAndOldSecondsLeaveTheWindow() {
        traffic.count("s", Flow.PRODUCE, 4);
        assertThat(traffic.lastSeconds("s", 3).of(Flow.PRODUCE).messages()).containsExactly(0, 0, 0);
        clock.advance(Duration.ofSeconds(1));
        traffic.count("s", Flow.PRODUCE, 1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(traffic.lastSeconds("s", 3).of(Flow.PRODUCE).messages()).containsExactly(0, 4, 1);
        clock.advance(Duration.ofSeconds(StreamTraffic.WINDOW_SECONDS));
        assertThat(traffic.lastSeconds("s", StreamTraffic.WINDOW_SECONDS)
                        .of(Flow.PRODUCE)
                        .messages())
                .containsOnly(0);
    }

    @Test
    void aForgottenStreamStartsFromZeroAndAnUnknownOneIsAllZeros() {
        traffic.count("s", Flow.GET, 2);
        clock.advance(Duration.ofSeconds(1));
        traffic.forget("s");
        StreamTraffic.Series series = traffic.lastSeconds("s", 5);
        for (Flow f : Flow.values()) {
            assertThat(series.of(f).requests()).hasSize(5).containsOnly(0);
            assertThat(series.of(f).messages()).hasSize(5).containsOnly(0);
        }
    }
}
