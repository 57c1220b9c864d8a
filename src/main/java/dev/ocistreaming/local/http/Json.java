package dev.ocistreaming.local.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The one JSON mapper of the server and the service's date format. */
public final class Json {

    /** Null fields are left out, as the service does; reading is strict about syntax. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxNumberLength(40)
                        .maxStringLength(16 * 1024 * 1024)
                        .build());
    }

    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {}

    /**
     * Epoch milliseconds as the SDK writes dates: always millis and {@code Z}. Every message of a GetMessages and every
     * entry of a PutMessages carries one, so years 1–9999 are written digit by digit: {@link DateTimeFormatter} spent
     * about half of a GetMessages' server CPU here.
     */
    public static String formatTime(long epochMs) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMs, 1000), 0, ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) { // the pattern writes year-of-era: year 0 is 0001 (BC)
            return RFC3339_MILLIS.format(Instant.ofEpochMilli(epochMs));
        }
        byte[] text = "0000-00-00T00:00:00.000Z".getBytes(StandardCharsets.US_ASCII);
        digits(text, 0, 4, t.getYear());
        digits(text, 5, 2, t.getMonthValue());
        digits(text, 8, 2, t.getDayOfMonth());
        digits(text, 11, 2, t.getHour());
        digits(text, 14, 2, t.getMinute());
        digits(text, 17, 2, t.getSecond());
        digits(text, 20, 3, (int) Math.floorMod(epochMs, 1000));
        return new String(text, StandardCharsets.US_ASCII);
    }

    /** Writes {@code value} as {@code width} decimal digits, zero-padded, ending before {@code at + width}. */
    private static void digits(byte[] text, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Parses an RFC 3339 date-time (any fraction, {@code Z} or an offset) to epoch ms; 400 otherwise. */
    public static long parseTime(String field, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.invalid(
                    "Invalid " + field + ": expected an RFC 3339 date-time such as" + " 2024-01-31T12:00:00.000Z");
        }
    }

    /** A body that must be a JSON object; anything else is the service's "Unable to parse JSON body". */
    public static JsonNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (java.io.IOException | RuntimeException e) {
            throw ApiException.invalid("Unable to parse JSON body");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid("Unable to parse JSON body");
        }
        return node;
    }
}
