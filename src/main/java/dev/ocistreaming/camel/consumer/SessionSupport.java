package dev.ocistreaming.camel.consumer;

import java.util.List;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.requests.GetMessagesRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;

/** What both kinds of session share: the client, the cursor, GetMessages, and the time of last contact. */
abstract class SessionSupport implements CursorSession {

    protected final StreamClient client;
    protected final String streamId;
    protected final Object lock = new Object();
    protected String cursor;
    private volatile long lastContactNanos = System.nanoTime();
    private long sequence;

    SessionSupport(StreamClient client, String streamId) {
        this.client = client;
        this.streamId = streamId;
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return cursor != null;
        }
    }

    @Override
    public void invalidate() {
        synchronized (lock) {
            cursor = null;
        }
    }

    @Override
    public Batch poll(int limit) {
        synchronized (lock) {
            GetMessagesResponse response = client.getMessages(GetMessagesRequest.builder().streamId(streamId)
                    .cursor(cursor).limit(limit).build());
            touch();
            cursor = response.getOpcNextCursor();
            List<Message> items = response.getItems();
            return new Batch(items == null ? List.of() : items, ++sequence, cursor);
        }
    }

    /** Takes a newly created cursor: the next poll starts from it. */
    protected void opened(String created) {
        synchronized (lock) {
            cursor = created;
            touch();
        }
    }

    protected boolean isCurrent(Batch batch) {
        return batch.sequence() == sequence;
    }

    protected void touch() {
        lastContactNanos = System.nanoTime();
    }

    @Override
    public long lastContactNanos() {
        return lastContactNanos;
    }
}
