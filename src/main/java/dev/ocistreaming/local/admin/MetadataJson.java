package dev.ocistreaming.local.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the server's own metadata files without trusting them: no missing or null field, no number given as a
 * string or a fraction where a whole number belongs, no trailing bytes, no duplicate field, a bounded size. What
 * parses is then checked for meaning by the record that holds it.
 */
public final class MetadataJson {

    /** Far above any file this server writes (a stream's tags are the largest part). */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    @SuppressWarnings("deprecation") // ALLOW_COERCION_OF_SCALARS is still the one switch for all scalar coercions
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // a number or boolean where text belongs is as wrong as text where a number belongs
            .withCoercionConfig(
                    LogicalType.Textual,
                    c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    static {
        STRICT.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxNumberLength(40)
                        .build());
    }

    private MetadataJson() {}

    /**
     * The file's content as {@code type}; an {@link IOException} saying what is wrong for a file too large, not JSON,
     * of the wrong shape or holding {@code null}.
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        T value = STRICT.readValue(bytes(file), type);
        if (value == null) {
            throw new IOException("file holds null");
        }
        return value;
    }

    /**
     * As {@link #read(Path, Class)}, for a type that gained fields: {@code fillAbsent} may add to the file's object
     * what an earlier version did not write, before the same strict reading. The syntax (duplicates, trailing bytes,
     * depth, number length) is checked while the file is parsed.
     */
    static <T> T read(Path file, Class<T> type, Consumer<ObjectNode> fillAbsent) throws IOException {
        JsonNode tree = STRICT.readTree(bytes(file));
        if (tree == null || tree.isNull()) {
            throw new IOException("file holds null");
        }
        if (tree instanceof ObjectNode object) {
            fillAbsent.accept(object);
        }
        T value = STRICT.treeToValue(tree, type);
        if (value == null) {
            throw new IOException("file holds null");
        }
        return value;
    }

    private static byte[] bytes(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException("file is " + size + " bytes, more than any this server writes");
        }
        if (size == 0) {
            throw new IOException("file is empty");
        }
        return Files.readAllBytes(file);
    }

    /** The first line of a parser's message: the rest repeats the source and is noise in a log line. */
    public static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
