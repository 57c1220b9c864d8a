package dev.ocistreaming.camel.client;

import com.oracle.bmc.model.BmcException;
import jakarta.ws.rs.ProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading failures of calls to the service: what to tell a person, and whether trying again can help.
 *
 * <p>Three kinds of failure, told apart here once: a <em>service failure</em> (the SDK's {@link BmcException}, or the
 * HTTP client's {@link ProcessingException} for a connection that failed) may pass and is retried where that helps; a
 * stream that cannot be used ({@link dev.ocistreaming.camel.OciStreamingStreamNotUsableException}) fails at once;
 * anything else is a bug, never retried and never counted as a service error.
 */
public final class ServiceErrors {

    /** The service's throttling message: "... next request can be made in 453 ms". */
    private static final Pattern RETRY_HINT = Pattern.compile("next request can be made in (\\d+) ?ms");

    private ServiceErrors() {}

    /** @return true for a failed call to the service: an answer with an error, or no answer at all */
    public static boolean isServiceFailure(Throwable e) {
        return e instanceof BmcException || e instanceof ProcessingException;
    }

    /** A one-line reason: status, service code and message, or the network cause. */
    public static String describe(Throwable e) {
        if (e instanceof BmcException b) {
            if (b.isClientSide() || b.getStatusCode() <= 0) {
                Throwable root = rootCause(b);
                return "cannot reach the service: "
                        + (root.getMessage() != null
                                ? root.getMessage()
                                : root.getClass().getSimpleName());
            }
            return b.getStatusCode() + " " + b.getServiceCode() + ": " + b.getUnmodifiedMessage();
        }
        Throwable root = rootCause(e);
        return root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
    }

    /**
     * Throttling, server errors, timeouts and network failures pass; a 4xx other than 429 does not, and neither does
     * anything that is not a service failure.
     */
    public static boolean isRetryable(Throwable e) {
        if (e instanceof BmcException b) {
            int status = b.getStatusCode();
            return status <= 0
                    || b.isClientSide()
                    || b.isTimeout()
                    || status == 429
                    || status >= 500
                    || (status == 409 && "IncorrectState".equals(b.getServiceCode()));
        }
        return e instanceof ProcessingException; // the HTTP client's own failure: no answer came
    }

    /** @return the wait the service asked for in a throttling message, 0 when it asked for none */
    public static long retryHintMillis(String serviceMessage) {
        if (serviceMessage == null) {
            return 0;
        }
        Matcher m = RETRY_HINT.matcher(serviceMessage);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** @return the wait a throttled call's answer asked for, 0 when none */
    public static long retryHintMillis(Throwable e) {
        return e instanceof BmcException b ? retryHintMillis(b.getUnmodifiedMessage()) : 0;
    }

    /** A whole request refused with 429: too fast, try again later with the same cursor. */
    public static boolean isThrottled(Throwable e) {
        return e instanceof BmcException b && b.getStatusCode() == 429;
    }

    /** The 400 the service answers when a commit or heartbeat names a partition this instance no longer holds. */
    public static boolean isLostReservation(Throwable e) {
        return e instanceof BmcException b
                && b.getStatusCode() == 400
                && b.getUnmodifiedMessage() != null
                && b.getUnmodifiedMessage().toLowerCase().contains("unreserved");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
