package dev.ocistreaming.app.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.bmc.streaming.model.Message;
import dev.ocistreaming.camel.OciStreamingBatchBody;
import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingManualCommit;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.AbstractList;
import java.util.Date;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A poll's messages, as the consumer delivers them with batching=true, become slices of batch-size, and a slice the
 * rows of one batch, read from the messages without making their exchanges.
 */
class MessageRowsTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final MessageRows rows = new MessageRows();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void eachMessageBecomesARowAndTheBatchKnowsItsPartitionOffsetsAndCommit() {
        Exchange batch = batch(message("2", 7, "k", "one", 1_700_000_000_123L), message("2", 8, null, "two", -1L));

        rows.rows(batch);

        List<?> made = batch.getMessage().getBody(List.class);
        MessageRows.Row first = (MessageRows.Row) made.get(0);
        MessageRows.Row second = (MessageRows.Row) made.get(1);
        assertThat(first)
                .containsEntry("stream", "orders")
                .containsEntry("partition", 2)
                .containsEntry("offset", 7L);
        assertThat(first.get("key")).isEqualTo("k");
        assertThat(first.get("value")).isEqualTo("one");
        assertThat(first.get("timestamp")).isEqualTo(OffsetDateTime.parse("2023-11-14T22:13:20.123Z"));
        assertThat(second.get("key")).isNull();
        assertThat(second.get("timestamp")).isEqualTo(OffsetDateTime.parse("1969-12-31T23:59:59.999Z"));
        assertThat(batch.getProperty(MessageRows.PARTITION)).isEqualTo(2);
        assertThat(batch.getProperty(MessageRows.STREAM)).isEqualTo("orders");
        assertThat(batch.getProperty(MessageRows.GROUP)).isEqualTo("g");
        assertThat(batch.getProperty(GroupedMessages.FIRST_OFFSET)).isEqualTo(7L);
        assertThat(batch.getProperty(GroupedMessages.LAST_OFFSET)).isEqualTo(8L);
        assertThat(batch.getProperty(GroupedMessages.COUNT)).isEqualTo(2);
        assertThat(batch.getMessage().getHeader(OciStreamingConstants.MANUAL_COMMIT))
                .isEqualTo(new Commit(1));
    }

    @Test
    void aPollIsSlicedInBatchSizeAndEachSliceCommitsUpToItsLastMessage() {
        rows.setBatchSize(2);
        Exchange poll = new DefaultExchange(camel);
        poll.getMessage().setHeader(OciStreamingConstants.STREAM_NAME, "orders");
        poll.getMessage()
                .setBody(new Poll(List.of(
                        message("0", 0, null, "a", 0L),
                        message("0", 1, null, "b", 0L),
                        message("0", 2, null, "c", 0L))));

        List<MessageRows.Slice> slices = rows.slices(poll);

        assertThat(slices).extracting(MessageRows.Slice::from).containsExactly(0, 2);
        assertThat(slices).extracting(MessageRows.Slice::to).containsExactly(2, 3);
        Exchange second = new DefaultExchange(camel);
        second.getMessage().setBody(slices.get(1));
        rows.rows(second);
        assertThat(second.getProperty(GroupedMessages.FIRST_OFFSET)).isEqualTo(2L);
        assertThat(second.getMessage().getHeader(OciStreamingConstants.MANUAL_COMMIT))
                .isEqualTo(new Commit(2));
    }

    @Test
    void aRowIsAMapOfItsNamedParametersWhateverItsValue() {
        Message notText = Message.builder()
                .partition("0")
                .offset(3L)
                .value(new byte[] {(byte) 0xC3, (byte) 0x28})
                .build();
        Exchange batch = batch(notText);

        rows.rows(batch);

        MessageRows.Row row =
                (MessageRows.Row) batch.getMessage().getBody(List.class).get(0);
        assertThat(row.keySet()).containsExactlyElementsOf(MessageRows.Row.NAMES);
        assertThat(row).containsKey("valueBytes").doesNotContainKey("other");
        assertThat((byte[]) row.get("valueBytes")).containsExactly(0xC3, 0x28);
        // listing the row (a log line, camel-sql) does not throw; the statement that binds the text does
        assertThat(row.entrySet()).anySatisfy(e -> assertThat(e.getKey()).isEqualTo("value"));
        assertThat(row.toString()).contains("value=null");
        assertThatThrownBy(() -> row.get("value")).isInstanceOf(MessageRows.NotText.class);
        assertThatThrownBy(() -> row.put("key", "k")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void messagesOfTwoPartitionsInOneBatchAreRefusedNotFiledUnderTheFirst() {
        Exchange batch = batch(message("0", 7, null, "a", 0L), message("1", 7, null, "b", 0L));

        assertThatThrownBy(() -> rows.rows(batch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions 0 and 1");
    }

    @Test
    void aBodyThatIsNotTheConsumersBatchIsRefused() {
        Exchange poll = new DefaultExchange(camel);
        poll.getMessage().setBody(List.of("x"));

        assertThatThrownBy(() -> rows.slices(poll))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batching=true");
        assertThatThrownBy(() -> rows.rows(poll))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batching=true");
    }

    /** One slice of all the messages, as the route's split hands it to {@code rows}. */
    private Exchange batch(Message... messages) {
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage()
                .setBody(new MessageRows.Slice(new Poll(List.of(messages)), 0, messages.length, "orders", "g"));
        return batch;
    }

    private static Message message(String partition, long offset, String key, String value, long appended) {
        return Message.builder().stream("orders")
                .partition(partition)
                .offset(offset)
                .key(key == null ? null : key.getBytes(StandardCharsets.UTF_8))
                .value(value.getBytes(StandardCharsets.UTF_8))
                .timestamp(new Date(appended))
                .build();
    }

    /** The manual commit of the message at an index, told apart by it. */
    private record Commit(int index) implements OciStreamingManualCommit {
        @Override
        public boolean commit() {
            return true;
        }
    }

    /** A poll's messages as the consumer's batching body offers them; making an exchange fails the test. */
    private static final class Poll extends AbstractList<Exchange> implements OciStreamingBatchBody {
        private final List<Message> messages;

        Poll(List<Message> messages) {
            this.messages = messages;
        }

        @Override
        public Message message(int index) {
            return messages.get(index);
        }

        @Override
        public OciStreamingManualCommit manualCommit(int index) {
            return new Commit(index);
        }

        @Override
        public Exchange get(int index) {
            throw new AssertionError("the rows are made without the messages' exchanges");
        }

        @Override
        public int size() {
            return messages.size();
        }
    }
}
