package dev.ocistreaming.local.log;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.Record;

/**
 * One message to append: its key (null when none), value and the record headers a Kafka producer set (none for a
 * PutMessages: the REST API has no headers).
 */
public record KeyValue(byte[] key, byte[] value, Header[] headers) {

    public KeyValue(byte[] key, byte[] value) {
        this(key, value, Record.EMPTY_HEADERS);
    }

    /** Bytes the message counts against the service's limits (key + value). */
    public int payloadBytes() {
        return (key == null ? 0 : key.length) + value.length;
    }
}
