package dev.ocistreaming.app.bridges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.local.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Writes a message (or a batch) the target refused to the dead-letter folder as a JSON document: where it came from,
 * why it failed, and its value. File names come from stream, partition and offsets, so a message dead-lettered again
 * after a restart replaces its own file.
 */
public class DeadLetters {

    /** Exchange property with the one-line reason, for the route's log. */
    public static final String REASON = "bridgeDeadLetterReason";

    private static final int MAX_RESPONSE_CHARS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Path directory = Path.of("out");

    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    /**
     * Writes the exchange's message (or batch) with the failure that refused it to the folder, as a JSON document
     * durably (see {@link AtomicFile}); leaves the file name in header {@code CamelFileName} and the reason in exchange
     * property {@value #REASON}.
     */
    public void write(Exchange exchange) throws IOException {
        String name = fileName(exchange);
        Files.createDirectories(directory);
        AtomicFile.write(directory.resolve(name), directory.resolve("." + name + ".part"), describe(exchange), true);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, name);
    }

    private byte[] describe(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        org.apache.camel.Message message = exchange.getMessage();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("stream", message.getHeader(OciStreamingConstants.STREAM_NAME));
        document.put("partition", message.getHeader(OciStreamingConstants.PARTITION));
        Object first = exchange.getProperty(GroupedMessages.FIRST_OFFSET);
        if (first != null) {
            document.put("firstOffset", first);
            document.put("lastOffset", exchange.getProperty(GroupedMessages.LAST_OFFSET));
            document.put("count", exchange.getProperty(GroupedMessages.COUNT));
        } else {
            document.put("offset", message.getHeader(OciStreamingConstants.OFFSET));
            document.put("key", message.getHeader(OciStreamingConstants.KEY));
        }
        if (failure instanceof HttpOperationFailedException http) {
            document.put("status", http.getStatusCode());
            document.put("response", truncate(http.getResponseBody()));
        }
        String reason = reason(failure);
        document.put("reason", reason);
        byte[] value = message.getBody(byte[].class);
        document.put("value", value == null ? null : new String(value, StandardCharsets.UTF_8));
        exchange.setProperty(REASON, reason);
        return JSON.writeValueAsBytes(document);
    }

    /** {@code <stream>+<partition>+<offset>.json}, or {@code …+<first>+<last>.json} for a batch; offsets in 20 digits. */
    private static String fileName(Exchange exchange) {
        org.apache.camel.Message message = exchange.getMessage();
        Object first = exchange.getProperty(GroupedMessages.FIRST_OFFSET);
        String offsets = first != null
                ? String.format(
                        WrittenFiles.OFFSET_FORMAT + "+" + WrittenFiles.OFFSET_FORMAT,
                        (Long) first,
                        exchange.getProperty(GroupedMessages.LAST_OFFSET, Long.class))
                : String.format(
                        WrittenFiles.OFFSET_FORMAT, message.getHeader(OciStreamingConstants.OFFSET, Long.class));
        return WrittenFiles.prefix(exchange) + offsets + ".json";
    }

    private static String reason(Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        if (failure instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode() + (http.getStatusText() == null ? "" : " " + http.getStatusText())
                    + " from " + http.getUri();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_RESPONSE_CHARS ? text : text.substring(0, MAX_RESPONSE_CHARS) + "…";
    }
}
