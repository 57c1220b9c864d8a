package dev.ocistreaming.camel.consumer;

import java.util.List;

import com.oracle.bmc.streaming.model.Message;

/**
 * The messages of one GetMessages and the cursor that commits them. OCI commits per cursor, and a cursor covers all
 * of its batch, so the batch is the unit of commit. Heartbeats replace the cursor while the batch is in progress.
 */
public final class Batch {

    private final List<Message> messages;
    private final long sequence;
    private volatile String cursor;

    public Batch(List<Message> messages, long sequence, String cursor) {
        this.messages = messages;
        this.sequence = sequence;
        this.cursor = cursor;
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

    /** @return the poll number within its session: tells the current batch from older ones */
    public long sequence() {
        return sequence;
    }

    /** @return the newest cursor that commits this batch */
    public String cursor() {
        return cursor;
    }

    void cursor(String cursor) {
        this.cursor = cursor;
    }
}
