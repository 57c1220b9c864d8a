package dev.ocistreaming.camel.producer;

/**
 * One message waiting in a lane: its bytes and where its result goes.
 *
 * @param key    the key bytes, or null
 * @param value  the value bytes
 * @param target the exchange it belongs to
 * @param index  its position in that exchange's body (0 for a single message)
 */
public record PendingRecord(byte[] key, byte[] value, ExchangeSend target, int index) {

    /** @return the bytes the service counts against its 1 MiB request limit */
    public int size() {
        return value.length + (key == null ? 0 : key.length);
    }
}
