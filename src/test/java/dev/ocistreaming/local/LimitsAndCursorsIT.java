package dev.ocistreaming.local;

import static dev.ocistreaming.local.Sdk.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateCursorDetails.Type;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.PutMessagesResult;
import com.oracle.bmc.streaming.model.PutMessagesResultEntry;
import dev.ocistreaming.testsupport.LocalServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service's limits and cursor rules, through the SDK. One server for the class. */
class LimitsAndCursorsIT {

    private static final long CURSOR_TTL_MS = 3000;

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension(b -> b.cursorTtlMs(CURSOR_TTL_MS));

    private static void assert400(ThrowingCallable call, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BmcException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(400);
            assertThat(e.getServiceCode()).isIn("InvalidParameter", "MissingParameter", "LimitExceeded");
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    @Test
    void messageRequestAndKeySizesAreLimited() {
        String id = SERVER.createStream("sizes", 1).getId();
        StreamClient c = SERVER.streamClient();
        byte[] mib = new byte[1024 * 1024];
        Sdk.put(c, id, List.of(PutMessagesDetailsEntry.builder().value(mib).build()));
        assert400(
                () -> Sdk.put(
                        c,
                        id,
                        List.of(PutMessagesDetailsEntry.builder()
                                .value(new byte[mib.length + 1])
                                .build())),
                "1 MiB");
        assert400(
                () -> Sdk.put(
                        c,
                        id,
                        List.of(
                                PutMessagesDetailsEntry.builder()
                                        .value(new byte[600_000])
                                        .build(),
                                PutMessagesDetailsEntry.builder()
                                        .value(new byte[600_000])
                                        .build())),
                "Request size is limited to 1 MiB");
        Sdk.put(
                c,
                id,
                List.of(PutMessagesDetailsEntry.builder()
                        .key(new byte[256])
                        .value(new byte[1])
                        .build()));
        assert400(
                () -> Sdk.put(
                        c,
                        id,
                        List.of(PutMessagesDetailsEntry.builder()
                                .key(new byte[257])
                                .value(new byte[1])
                                .build())),
                "256");
        assert400(() -> Sdk.put(c, id, List.of()), "messages");
        // nothing of the refused requests was written
        assertThat(Sdk.readAll(c, id, 0)).extracting(Message::getOffset).containsExactly(0L, 1L);
    }

    @Test
    void getMessagesLimitIsOneToTenThousand() {
        String id = SERVER.createStream("limit", 1).getId();
        StreamClient c = SERVER.streamClient();
        Sdk.putMany(c, id, "k", "m", 20);
        String cursor = Sdk.trimHorizon(c, id, 0);
        assertThat(get(c, id, cursor, 1).getItems()).hasSize(1);
        assertThat(get(c, id, cursor, 10_000).getItems()).hasSize(20);
        assert400(() -> get(c, id, cursor, 0), "limit");
        assert400(() -> get(c, id, cursor, 10_001), "limit");
        assert400(() -> get(c, id, cursor, -5), "limit");
    }

    @Test
    void keylessMessagesSpreadOverPartitionsAndComeBackWithoutKey() {
        String id = SERVER.createStream("keyless", 4).getId();
        StreamClient c = SERVER.streamClient();
        PutMessagesResult r = Sdk.putMany(c, id, null, "nk", 100);
        Set<String> partitions = new HashSet<>();
        for (PutMessagesResultEntry e : r.getEntries()) {
            partitions.add(e.getPartition());
        }
        assertThat(partitions).hasSize(4);
        List<Message> all = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            all.addAll(Sdk.readAll(c, id, p));
        }
        assertThat(all).hasSize(100).allSatisfy(m -> assertThat(m.getKey()).isNull());
    }

    @Test
    void cursorsAreBoundToTheirStreamTamperProofReusableAndExpire() {
        String a = SERVER.createStream("cur-a", 1).getId();
        String b = SERVER.createStream("cur-b", 1).getId();
        StreamClient c = SERVER.streamClient();
        Sdk.putMany(c, a, "k", "m", 3);
        String cursor = Sdk.trimHorizon(c, a, 0);
        assert400(() -> get(c, b, cursor, null), "another stream");
        char last = cursor.charAt(cursor.length() - 3);
        String tampered = cursor.substring(0, cursor.length() - 3)
                + (last == 'A' ? 'B' : 'A')
                + cursor.substring(cursor.length() - 2);
        assert400(() -> get(c, a, tampered, null), "Invalid cursor");
        assert400(() -> get(c, a, "not-a-cursor", null), "Invalid cursor");
        // reusable until it expires
        assertThat(get(c, a, cursor, null).getItems()).hasSize(3);
        assertThat(get(c, a, cursor, null).getItems()).hasSize(3);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assert400(() -> get(c, a, cursor, null), "expired"));
    }

    @Test
    void partitionAndOffsetOfCreateCursorAreChecked() {
        String id = SERVER.createStream("cur-check", 2).getId();
        StreamClient c = SERVER.streamClient();
        Sdk.putMany(c, id, "k", "m", 3);
        assert400(() -> Sdk.cursor(c, id, 2, Type.TrimHorizon, null, null), "partition");
        assert400(() -> Sdk.cursor(c, id, -1, Type.TrimHorizon, null, null), "partition");
        assert400(() -> Sdk.cursor(c, id, 0, Type.AtOffset, null, null), "offset");
        assert400(() -> Sdk.cursor(c, id, 0, Type.AtOffset, 1_000_000L, null), "offset");
        assert400(() -> Sdk.cursor(c, id, 0, Type.AtTime, null, null), "time");
    }
}
