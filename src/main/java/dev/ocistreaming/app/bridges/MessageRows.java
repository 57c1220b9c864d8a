package dev.ocistreaming.app.bridges;

import dev.ocistreaming.camel.OciStreamingConstants;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects the messages of one partition into a batch of rows for the stream-to-database bridge: the body becomes a
 * {@code List} of {@link Row}s (the named parameters of the insert statement), and the batch carries exchange
 * properties {@value #GROUP}, {@value #STREAM}, {@value #PARTITION}, {@value GroupedMessages#FIRST_OFFSET},
 * {@value GroupedMessages#LAST_OFFSET} and {@value GroupedMessages#COUNT}, plus the manual-commit header of its last
 * message, so committing the batch acknowledges every message in it.
 *
 * <p>A message whose offset the batch already holds is dropped: after a re-created cursor the service delivers again
 * what an open batch collected.
 */
public class MessageRows implements AggregationStrategy {

    public static final String STREAM = "bridgeStream";
    public static final String PARTITION = "bridgePartition";
    public static final String GROUP = "bridgeGroup";

    @Override
    public Exchange aggregate(Exchange batch, Exchange next) {
        Row row = Row.of(next);
        long offset = (Long) row.get("offset");
        if (batch == null) {
            List<Row> rows = new ArrayList<>();
            rows.add(row);
            next.getMessage().setBody(rows);
            next.setProperty(STREAM, row.get("stream"));
            next.setProperty(PARTITION, row.get("partition"));
            next.setProperty(GROUP, next.getMessage().getHeader(OciStreamingConstants.GROUP_NAME, String.class));
            next.setProperty(GroupedMessages.FIRST_OFFSET, offset);
            next.setProperty(GroupedMessages.LAST_OFFSET, offset);
            next.setProperty(GroupedMessages.COUNT, 1);
            return next;
        }
        if (offset <= batch.getProperty(GroupedMessages.LAST_OFFSET, long.class)) {
            return batch;
        }
        @SuppressWarnings("unchecked")
        List<Row> rows = batch.getMessage().getBody(List.class);
        rows.add(row);
        batch.setProperty(GroupedMessages.LAST_OFFSET, offset);
        batch.setProperty(GroupedMessages.COUNT, rows.size());
        Object commit = next.getMessage().getHeader(OciStreamingConstants.MANUAL_COMMIT);
        if (commit != null) {
            batch.getMessage().setHeader(OciStreamingConstants.MANUAL_COMMIT, commit);
        }
        return batch;
    }

    /**
     * One message as the named parameters of an insert statement: {@code stream}, {@code partition} (number),
     * {@code offset}, {@code key} (text or null), {@code value} (the value as UTF-8 text), {@code valueBytes} (the
     * value as it is) and {@code timestamp} (when the stream appended it, UTC). {@code value} is decoded only when the
     * statement asks for it, so a statement that takes {@code valueBytes} stores any value; asked of a value that is
     * not UTF-8 text it throws {@link NotText}, which the bridge dead-letters.
     */
    public static final class Row extends HashMap<String, Object> {

        /** The names of a row's values, in the order of the table's columns. */
        public static final List<String> NAMES =
                List.of("stream", "partition", "offset", "key", "value", "valueBytes", "timestamp");

        /** The value decoded, once asked for (a statement binds it once per row, spring-jdbc may ask twice). */
        private transient String text;

        static Row of(Exchange message) {
            org.apache.camel.Message in = message.getMessage();
            Long offset = in.getHeader(OciStreamingConstants.OFFSET, Long.class);
            String partition = in.getHeader(OciStreamingConstants.PARTITION, String.class);
            if (offset == null || partition == null) {
                throw new IllegalArgumentException("Message without headers " + OciStreamingConstants.OFFSET + " and "
                        + OciStreamingConstants.PARTITION + ": rows are made of messages read from an oci-streaming"
                        + " consumer");
            }
            String stream = in.getHeader(OciStreamingConstants.STREAM_NAME, String.class);
            Row row = new Row();
            row.put("stream", stream != null ? stream : in.getHeader(OciStreamingConstants.STREAM_ID, String.class));
            row.put("partition", Integer.parseInt(partition));
            row.put("offset", offset);
            row.put("key", in.getHeader(OciStreamingConstants.KEY, String.class));
            byte[] value = in.getBody(byte[].class);
            row.put("valueBytes", value == null ? new byte[0] : value);
            row.put("value", null); // decoded on demand, see get()
            Long appended = in.getHeader(OciStreamingConstants.TIMESTAMP, Long.class);
            row.put(
                    "timestamp",
                    appended == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(appended), ZoneOffset.UTC));
            return row;
        }

        @Override
        public Object get(Object name) {
            if ("value".equals(name)) {
                return text();
            }
            return super.get(name);
        }

        /** The value as UTF-8 text; {@link NotText} when it is not (never a replacement character: wrong data). */
        public String text() {
            if (text == null) {
                text = decode();
            }
            return text;
        }

        private String decode() {
            byte[] bytes = (byte[]) super.get("valueBytes");
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new NotText("The value of partition " + super.get("partition") + " offset "
                        + super.get("offset") + " is not UTF-8 text: store it as bytes (:#valueBytes) with"
                        + " bridge.db.insert-sql");
            }
        }
    }

    /** A value the statement takes as text is not UTF-8 text: retrying cannot change that. */
    public static final class NotText extends IllegalArgumentException {
        public NotText(String message) {
            super(message);
        }
    }
}
