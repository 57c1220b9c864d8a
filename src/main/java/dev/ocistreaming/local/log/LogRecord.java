package dev.ocistreaming.local.log;

/** One message as stored: its offset, append time (epoch ms), key (null when none) and value. */
public record LogRecord(long offset, long timestamp, byte[] key, byte[] value) {

    /** Bytes this record counts against a read budget (key + value, as the service's limits count). */
    public int payloadBytes() {
        return (key == null ? 0 : key.length) + value.length;
    }
}
