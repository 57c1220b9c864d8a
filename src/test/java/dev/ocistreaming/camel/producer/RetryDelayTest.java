package dev.ocistreaming.camel.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryDelayTest {

    @Test
    void doublesUpToTheMaximum() {
        assertThat(RetryDelay.millis(0, 100, 5000, null)).isEqualTo(100);
        assertThat(RetryDelay.millis(3, 100, 5000, null)).isEqualTo(800);
        assertThat(RetryDelay.millis(30, 100, 5000, null)).isEqualTo(5000);
    }

    @Test
    void theServiceHintWinsWhenLonger() {
        String message = "Request was throttled because bytes limit exhausted, next request can be made in 453 ms";
        assertThat(RetryDelay.millis(0, 100, 5000, message)).isEqualTo(453);
        assertThat(RetryDelay.millis(4, 100, 5000, message)).isEqualTo(1600);
    }
}
