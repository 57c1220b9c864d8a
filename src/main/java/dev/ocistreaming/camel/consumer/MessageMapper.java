package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.model.Message;
import dev.ocistreaming.camel.OciStreamingConstants;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/** Fills an exchange from a stream message: the value as body, the rest as headers. */
final class MessageMapper {

    private final String streamId;
    private final String groupName;
    private final String instanceName;

    MessageMapper(String streamId, String groupName, String instanceName) {
        this.streamId = streamId;
        this.groupName = groupName;
        this.instanceName = instanceName;
    }

    void fill(Exchange exchange, Message m, int index, int size, int attempt) {
        org.apache.camel.Message in = exchange.getIn();
        in.setBody(m.getValue());
        in.setHeader(
                OciStreamingConstants.KEY, m.getKey() == null ? null : new String(m.getKey(), StandardCharsets.UTF_8));
        in.setHeader(OciStreamingConstants.PARTITION, m.getPartition());
        in.setHeader(OciStreamingConstants.OFFSET, m.getOffset());
        if (m.getTimestamp() != null) {
            Long millis = m.getTimestamp().getTime(); // boxed once for both headers
            in.setHeader(OciStreamingConstants.TIMESTAMP, millis);
            in.setHeader(Exchange.MESSAGE_TIMESTAMP, millis);
        }
        fillShared(exchange, m, index, size);
        in.setHeader(OciStreamingConstants.DELIVERY_ATTEMPT, attempt);
    }

    /**
     * batching=true: the exchange of one partition's messages of a poll, {@code index} of the poll's {@code count}
     * such exchanges. The body is the messages' exchanges; the headers are those all of them share.
     */
    void fillGroup(Exchange exchange, List<Exchange> messages, Message last, int index, int count) {
        org.apache.camel.Message in = exchange.getIn();
        in.setBody(messages);
        in.setHeader(OciStreamingConstants.PARTITION, last.getPartition());
        fillShared(exchange, last, index, count);
    }

    /** The stream and group headers, and where the exchange sits among those delivered together. */
    private void fillShared(Exchange exchange, Message m, int index, int size) {
        org.apache.camel.Message in = exchange.getIn();
        in.setHeader(OciStreamingConstants.STREAM_ID, streamId);
        in.setHeader(OciStreamingConstants.STREAM_NAME, m.getStream());
        if (groupName != null) {
            in.setHeader(OciStreamingConstants.GROUP_NAME, groupName);
            in.setHeader(OciStreamingConstants.INSTANCE_NAME, instanceName);
        }
        exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
        exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, size);
        exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == size - 1);
    }
}
