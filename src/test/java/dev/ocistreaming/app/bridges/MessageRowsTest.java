package dev.ocistreaming.app.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocistreaming.camel.OciStreamingConstants;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A batch of message exchanges, as the consumer delivers them with batching=true, becomes the rows of one batch. */
class MessageRowsTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final MessageRows rows = new MessageRows();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void eachMessageBecomesARowAndTheBatchKnowsItsPartitionAndOffsets() {
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
        assertThat(batch.getProperty(GroupedMessages.FIRST_OFFSET)).isEqualTo(7L);
        assertThat(batch.getProperty(GroupedMessages.LAST_OFFSET)).isEqualTo(8L);
        assertThat(batch.getProperty(GroupedMessages.COUNT)).isEqualTo(2);
    }

    @Test
    void aRowIsAMapOfItsNamedParametersWhateverItsValue() {
        Exchange message = message("0", 3, null, "x", 0L);
        message.getMessage().setBody(new byte[] {(byte) 0xC3, (byte) 0x28}); // not UTF-8
        Exchange batch = batch(message);

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
    void aMessageWithoutTheConsumersHeadersIsRefused() {
        Exchange bare = new DefaultExchange(camel);
        bare.getMessage().setBody("x");

        assertThatThrownBy(() -> rows.rows(batch(bare)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without headers");
    }

    private Exchange batch(Exchange... messages) {
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(List.of(messages));
        return batch;
    }

    private Exchange message(String partition, long offset, String key, String value, long appended) {
        Exchange message = new DefaultExchange(camel);
        message.getMessage().setBody(value.getBytes(StandardCharsets.UTF_8));
        message.getMessage().setHeader(OciStreamingConstants.STREAM_NAME, "orders");
        message.getMessage().setHeader(OciStreamingConstants.PARTITION, partition);
        message.getMessage().setHeader(OciStreamingConstants.OFFSET, offset);
        message.getMessage().setHeader(OciStreamingConstants.KEY, key);
        message.getMessage().setHeader(OciStreamingConstants.TIMESTAMP, appended);
        return message;
    }
}
