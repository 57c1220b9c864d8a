package dev.ocistreaming.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written date writer against the JDK's formatter, which it replaced on the message paths. */
class JsonTimeTest {

    private static final DateTimeFormatter JDK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesWhatTheJdkWrites() {
        long[] edges = {
            0,
            -1,
            1,
            999,
            1000,
            -1000,
            -1001,
            951_782_400_000L, // 2000-02-29
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
            Instant.parse("0000-01-01T00:00:00.000Z").toEpochMilli(),
            Instant.parse("2026-12-05T03:17:08.658Z").toEpochMilli()
        };
        for (long ms : edges) {
            assertThat(Json.formatTime(ms)).as("%d ms", ms).isEqualTo(JDK.format(Instant.ofEpochMilli(ms)));
        }
        Random random = new Random(7);
        long span = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            long ms = Math.floorMod(random.nextLong(), 2 * span) - span;
            assertThat(Json.formatTime(ms)).as("%d ms", ms).isEqualTo(JDK.format(Instant.ofEpochMilli(ms)));
        }
    }

    @Test
    void yearsBeyondFourDigitsFallBackToTheJdk() {
        long ms = Instant.parse("+10000-01-01T00:00:00.000Z").toEpochMilli();
        assertThat(Json.formatTime(ms)).isEqualTo(JDK.format(Instant.ofEpochMilli(ms)));
    }
}
