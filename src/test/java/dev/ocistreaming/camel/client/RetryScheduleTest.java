package dev.ocistreaming.camel.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void doublesUpToTheLongestDelayAndStartsAgainAfterAReset() {
        RetrySchedule s = new RetrySchedule(RetrySchedule.doubling(100, 500).build());
        assertThat(s.nextDelayMillis(0)).isEqualTo(100);
        assertThat(s.nextDelayMillis(0)).isEqualTo(200);
        assertThat(s.nextDelayMillis(0)).isEqualTo(400);
        assertThat(s.nextDelayMillis(0)).isEqualTo(500);
        s.reset();
        assertThat(s.nextDelayMillis(0)).isEqualTo(100);
    }

    @Test
    void aFirstDelayOfZeroStillGrows() {
        RetrySchedule s = new RetrySchedule(RetrySchedule.doubling(0, 5).build());
        assertThat(s.nextDelayMillis(0)).isZero();
        assertThat(s.nextDelayMillis(0)).isEqualTo(2);
        assertThat(s.nextDelayMillis(0)).isEqualTo(4);
        assertThat(s.nextDelayMillis(0)).isEqualTo(5);
    }

    @Test
    void theServiceHintWinsWhenLonger() {
        String message = "Request was throttled because bytes limit exhausted, next request can be made in 453 ms";
        long hint = ServiceErrors.retryHintMillis(message);
        assertThat(hint).isEqualTo(453);
        RetrySchedule s = new RetrySchedule(RetrySchedule.doubling(100, 5000).build());
        assertThat(s.nextDelayMillis(hint)).isEqualTo(453);
        assertThat(s.nextDelayMillis(0)).isEqualTo(200);
        assertThat(ServiceErrors.retryHintMillis("Service unavailable")).isZero();
        assertThat(ServiceErrors.retryHintMillis((String) null)).isZero();
    }

    @Test
    void attemptsAreCountedAgainstTheLimit() {
        RetrySchedule s =
                new RetrySchedule(RetrySchedule.doubling(1, 10).maxAttempts(2L).build());
        assertThat(s.canRetry()).isTrue();
        s.nextDelayMillis(0);
        assertThat(s.canRetry()).isTrue();
        s.nextDelayMillis(0);
        assertThat(s.canRetry()).isFalse();
    }

    @Test
    void noWaitGoesPastTheElapsedTimeAllowed() {
        RetrySchedule s = new RetrySchedule(
                RetrySchedule.doubling(60_000, 60_000).maxElapsedTime(1_000).build());
        assertThat(s.canRetry()).isTrue();
        assertThat(s.nextDelayMillis(0)).isBetween(0L, 1_000L);
        RetrySchedule none = new RetrySchedule(
                RetrySchedule.doubling(100, 100).maxElapsedTime(0).build());
        assertThat(none.canRetry()).isFalse();
    }
}
