package dev.ocistreaming.camel.consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollPacerTest {

    @Test
    void afterAFullBatchPollsAgainOnceTheMinimumIntervalHasPassed() {
        PollPacer pacer = new PollPacer(200, 1000, 500, 10_000);
        assertThat(pacer.afterPoll(100, 100, 0, 50)).isEqualTo(150);
        assertThat(pacer.afterPoll(100, 100, 0, 500)).isZero();
    }

    @Test
    void idlePollsBackOffUpToTheCeilingAndMessagesResetIt() {
        PollPacer pacer = new PollPacer(200, 1000, 500, 10_000);
        assertThat(pacer.afterPoll(0, 100, 0, 0)).isEqualTo(200);
        assertThat(pacer.afterPoll(0, 100, 0, 0)).isEqualTo(400);
        assertThat(pacer.afterPoll(0, 100, 0, 0)).isEqualTo(800);
        assertThat(pacer.afterPoll(0, 100, 0, 0)).isEqualTo(1000);
        assertThat(pacer.afterPoll(0, 100, 0, 0)).isEqualTo(1000);
        assertThat(pacer.afterPoll(5, 100, 0, 0)).isEqualTo(200);
        assertThat(pacer.afterPoll(0, 100, 0, 0)).isEqualTo(200);
    }

    @Test
    void errorsBackOffUntilAPollSucceeds() {
        PollPacer pacer = new PollPacer(200, 1000, 500, 1500);
        assertThat(pacer.afterError()).isEqualTo(500);
        assertThat(pacer.afterError()).isEqualTo(1000);
        assertThat(pacer.afterError()).isEqualTo(1500);
        pacer.afterPoll(0, 10, 0, 0);
        assertThat(pacer.afterError()).isEqualTo(500);
    }
}
