package dev.ocistreaming.camel.client;

import com.oracle.bmc.model.BmcException;

/** Reading SDK failures: what to tell a person, and whether trying again can help. */
public final class ServiceErrors {

    private ServiceErrors() {}

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

    /** Throttling, server errors, timeouts and network failures pass; a 4xx other than 429 does not. */
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
        return e instanceof RuntimeException; // e.g. a Jersey ProcessingException for a refused connection
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
