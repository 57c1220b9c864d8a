package dev.ocistreaming.camel;

/** What a consumer does when talking to the service fails (not when an exchange fails). */
public enum PollOnError {
    /** Log, back off, re-create the cursor and try again, forever. */
    RETRY,
    /** Hand the error to the consumer's exception handler (the route's error handler with bridgeErrorHandler), then
     * retry like RETRY. */
    ERROR_HANDLER,
    /** Log and stop this consumer instance; the health check reports it DOWN. */
    STOP
}
