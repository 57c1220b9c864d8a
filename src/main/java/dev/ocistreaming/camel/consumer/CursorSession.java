package dev.ocistreaming.camel.consumer;

/** One reader's position in a stream: a group instance's cursor, or a partition cursor. */
public interface CursorSession {

    /** Creates the cursor; called first, and again after {@link #invalidate()}. */
    void open();

    boolean isOpen();

    /** Forgets the cursor so the next {@link #open()} makes a new one (after an error or a lost reservation). */
    void invalidate();

    /** One GetMessages; the session moves on to the cursor after it. An invalidated session returns no message. */
    Batch poll(int limit);

    /**
     * Commits a batch whose messages are done, and with it every earlier batch of the session (a no-op in partition
     * mode, which keeps its position in memory).
     */
    void commit(CommitPoint point);

    /** Arranges for the batch, from the message at {@code failedIndex}, to be read again. */
    void rewind(Batch batch, int failedIndex);

    /** Keeps the session's reservations alive; false when there is nothing to keep alive. */
    boolean heartbeat();

    /** @return nanoTime of the last call the service answered for this session */
    long lastContactNanos();
}
