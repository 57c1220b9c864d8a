package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.requests.GetMessagesRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import java.util.List;

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

    /** Also ends the current batch: no commit point of the old cursor is current any more. */
    @Override
    public void invalidate() {
        synchronized (lock) {
            cursor = null;
            sequence++;
        }
    }

    @Override
    public Batch poll(int limit) {
        synchronized (lock) {
            if (cursor == null) {
                // Invalidated by another thread (a refused commit) since the caller looked: the next step re-opens.
                return new Batch(List.of(), ++sequence, null);
            }
            GetMessagesResponse response = client.getMessages(GetMessagesRequest.builder()
                    .streamId(streamId)
                    .cursor(cursor)
                    .limit(limit)
                    .build());
            touch();
            cursor = response.getOpcNextCursor();
            List<Message> items = response.getItems();
            return new Batch(items == null ? List.of() : CompactMessages.of(items), ++sequence, cursor);
        }
    }

    /** Takes a newly created cursor: the next poll starts from it. */
    protected void opened(String created) {
        synchronized (lock) {
            cursor = created;
            sequence++;
            touch();
        }
    }

    /** @return true when no poll, re-creation or invalidation happened since the point's batch was fetched */
    protected boolean isCurrent(CommitPoint point) {
        return point.sequence() == sequence;
    }

    protected void touch() {
        lastContactNanos = System.nanoTime();
    }

    @Override
    public long lastContactNanos() {
        return lastContactNanos;
    }
}
