package dev.ocistreaming.local.log;

/** One message to append: its key (null when none) and value. */
public record KeyValue(byte[] key, byte[] value) {

    /** Bytes the message counts against the service's limits (key + value). */
    public int payloadBytes() {
        return (key == null ? 0 : key.length) + value.length;
    }
}
