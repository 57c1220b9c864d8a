package dev.ocistreaming.camel;

/**
 * The limits of OCI Streaming that a message or an option can break, in one place for the component and the launcher's
 * bridges, as Oracle's Streaming documentation states them. The local server enforces the same numbers on its
 * own, because it must not depend on the component.
 */
public final class ServiceLimits {

    /** Most bytes in one PutMessages request, and in one message, after Base64 decoding (1 MiB). */
    public static final int MAX_REQUEST_BYTES = 1_048_576;
    /** Most bytes in a message key. */
    public static final int MAX_KEY_BYTES = 256;
    /** Most messages one GetMessages may ask for. */
    public static final int MAX_GET_LIMIT = 10_000;

    private ServiceLimits() {}
}
