package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.model.Message;
import java.util.List;

/**
 * The messages of one GetMessages and the point that commits them. OCI commits per cursor, and a cursor covers all
 * of its batch (and every batch before it in the session), so the batch is the unit of commit.
 */
public final class Batch {

    private final List<Message> messages;
    private final CommitPoint commitPoint;

    public Batch(List<Message> messages, long sequence, String cursor) {
        this.messages = messages;
        this.commitPoint = CommitPoint.of(sequence, cursor, messages);
    }

    public List<Message> messages() {
        return messages;
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public int size() {
        return messages.size();
    }

    /** @return what committing this batch stores; holds no message, so it can outlive the batch cheaply */
    public CommitPoint commitPoint() {
        return commitPoint;
    }
}
