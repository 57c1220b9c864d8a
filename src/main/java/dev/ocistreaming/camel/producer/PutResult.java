package dev.ocistreaming.camel.producer;

/**
 * What the service answered for one message.
 *
 * @param partition    where it was appended, or null on failure
 * @param offset       its offset, or null on failure
 * @param timestamp    when it was appended (epoch ms), or null
 * @param error        the service's error code (e.g. 429) or a local reason, null on success
 * @param errorMessage the service's message for the error
 */
public record PutResult(String partition, Long offset, Long timestamp, String error, String errorMessage) {

    public boolean failed() {
        return error != null;
    }

    static PutResult failure(String error, String message) {
        return new PutResult(null, null, null, error, message);
    }
}
