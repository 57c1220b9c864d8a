package dev.ocistreaming.local.admin;

import dev.ocistreaming.local.http.ApiException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to an operation whose write to the data directory failed: the service's error shape with a 5xx that
 * names the cause. A full disk is {@code 503 ServiceUnavailable} (it passes once space is freed, and the SDK retries
 * 503 by default); any other I/O error is {@code 500 InternalServerError}. Callers undo what they did before
 * throwing, so the message can promise that nothing changed.
 */
public final class StorageFailure {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFailure.class);

    private StorageFailure() {}

    /**
     * @param operation what was refused, e.g. {@code "CreateStream of orders"}
     */
    public static ApiException answer(String operation, IOException e) {
        return answer(operation, e, "nothing was changed");
    }

    /**
     * @param outcome what the failed operation left, for the client (e.g. how far a multi-step deletion got)
     */
    public static ApiException answer(String operation, IOException e, String outcome) {
        boolean full = isNoSpace(e);
        String cause = full ? "no space left on the server's disk" : "an I/O error on the server's disk (" + e + ")";
        LOG.warn("{} failed: {}; {}", operation, e.toString(), outcome);
        String message = operation + " failed: " + cause + "; " + outcome;
        return full
                ? new ApiException(503, "ServiceUnavailable", message)
                : new ApiException(500, "InternalServerError", message);
    }

    /** ENOSPC (or a quota) anywhere in the cause chain; the JDK reports both only through the message. */
    static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
