package dev.ocistreaming.local.admin;

/**
 * The meaning checks for values read back from metadata files: each returns what is wrong, or null. The JSON shape
 * (types, nulls) is already checked by {@link MetadataJson}.
 */
public final class Checks {

    /** The most partitions any configuration allows; a stream made under a higher limit stays readable. */
    static final int MAX_PARTITIONS = 10_000;

    private static final int MAX_NAME = 255;

    private Checks() {}

    /** The first problem, or null. */
    public static String first(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    public static String range(String field, long value, long min, long max) {
        return value < min || value > max ? field + " is " + value + ", must be between " + min + " and " + max : null;
    }

    /** A user-chosen name as the API accepts it: 1-255 characters, no control characters. */
    public static String name(String field, String value) {
        if (value.isEmpty() || value.length() > MAX_NAME) {
            return field + " must have 1 to " + MAX_NAME + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return field + " holds a control character";
            }
        }
        return null;
    }

    /** A server-made id with the given prefix, equal to {@code expected} when that is given (the file's name). */
    static String id(String field, String value, String prefix, String expected) {
        if (!Ids.plausible(value) || !value.startsWith(prefix)) {
            return field + " is not an id this server makes";
        }
        if (expected != null && !expected.equals(value)) {
            return field + " does not match the file name";
        }
        return null;
    }
}
