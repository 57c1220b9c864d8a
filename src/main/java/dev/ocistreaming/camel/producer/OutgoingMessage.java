package dev.ocistreaming.camel.producer;

import com.fasterxml.jackson.core.TreeNode;
import dev.ocistreaming.camel.OciStreamingConfiguration;
import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingException;
import dev.ocistreaming.camel.ServiceLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConverter;

/**
 * An exchange's key and values as bytes, checked against the service's limits before anything is sent.
 *
 * @param key      the key bytes, or null
 * @param values   one value, or one per element of an Iterable body
 * @param iterable whether the body was an Iterable (results then go to a list header)
 */
public record OutgoingMessage(byte[] key, List<byte[]> values, boolean iterable) {

    /** Reads the exchange; throws {@link OciStreamingException} naming the limit a message breaks. */
    public static OutgoingMessage of(Exchange exchange, OciStreamingConfiguration c)
            throws NoTypeConversionAvailableException {
        String keyText = exchange.getMessage().getHeader(OciStreamingConstants.KEY, String.class);
        if (keyText == null) {
            keyText = c.getKey();
        }
        byte[] key = keyText == null ? null : keyText.getBytes(StandardCharsets.UTF_8);
        Object body = exchange.getMessage().getBody();
        TypeConverter converter = exchange.getContext().getTypeConverter();
        List<byte[]> values = new ArrayList<>();
        boolean iterable = isBatch(body);
        if (iterable) {
            for (Iterator<?> it = ((Iterable<?>) body).iterator(); it.hasNext(); ) {
                values.add(toBytes(converter, exchange, it.next()));
            }
        } else {
            values.add(toBytes(converter, exchange, body));
        }
        check(key, values, c.getMaxBatchBytes());
        return new OutgoingMessage(key, values, iterable);
    }

    /**
     * An Iterable body is a batch, one message per element, except for types that merely happen to be iterable: a
     * file path (its name elements) or a JSON tree (its fields), which are one message each.
     */
    static boolean isBatch(Object body) {
        return body instanceof Iterable<?>
                && !(body instanceof CharSequence)
                && !(body instanceof Path)
                && !(body instanceof TreeNode);
    }

    private static byte[] toBytes(TypeConverter converter, Exchange exchange, Object value)
            throws NoTypeConversionAvailableException {
        if (value == null) {
            throw new OciStreamingException(
                    "Cannot send a null body (or null element): OCI Streaming messages need a" + " value");
        }
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return converter.mandatoryConvertTo(byte[].class, exchange, value);
    }

    private static void check(byte[] key, List<byte[]> values, int maxBatchBytes) {
        if (key != null && key.length > ServiceLimits.MAX_KEY_BYTES) {
            throw new OciStreamingException("Message key is " + key.length + " bytes; OCI Streaming allows at most "
                    + ServiceLimits.MAX_KEY_BYTES + " bytes per key");
        }
        int keyBytes = key == null ? 0 : key.length;
        for (int i = 0; i < values.size(); i++) {
            int size = values.get(i).length;
            String which = values.size() == 1 ? "Message" : "Element " + i + " of the body";
            if (size > ServiceLimits.MAX_REQUEST_BYTES) {
                throw new OciStreamingException(which + " is " + size + " bytes; OCI Streaming allows at most "
                        + ServiceLimits.MAX_REQUEST_BYTES + " bytes (1 MiB) per message");
            }
            if (size + keyBytes > maxBatchBytes) {
                throw new OciStreamingException(which + " with its key is " + (size + keyBytes) + " bytes, over"
                        + " maxBatchBytes=" + maxBatchBytes + " (OCI Streaming allows 1 MiB per request)");
            }
        }
    }
}
