package dev.ocistreaming.camel.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.model.Message;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A response's messages keep every value, and lose the parser's per-message bookkeeping. */
class CompactMessagesTest {

    @Test
    void everyValueIsKeptAndTheNamesAreShared() {
        // as the parser makes them: each message its own copy of the names, each property marked as set
        List<Message> parsed = List.of(
                parsed("0", 7, new byte[] {1}, new byte[] {2}, 1_000L),
                parsed("0", 8, null, new byte[] {3}, 2_000L),
                parsed("1", 3, null, new byte[0], 3_000L));

        List<Message> compact = CompactMessages.of(parsed);

        assertThat(compact).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Message before = parsed.get(i);
            Message after = compact.get(i);
            assertThat(after.getStream()).isEqualTo(before.getStream());
            assertThat(after.getPartition()).isEqualTo(before.getPartition());
            assertThat(after.getOffset()).isEqualTo(before.getOffset());
            assertThat(after.getKey()).isEqualTo(before.getKey());
            assertThat(after.getValue()).isSameAs(before.getValue());
            assertThat(after.getTimestamp()).isEqualTo(before.getTimestamp());
            assertThat(after.wasPropertyExplicitlySet("value")).isFalse();
        }
        assertThat(compact.get(1).getStream()).isSameAs(compact.get(0).getStream());
        assertThat(compact.get(2).getStream()).isSameAs(compact.get(0).getStream());
        assertThat(compact.get(1).getPartition()).isSameAs(compact.get(0).getPartition());
    }

    private static Message parsed(String partition, long offset, byte[] key, byte[] value, long millis) {
        return Message.builder().stream(new String("orders"))
                .partition(new String(partition))
                .offset(offset)
                .key(key)
                .value(value)
                .timestamp(new Date(millis))
                .build();
    }
}
