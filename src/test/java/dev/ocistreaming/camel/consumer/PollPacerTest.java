package dev.ocistreaming.camel.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PollPacerTest {

    @Test
    void afterABatchPollsAgainOnceTheMinimumIntervalHasPassed() {
        PollPacer pacer = new PollPacer(200, 1000, 500, 10_000);
        assertThat(pacer.afterPoll(100, 0, 50)).isEqualTo(150);
        assertThat(pacer.afterPoll(100, 0, 500)).isZero();
    }

    @Test
    void idlePollsWaitAQuarterOfTheTimeSinceTheLastMessageUpToTheCeiling() {
        PollPacer pacer = new PollPacer(200, 1000, 500, 10_000);
        assertThat(pacer.afterPoll(5, 0, 0)).isEqualTo(200);
        assertThat(pacer.afterPoll(0, 200, 200)).isEqualTo(200);
        assertThat(pacer.afterPoll(0, 600, 600)).isEqualTo(200);
        assertThat(pacer.afterPoll(0, 1000, 1000)).isEqualTo(250);
        assertThat(pacer.afterPoll(0, 2000, 2010)).isEqualTo(490);
        assertThat(pacer.afterPoll(0, 60_000, 60_000)).isEqualTo(1000);
        assertThat(pacer.afterPoll(5, 61_000, 61_000)).isEqualTo(200);
        assertThat(pacer.afterPoll(0, 61_200, 61_200)).isEqualTo(200);
    }

    @Test
    void anInstanceThatNeverHadAMessageBacksOffFromItsFirstPoll() {
        PollPacer pacer = new PollPacer(200, 1000, 500, 10_000);
        assertThat(pacer.afterPoll(0, 5_000, 5_000)).isEqualTo(200);
        assertThat(pacer.afterPoll(0, 7_000, 7_000)).isEqualTo(500);
        assertThat(pacer.afterPoll(0, 20_000, 20_000)).isEqualTo(1000);
    }

    @Test
    void errorsBackOffUntilAPollSucceeds() {
        PollPacer pacer = new PollPacer(200, 1000, 500, 1500);
        assertThat(pacer.afterError()).isEqualTo(500);
        assertThat(pacer.afterError()).isEqualTo(1000);
        assertThat(pacer.afterError()).isEqualTo(1500);
        pacer.afterPoll(0, 0, 0);
        assertThat(pacer.afterError()).isEqualTo(500);
    }
}
