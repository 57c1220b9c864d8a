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
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConverter;

/**
 * An exchange's keys and values as bytes, checked against the service's limits before anything is sent.
 *
 * @param key      the exchange's key bytes (header or {@code key} option), or null
 * @param values   one value, or one per element of an Iterable body
 * @param keys     the key of each value: the exchange's key, or for an element that is a Camel {@link Message} (or
 *                 {@link Exchange}) that element's own {@code CamelOciStreamingKey} header when it has one
 * @param iterable whether the body was an Iterable (results then go to a list header)
 */
public record OutgoingMessage(byte[] key, List<byte[]> values, List<byte[]> keys, boolean iterable) {

    /** Reads the exchange; throws {@link OciStreamingException} naming the limit a message breaks. */
    public static OutgoingMessage of(Exchange exchange, OciStreamingConfiguration c)
            throws NoTypeConversionAvailableException {
        String keyText = exchange.getMessage().getHeader(OciStreamingConstants.KEY, String.class);
        if (keyText == null) {
            keyText = c.getKey();
        }
        byte[] key = bytes(keyText);
        Object body = exchange.getMessage().getBody();
        TypeConverter converter = exchange.getContext().getTypeConverter();
        List<byte[]> values = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        boolean iterable = isBatch(body);
        if (iterable) {
            for (Iterator<?> it = ((Iterable<?>) body).iterator(); it.hasNext(); ) {
                Object element = it.next();
                if (element instanceof Exchange e) {
                    element = e.getMessage();
                }
                if (element instanceof Message m) {
                    // a message of its own, as Camel's Kafka producer takes them: its body, and its key if it has one
                    String own = m.getHeader(OciStreamingConstants.KEY, String.class);
                    values.add(toBytes(converter, exchange, m.getBody()));
                    keys.add(own != null ? bytes(own) : key);
                } else {
                    values.add(toBytes(converter, exchange, element));
                    keys.add(key);
                }
            }
        } else {
            values.add(toBytes(converter, exchange, body));
            keys.add(key);
        }
        check(keys, values, c.getMaxBatchBytes());
        return new OutgoingMessage(key, values, keys, iterable);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
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

    private static void check(List<byte[]> keys, List<byte[]> values, int maxBatchBytes) {
        for (int i = 0; i < values.size(); i++) {
            byte[] key = keys.get(i);
            String which = values.size() == 1 ? "Message" : "Element " + i + " of the body";
            if (key != null && key.length > ServiceLimits.MAX_KEY_BYTES) {
                throw new OciStreamingException(
                        (values.size() == 1 ? "Message key" : "The key of " + which.toLowerCase())
                                + " is " + key.length + " bytes; OCI Streaming allows at most "
                                + ServiceLimits.MAX_KEY_BYTES
                                + " bytes per key");
            }
            int keyBytes = key == null ? 0 : key.length;
            int size = values.get(i).length;
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
