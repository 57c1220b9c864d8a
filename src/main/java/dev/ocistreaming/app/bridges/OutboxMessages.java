package dev.ocistreaming.app.bridges;

import dev.ocistreaming.camel.OciStreamingConstants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

/**
 * Turns the outbox rows claimed for one batch (columns {@code outbox_id}, {@code outbox_key}, {@code outbox_value},
 * in id order) into what the stream producer sends as one exchange: a list of messages in id order, each with its
 * row's key in header {@code CamelOciStreamingKey}. The producer puts each key's messages in one lane in that order,
 * so a key keeps its order, and a batch goes out in as few requests as its keys' lanes. The ids go to header
 * {@value #IDS} for the statement that follows.
 */
public class OutboxMessages {

    /** Header with the ids of the batch's rows (a list), for {@code … WHERE id IN (:#in:outboxIds)}. */
    public static final String IDS = "outboxIds";

    public void messages(Exchange batch) {
        List<?> rows = batch.getMessage().getBody(List.class);
        List<Object> ids = new ArrayList<>(rows.size());
        List<Message> messages = new ArrayList<>(rows.size());
        for (Object element : rows) {
            Map<?, ?> row = (Map<?, ?>) element;
            ids.add(row.get("outbox_id"));
            Object key = row.get("outbox_key");
            Object value = row.get("outbox_value");
            if (value == null) {
                throw new IllegalArgumentException(
                        "Outbox row " + row.get("outbox_id") + " has no value: a stream message needs one");
            }
            Message message = new DefaultMessage(batch.getContext());
            message.setBody(value);
            // a null key is a message without a key (the stream spreads those over its partitions)
            if (key != null) {
                message.setHeader(OciStreamingConstants.KEY, key.toString());
            }
            messages.add(message);
        }
        batch.getMessage().setHeader(IDS, ids);
        batch.getMessage().setBody(messages);
    }
}
