package dev.ocistreaming.local;

import static dev.ocistreaming.local.Sdk.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.PutMessagesResult;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opt-in throttling shaped like the service's: per-entry 429 inside a 200 for writes, HTTP 429 for reads. */
class ThrottlingIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension(
            b -> b.throttling(true).writeBytesPerSecond(64 * 1024).getsPerSecond(5));

    @Test
    void writesOverTheByteRateFailPerEntryInsideA200() {
        String id = SERVER.createStream("write-throttle", 1).getId();
        StreamClient c = SERVER.streamClient();
        byte[] v = new byte[40 * 1024];
        PutMessagesResult r = Sdk.put(
                c,
                id,
                List.of(
                        PutMessagesDetailsEntry.builder().value(v).build(),
                        PutMessagesDetailsEntry.builder().value(v).build(),
                        PutMessagesDetailsEntry.builder().value(v).build()));
        assertThat(r.getFailures()).isEqualTo(2);
        assertThat(r.getEntries().get(0).getError()).isNull();
        assertThat(r.getEntries().get(0).getOffset()).isEqualTo(0L);
        assertThat(r.getEntries().subList(1, 3)).allSatisfy(e -> {
            assertThat(e.getError()).isEqualTo("429");
            assertThat(e.getErrorMessage())
                    .matches(
                            "Request was throttled because bytes limit exhausted, next request can be made in \\d+ ms");
            assertThat(e.getOffset()).isNull();
        });
        assertThat(Sdk.readAll(c, id, 0)).hasSize(1);
    }

    /**
     * A small entry after a throttled large one would fit the byte budget, but is throttled too: stored, it would be
     * ahead of the large one's retry, and a producer retrying in order would see its key's messages reordered.
     */
    @Test
    void afterAPartitionsFirstThrottledEntryItsLaterEntriesAreThrottledToo() {
        String id = SERVER.createStream("write-throttle-order", 1).getId();
        StreamClient c = SERVER.streamClient();
        PutMessagesResult r = Sdk.put(
                c,
                id,
                List.of(
                        PutMessagesDetailsEntry.builder()
                                .value(new byte[60 * 1024])
                                .build(),
                        PutMessagesDetailsEntry.builder()
                                .value(new byte[40 * 1024])
                                .build(),
                        PutMessagesDetailsEntry.builder().value(new byte[100]).build()));

        assertThat(r.getEntries().get(0).getError()).isNull();
        assertThat(r.getEntries().subList(1, 3))
                .allSatisfy(e -> assertThat(e.getError()).isEqualTo("429"));
        assertThat(Sdk.readAll(c, id, 0)).hasSize(1);
    }

    @Test
    void moreThanFiveGetsPerSecondOnAPartitionAre429() {
        String id = SERVER.createStream("read-throttle", 1).getId();
        StreamClient c = SERVER.streamClient();
        String cursor = Sdk.trimHorizon(c, id, 0);
        int throttled = 0;
        for (int i = 0; i < 30; i++) {
            try {
                get(c, id, cursor, null);
            } catch (BmcException e) {
                assertThat(e.getStatusCode()).isEqualTo(429);
                assertThat(e.getServiceCode()).isEqualTo("TooManyRequests");
                throttled++;
            }
        }
        assertThat(throttled).isGreaterThan(0);
    }
}
