package dev.ocistreaming.camel;

/** A failure reported by OCI Streaming, or a limit of the service that a message would break. */
public class OciStreamingException extends RuntimeException {

    private final String serviceCode;

    public OciStreamingException(String message, String serviceCode, Throwable cause) {
        super(message, cause);
        this.serviceCode = serviceCode;
    }

    public OciStreamingException(String message) {
        this(message, null, null);
    }

    /** @return the service's error code (e.g. 429, InvalidParameter), or null when it did not answer */
    public String getServiceCode() {
        return serviceCode;
    }
}
