package dev.ocistreaming.app.bridges;

import dev.ocistreaming.camel.OciStreamingConstants;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Joins the messages of one partition into one body: {@code prefix + value (separator value)* + suffix}, for a file
 * or one HTTP request. The aggregated exchange carries exchange properties {@value #FIRST_OFFSET},
 * {@value #LAST_OFFSET}, {@value #COUNT} and {@value #BYTES}, the headers of the group's first message, and the
 * manual-commit header of its last, so committing the group acknowledges every message in it.
 *
 * <p>When to close a group is the route's business (completion predicate on {@value #COUNT} and {@value #BYTES},
 * completion interval). A message whose offset the group already holds is dropped: after a re-created cursor the
 * service delivers again what an open group collected, and the group must not hold it twice.
 */
public class GroupedMessages implements AggregationStrategy {

    public static final String FIRST_OFFSET = "bridgeFirstOffset";
    public static final String LAST_OFFSET = "bridgeLastOffset";
    public static final String COUNT = "bridgeCount";
    public static final String BYTES = "bridgeBytes";

    private byte[] separator = "\n".getBytes(StandardCharsets.UTF_8);
    private byte[] prefix = new byte[0];
    private byte[] suffix = new byte[0];

    public void setSeparator(String separator) {
        this.separator = bytes(separator);
    }

    public void setPrefix(String prefix) {
        this.prefix = bytes(prefix);
    }

    public void setSuffix(String suffix) {
        this.suffix = bytes(suffix);
    }

    @Override
    public Exchange aggregate(Exchange group, Exchange next) {
        byte[] value = value(next);
        long offset = offset(next);
        if (group == null) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(64, value.length * 2));
            body.writeBytes(value);
            next.getMessage().setBody(body);
            next.setProperty(FIRST_OFFSET, offset);
            next.setProperty(LAST_OFFSET, offset);
            next.setProperty(COUNT, 1);
            next.setProperty(BYTES, (long) value.length);
            return next;
        }
        if (alreadyHeld(group, next)) {
            return group;
        }
        ByteArrayOutputStream body = group.getMessage().getBody(ByteArrayOutputStream.class);
        body.writeBytes(separator);
        body.writeBytes(value);
        group.setProperty(LAST_OFFSET, offset);
        group.setProperty(COUNT, group.getProperty(COUNT, int.class) + 1);
        group.setProperty(BYTES, (long) body.size());
        Object commit = next.getMessage().getHeader(OciStreamingConstants.MANUAL_COMMIT);
        if (commit != null) {
            group.getMessage().setHeader(OciStreamingConstants.MANUAL_COMMIT, commit);
        }
        return group;
    }

    /** The group leaves as {@code byte[]}: prefix, the joined values, suffix. */
    @Override
    public void onCompletion(Exchange group) {
        ByteArrayOutputStream joined = group.getMessage().getBody(ByteArrayOutputStream.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream(prefix.length + joined.size() + suffix.length);
        body.writeBytes(prefix);
        body.writeBytes(joined.toByteArray());
        body.writeBytes(suffix);
        group.getMessage().setBody(body.toByteArray());
        group.setProperty(BYTES, (long) body.size());
    }

    private static boolean alreadyHeld(Exchange group, Exchange next) {
        return offset(next) <= group.getProperty(LAST_OFFSET, long.class);
    }

    private static long offset(Exchange exchange) {
        Long offset = exchange.getMessage().getHeader(OciStreamingConstants.OFFSET, Long.class);
        if (offset == null) {
            throw new IllegalArgumentException("Message without header " + OciStreamingConstants.OFFSET
                    + ": GroupedMessages groups messages read from an oci-streaming consumer");
        }
        return offset;
    }

    private static byte[] value(Exchange exchange) {
        byte[] value = exchange.getMessage().getBody(byte[].class);
        return value == null ? new byte[0] : value;
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
