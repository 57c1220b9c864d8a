package dev.ocistreaming.app.bridges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingException;
import dev.ocistreaming.camel.OciStreamingQueueFullException;
import dev.ocistreaming.camel.ServiceLimits;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the http-to-stream bridge: checks a POST before it goes to the stream, and turns the outcome into
 * the answer: {@code 200 {"stream", "partition", "offset"}}, or an error status with {@code {"error": reason}}.
 */
public class IngestRequests {

    /** The request header that carries the message key (else query parameter {@value #KEY_PARAMETER}). */
    public static final String KEY_HEADER = "Oci-Streaming-Key";

    public static final String KEY_PARAMETER = "key";

    private static final Logger LOG = LoggerFactory.getLogger(IngestRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the bridge refuses, with the status to answer. */
    public static final class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String reason) {
            super(reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Checks body and key, and sets the {@code CamelOciStreamingKey} header from the request (or removes it). */
    public void check(Exchange exchange) {
        Message in = exchange.getMessage();
        String type = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type != null
                && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
            // the HTTP server parses form bodies into fields, so the body as sent is gone
            throw new Refused(
                    415,
                    "Form bodies (" + type + ") are not taken: send the body as it is, with a type"
                            + " such as application/json or application/octet-stream (curl: -H 'Content-Type:"
                            + " application/json' --data-binary @file)");
        }
        byte[] body = in.getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new Refused(400, "The body is empty: a stream message needs a value");
        }
        if (body.length > ServiceLimits.MAX_REQUEST_BYTES) {
            throw new Refused(
                    413,
                    "The body is " + body.length + " bytes; a stream message holds at most "
                            + ServiceLimits.MAX_REQUEST_BYTES + " bytes (1 MiB)");
        }
        in.setBody(body);
        String key = in.getHeader(KEY_HEADER, String.class);
        if (key == null) {
            key = in.getHeader(KEY_PARAMETER, String.class);
        }
        if (key == null) {
            in.removeHeader(OciStreamingConstants.KEY);
            return;
        }
        int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (keyBytes == 0 || keyBytes > ServiceLimits.MAX_KEY_BYTES) {
            throw new Refused(
                    400,
                    "The key is " + keyBytes + " bytes; a key has 1 to " + ServiceLimits.MAX_KEY_BYTES
                            + " bytes (UTF-8)");
        }
        in.setHeader(OciStreamingConstants.KEY, key);
    }

    /** 200 with where the message was stored. */
    public void accepted(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("stream", message.getHeader(OciStreamingConstants.STREAM_NAME));
        answer.put("partition", message.getHeader(OciStreamingConstants.PARTITION));
        answer.put("offset", message.getHeader(OciStreamingConstants.OFFSET));
        answer(exchange, 200, answer);
    }

    /**
     * The answer to a failed request: the bridge's own refusals as they are; the stream's throttling as 429; the
     * stream unreachable, failing or slower than the callers (a full producer queue) as 503; anything else the
     * service refused as 502; a bug as 500.
     */
    public void failed(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = status(failure);
        String reason = failure == null ? "unknown failure" : failure.getMessage();
        if (status >= 500) {
            LOG.warn("POST refused with {}: {}", status, reason);
        } else {
            LOG.debug("POST refused with {}: {}", status, reason);
        }
        answer(
                exchange,
                status,
                Map.of("error", reason == null ? failure.getClass().getSimpleName() : reason));
        if (status == 429 || status == 503) {
            exchange.getMessage().setHeader("Retry-After", "1");
        }
    }

    static int status(Throwable failure) {
        if (failure instanceof Refused refused) {
            return refused.status();
        }
        if (failure instanceof OciStreamingQueueFullException) {
            return 503; // the stream is slower than the callers: they should come back later
        }
        if (failure instanceof OciStreamingException oci) {
            String code = oci.getServiceCode();
            if (code == null) {
                return 400; // a limit of the service, checked before sending
            }
            String lower = code.toLowerCase(Locale.ROOT);
            if (lower.startsWith("429") || lower.contains("toomanyrequests")) {
                return 429;
            }
            if (lower.startsWith("5") || lower.equals("noresponse")) {
                return 503;
            }
            return 502;
        }
        return 500;
    }

    private static void answer(Exchange exchange, int status, Map<String, ?> body) throws JsonProcessingException {
        Message message = exchange.getMessage();
        // the request's headers must not travel back as response headers
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(JSON.writeValueAsBytes(body));
    }
}
