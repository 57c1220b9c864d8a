package dev.ocistreaming.camel;

/**
 * The producer's queue stayed full ({@code maxQueuedBytes}) for {@code maxBlockMs}: the service is slower than the
 * route, or unreachable. Nothing of the exchange was sent; trying again later may succeed.
 */
public class OciStreamingQueueFullException extends OciStreamingException {

    public OciStreamingQueueFullException(String message) {
        super(message);
    }
}
