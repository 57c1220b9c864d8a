package dev.ocistreaming.app.bridges;

import com.oracle.bmc.streaming.model.Message;
import dev.ocistreaming.camel.OciStreamingBatchBody;
import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingManualCommit;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Turns a batch of the stream-to-database bridge into rows: the body, a {@link Slice} of what the consumer delivers
 * with {@code batching=true} (one poll's messages of one partition), becomes a {@code List} of {@link Row}s (the named
 * parameters of the insert statement), and the batch gets exchange properties {@value #GROUP}, {@value #STREAM},
 * {@value #PARTITION}, {@value GroupedMessages#FIRST_OFFSET}, {@value GroupedMessages#LAST_OFFSET} and
 * {@value GroupedMessages#COUNT}, plus the manual commit of its last message, so committing the batch acknowledges
 * every message in it (and no later one).
 *
 * <p>The rows are made from the messages as the service gave them ({@link OciStreamingBatchBody#message}), not from
 * their exchanges: a backlog's poll holds 10 000 messages per instance while its slices are written, and with an
 * exchange each (a dozen headers beside the message) all of those were in use at every young collection, which G1
 * copies and under load promotes.
 */
public class MessageRows {

    public static final String STREAM = "bridgeStream";
    public static final String PARTITION = "bridgePartition";
    public static final String GROUP = "bridgeGroup";

    private int batchSize = 500;

    /** Most messages per batch (bridge.db.batch-size). */
    public void setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("bridge.db.batch-size must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * At most batch-size messages of one poll of one partition, the body of one batch: where they are in the poll,
     * and what they share (the stream's name, the consumer group).
     */
    public record Slice(OciStreamingBatchBody poll, int from, int to, String stream, String group) {}

    /**
     * The body, a poll's messages of one partition, in slices of at most batch-size, for the Split EIP. (Not the
     * simple language's {@code collate}: in Camel 4.18 a second evaluation of it on a list body groups the groups.)
     */
    public List<Slice> slices(Exchange poll) {
        org.apache.camel.Message in = poll.getMessage();
        if (!(in.getBody() instanceof OciStreamingBatchBody messages)) {
            throw notMessages(in.getBody());
        }
        String stream = in.getHeader(OciStreamingConstants.STREAM_NAME, String.class);
        if (stream == null) {
            stream = in.getHeader(OciStreamingConstants.STREAM_ID, String.class);
        }
        String group = in.getHeader(OciStreamingConstants.GROUP_NAME, String.class);
        List<Slice> slices = new ArrayList<>(messages.size() / batchSize + 1);
        for (int from = 0; from < messages.size(); from += batchSize) {
            slices.add(new Slice(messages, from, Math.min(messages.size(), from + batchSize), stream, group));
        }
        return slices;
    }

    private static IllegalArgumentException notMessages(Object body) {
        return new IllegalArgumentException("A batch of rows is made of the messages an oci-streaming consumer with"
                + " batching=true delivers, was: " + body);
    }

    /** The body, a slice of a poll's messages of one partition, becomes the rows of one batch. */
    public void rows(Exchange batch) {
        if (!(batch.getMessage().getBody() instanceof Slice slice) || slice.from() >= slice.to()) {
            throw notMessages(batch.getMessage().getBody());
        }
        OciStreamingBatchBody poll = slice.poll();
        Row.Partition partition =
                new Row.Partition(slice.stream(), poll.message(slice.from()).getPartition());
        List<Row> rows = new ArrayList<>(slice.to() - slice.from());
        for (int i = slice.from(); i < slice.to(); i++) {
            rows.add(Row.of(poll.message(i), partition));
        }
        batch.getMessage().setBody(rows);
        batch.setProperty(STREAM, slice.stream());
        batch.setProperty(PARTITION, rows.get(0).partition());
        batch.setProperty(GROUP, slice.group());
        batch.setProperty(GroupedMessages.FIRST_OFFSET, rows.get(0).offset());
        batch.setProperty(GroupedMessages.LAST_OFFSET, rows.get(rows.size() - 1).offset());
        batch.setProperty(GroupedMessages.COUNT, rows.size());
        OciStreamingManualCommit commit = poll.manualCommit(slice.to() - 1);
        if (commit != null) {
            batch.getMessage().setHeader(OciStreamingConstants.MANUAL_COMMIT, commit);
        } else {
            batch.getMessage().removeHeader(OciStreamingConstants.MANUAL_COMMIT);
        }
    }

    /**
     * One message as the named parameters of an insert statement: {@code stream}, {@code partition} (number),
     * {@code offset}, {@code key} (text or null), {@code value} (the value as UTF-8 text), {@code valueBytes} (the
     * value as it is) and {@code timestamp} (when the stream appended it, UTC). {@code value} is decoded only when the
     * statement asks for it, so a statement that takes {@code valueBytes} stores any value; asked of a value that is
     * not UTF-8 text it throws {@link NotText}, which the bridge dead-letters.
     *
     * <p>A map for camel-sql's named parameters (the dead-letter insert), held in fields rather than a hash map: a
     * backlog makes one per message, and a hash map's nodes and table were most of what a row allocated.
     * Read-only.
     */
    public static final class Row extends AbstractMap<String, Object> {

        /** The names of a row's values, in the order of the table's columns. */
        public static final List<String> NAMES =
                List.of("stream", "partition", "offset", "key", "value", "valueBytes", "timestamp");

        private final String stream;
        private final Integer partition;
        private final Long offset;
        private final String key;
        private final byte[] valueBytes;
        private final OffsetDateTime timestamp;
        /** The value decoded, once asked for (a statement binds it once per row, spring-jdbc may ask twice). */
        private String text;

        private Row(
                String stream,
                Integer partition,
                Long offset,
                String key,
                byte[] valueBytes,
                OffsetDateTime timestamp) {
            this.stream = stream;
            this.partition = partition;
            this.offset = offset;
            this.key = key;
            this.valueBytes = valueBytes;
            this.timestamp = timestamp;
        }

        /** The stream and partition of a batch's first message, which every message of the batch must share. */
        record Partition(String stream, String name, Integer number) {

            Partition(String stream, String name) {
                this(stream, name, Integer.valueOf(name));
            }
        }

        static Row of(Message message, Partition batch) {
            if (!message.getPartition().equals(batch.name())) {
                throw new IllegalArgumentException("Messages of partitions " + batch.name() + " and "
                        + message.getPartition() + " in one batch: a batch is one partition's messages (an"
                        + " oci-streaming consumer with batching=true delivers them so)");
            }
            byte[] value = message.getValue();
            Date appended = message.getTimestamp();
            return new Row(
                    batch.stream(),
                    batch.number(),
                    message.getOffset(),
                    // as the consumer's key header: the key's bytes as UTF-8 text
                    message.getKey() == null ? null : new String(message.getKey(), StandardCharsets.UTF_8),
                    value == null ? new byte[0] : value,
                    appended == null ? null : utc(appended.getTime()));
        }

        /**
         * Epoch millis as a UTC date-time. Not {@code OffsetDateTime.ofInstant} (nor {@code Instant.atOffset}, which
         * calls it): that asks the offset for its rules, a new object on every call, which showed in the bridge's
         * profile.
         */
        private static OffsetDateTime utc(long millis) {
            long seconds = Math.floorDiv(millis, 1000L);
            int nanos = (int) Math.floorMod(millis, 1000L) * 1_000_000;
            return OffsetDateTime.of(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC), ZoneOffset.UTC);
        }

        public Integer partition() {
            return partition;
        }

        public Long offset() {
            return offset;
        }

        @Override
        public Object get(Object name) {
            if (!(name instanceof String known)) {
                return null;
            }
            return switch (known) {
                case "stream" -> stream;
                case "partition" -> partition;
                case "offset" -> offset;
                case "key" -> key;
                case "value" -> text();
                case "valueBytes" -> valueBytes;
                case "timestamp" -> timestamp;
                default -> null;
            };
        }

        @Override
        public boolean containsKey(Object name) {
            return NAMES.contains(name);
        }

        /** Every name with its value; {@code value} is null here when the value is not UTF-8 text. */
        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (String name : NAMES) {
                entries.put(name, "value".equals(name) ? textOrNull() : get(name));
            }
            return Collections.unmodifiableMap(entries).entrySet();
        }

        /** The value as UTF-8 text; {@link NotText} when it is not (never a replacement character: wrong data). */
        public String text() {
            if (text == null) {
                text = decode();
            }
            return text;
        }

        private String textOrNull() {
            try {
                return text();
            } catch (NotText e) {
                return null;
            }
        }

        private String decode() {
            // The JDK's String constructor is many times faster than a decoder, but replaces what is not UTF-8 by
            // U+FFFD; only a value with U+FFFD in it is checked again by the strict decoder.
            String fast = new String(valueBytes, StandardCharsets.UTF_8);
            if (fast.indexOf('\uFFFD') < 0) {
                return fast;
            }
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(valueBytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new NotText("The value of partition " + partition + " offset " + offset
                        + " is not UTF-8 text: store it as bytes (:#valueBytes) with bridge.db.insert-sql");
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
