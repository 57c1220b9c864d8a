package dev.ocistreaming.camel;

/**
 * The stream an endpoint names cannot be used, and waiting will not change that: it does not exist (and may not be
 * created), or it is being deleted, deleted, failed, or did not become ACTIVE in time. Never retried.
 */
public class OciStreamingStreamNotUsableException extends OciStreamingException {

    public OciStreamingStreamNotUsableException(String message) {
        super(message);
    }
}
