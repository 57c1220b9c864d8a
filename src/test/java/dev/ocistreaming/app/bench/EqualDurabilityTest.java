package dev.ocistreaming.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.local.FsyncPolicy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broker's flush settings match each fsync policy of the local server, and the labels say so. */
class EqualDurabilityTest {

    @Test
    void alwaysForcesEachAppendOnTheBroker() {
        assertThat(EqualDurability.brokerFlush(FsyncPolicy.ALWAYS, 1000))
                .containsExactly(Map.entry("log.flush.interval.messages", "1"));
        assertThat(EqualDurability.brokerLabel(FsyncPolicy.ALWAYS, 1000)).startsWith("log.flush.interval.messages=1");
        assertThat(EqualDurability.serverLabel(FsyncPolicy.ALWAYS, 1000)).startsWith("fsync=always");
    }

    @Test
    void intervalForcesOnTheSamePeriodCheckedOftenEnough() {
        assertThat(EqualDurability.brokerFlush(FsyncPolicy.INTERVAL, 1000))
                .containsOnly(
                        Map.entry("log.flush.interval.ms", "1000"),
                        Map.entry("log.flush.scheduler.interval.ms", "100"));
        // a period shorter than the check is checked as often as it falls due
        assertThat(EqualDurability.brokerFlush(FsyncPolicy.INTERVAL, 40))
                .containsEntry("log.flush.scheduler.interval.ms", "40");
        assertThat(EqualDurability.brokerLabel(FsyncPolicy.INTERVAL, 1000)).startsWith("log.flush.interval.ms=1000");
        assertThat(EqualDurability.serverLabel(FsyncPolicy.INTERVAL, 1000)).contains("every 1000 ms");
    }

    @Test
    void neverLeavesBothToTheOperatingSystem() {
        assertThat(EqualDurability.brokerFlush(FsyncPolicy.NEVER, 1000)).isEmpty();
        assertThat(EqualDurability.brokerLabel(FsyncPolicy.NEVER, 1000)).contains("left to the OS");
        assertThat(EqualDurability.serverLabel(FsyncPolicy.NEVER, 1000)).contains("left to the OS");
    }

    @Test
    void theBrokerConfigurationCarriesTheFlushSettingsAndOneNodeOnLoopback() {
        Map<String, String> config = KafkaBrokerChild.config(
                Path.of("/tmp/logs"), 19092, 19093, EqualDurability.brokerFlush(FsyncPolicy.ALWAYS, 1000));
        assertThat(config)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("log.flush.interval.messages", "1");
    }
}
