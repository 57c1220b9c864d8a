package dev.ocistreaming.local.http;

/** An error answered in the service's shape: HTTP status plus {@code {"code","message"}}. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, "InvalidParameter", message);
    }

    public static ApiException missing(String name) {
        return new ApiException(400, "MissingParameter", "Missing required parameter: " + name);
    }

    public static ApiException limitExceeded(String message) {
        return new ApiException(400, "LimitExceeded", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NotAuthorizedOrNotFound", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "Conflict", message);
    }

    public static ApiException incorrectState(String message) {
        return new ApiException(409, "IncorrectState", message);
    }
}
