package dev.ocistreaming.local.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.local.data.StreamTraffic.Flow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Requests and messages per flow and second, for both faces, kept apart per stream. */
class StreamTrafficTest {

    /** A clock set by hand, so seconds are exact. */
    private static final class HandClock extends Clock {
        long millis = 1_700_000_000_000L;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
    }

    private final HandClock clock = new HandClock();
    private final StreamTraffic traffic = new StreamTraffic(clock);

    @Test
    void eachFlowCountsItsRequestsAndMessagesApart() {
        traffic.count("s", Flow.PUT, 10);
        traffic.count("s", Flow.PUT, 5);
        traffic.count("s", Flow.PRODUCE, 7);
        traffic.count("s", Flow.FETCH, 0);
        traffic.count("s", Flow.FETCH, 3);
        traffic.count("other", Flow.GET, 99);
        clock.millis += 1000;

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
        clock.millis += 1000;
        traffic.count("s", Flow.PRODUCE, 1);
        clock.millis += 1000;
        assertThat(traffic.lastSeconds("s", 3).of(Flow.PRODUCE).messages()).containsExactly(0, 4, 1);
        clock.millis += StreamTraffic.WINDOW_SECONDS * 1000L;
        assertThat(traffic.lastSeconds("s", StreamTraffic.WINDOW_SECONDS)
                        .of(Flow.PRODUCE)
                        .messages())
                .containsOnly(0);
    }

    @Test
    void aForgottenStreamStartsFromZeroAndAnUnknownOneIsAllZeros() {
        traffic.count("s", Flow.GET, 2);
        clock.millis += 1000;
        traffic.forget("s");
        StreamTraffic.Series series = traffic.lastSeconds("s", 5);
        for (Flow f : Flow.values()) {
            assertThat(series.of(f).requests()).hasSize(5).containsOnly(0);
            assertThat(series.of(f).messages()).hasSize(5).containsOnly(0);
        }
    }
}
