package dev.ocistreaming.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Typed, bounded reads of request fields; every violation is a 400 naming the field. */
public final class Fields {

    /** Longest name (stream, group, instance, pool) accepted anywhere. */
    public static final int MAX_NAME = 255;

    private Fields() {}

    public static String requiredText(JsonNode obj, String field) {
        String s = optionalText(obj, field);
        if (s == null || s.isEmpty()) {
            throw ApiException.missing(field);
        }
        return s;
    }

    public static String optionalText(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.invalid("Invalid " + field + ": expected a string");
        }
        return n.textValue();
    }

    /** A user-chosen name: 1-255 characters, no control characters. */
    public static String name(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.missing(field);
        }
        if (value.length() > MAX_NAME) {
            throw ApiException.invalid("Invalid " + field + ": at most " + MAX_NAME + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw ApiException.invalid("Invalid " + field + ": control characters are not allowed");
            }
        }
        return value;
    }

    public static Long optionalLong(JsonNode obj, String field, long min, long max) {
        return optionalLong(obj, field, field, min, max);
    }

    /** @param label the field as the error names it (a nested field with its parent: {@code kafkaSettings.x}) */
    private static Long optionalLong(JsonNode obj, String field, String label, long min, long max) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw ApiException.invalid("Invalid " + label + ": expected a whole number from " + min + " to " + max);
        }
        return n.longValue();
    }

    public static Integer optionalInt(JsonNode obj, String field, int min, int max) {
        return optionalInt(obj, field, field, min, max);
    }

    public static Integer optionalInt(JsonNode obj, String field, String label, int min, int max) {
        Long v = optionalLong(obj, field, label, min, max);
        return v == null ? null : v.intValue();
    }

    public static Boolean optionalBoolean(JsonNode obj, String field) {
        return optionalBoolean(obj, field, field);
    }

    public static Boolean optionalBoolean(JsonNode obj, String field, String label) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw ApiException.invalid("Invalid " + label + ": expected true or false");
        }
        return n.booleanValue();
    }

    /** An enum field spelled as on the wire ({@code TRIM_HORIZON}); {@code allowed} lists the wire names. */
    public static String requiredEnum(JsonNode obj, String field, String... allowed) {
        String v = requiredText(obj, field);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw ApiException.invalid(
                "Invalid " + field + " '" + v + "': allowed values are " + String.join(", ", allowed));
    }

    /** Strict standard Base64 (no line feeds, no URL-safe alphabet); null when absent. */
    public static byte[] optionalBase64(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.invalid("Unable to parse JSON body: " + field + " must be a Base64 string");
        }
        try {
            return Base64.getDecoder().decode(n.textValue());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Unable to parse JSON body: " + field + " is not valid Base64");
        }
    }

    /** {@code freeformTags}: string to string, bounded. */
    public static Map<String, String> freeformTags(JsonNode obj) {
        JsonNode n = obj.get("freeformTags");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject() || n.size() > 64) {
            throw ApiException.invalid("Invalid freeformTags: expected an object of at most 64 string values");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()
                    || e.getKey().length() > 100
                    || e.getValue().textValue().length() > 256) {
                throw ApiException.invalid("Invalid freeformTags: keys up to 100 and values up to 256 characters");
            }
            tags.put(e.getKey(), e.getValue().textValue());
        });
        return tags;
    }

    /** {@code definedTags}: namespace to (key to value), bounded; values kept as JSON. */
    public static Map<String, Map<String, Object>> definedTags(JsonNode obj) {
        JsonNode n = obj.get("definedTags");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject() || n.size() > 64) {
            throw ApiException.invalid("Invalid definedTags: expected an object of objects");
        }
        Map<String, Map<String, Object>> tags = new LinkedHashMap<>();
        n.fields().forEachRemaining(ns -> {
            if (!ns.getValue().isObject() || ns.getValue().size() > 64) {
                throw ApiException.invalid("Invalid definedTags: expected an object of objects");
            }
            Map<String, Object> inner = new LinkedHashMap<>();
            ns.getValue()
                    .fields()
                    .forEachRemaining(e -> inner.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class)));
            tags.put(ns.getKey(), inner);
        });
        return tags;
    }

    /**
     * Matches an enum query parameter against its wire names in any case ({@code active} is {@code ACTIVE}), as the
     * service does: its ListStreams and ListStreamPools references call the lifecycle-state filter case-insensitive
     * and spell the sort orders {@code asc}/{@code desc} while the SDKs send {@code ASC}/{@code DESC}.
     */
    public static String queryEnum(String name, String value, String... allowed) {
        if (value == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw ApiException.invalid(
                "Invalid " + name + " '" + value + "': allowed values are " + String.join(", ", allowed));
    }
}
