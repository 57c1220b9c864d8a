package dev.ocistreaming.camel;

import com.oracle.bmc.streaming.model.Message;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The body of a {@code batching=true} exchange: the exchanges of one poll's messages of one partition, in offset
 * order, each made when the route first reads it. A route that needs only the messages' fields (a database batch)
 * reads them with {@link #message} instead, and no exchange is made for them: while a poll of up to 10 000 messages
 * is written, no exchange with its dozen headers is held beside each message.
 */
public interface OciStreamingBatchBody extends List<Exchange> {

    /**
     * The message at {@code index} as the service gave it (key and value as bytes, the partition as text, the
     * append time), without making its exchange. Shared with the exchange made for it: do not change its arrays.
     */
    Message message(int index);

    /**
     * In {@code commitMode=MANUAL}, the commit that acknowledges the message at {@code index} and every earlier one
     * (the header {@link OciStreamingConstants#MANUAL_COMMIT} of its exchange); null in the other modes.
     */
    OciStreamingManualCommit manualCommit(int index);
}
