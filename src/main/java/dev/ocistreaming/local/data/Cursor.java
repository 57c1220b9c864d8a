package dev.ocistreaming.local.data;

import dev.ocistreaming.local.group.ConsumerGroup;
import java.util.Map;

/** What a cursor string stands for, once its MAC has been checked. */
sealed interface Cursor {

    String streamId();

    long expiresAt();

    /**
     * A partition cursor: the next offset to read, or -1 for "the trim horizon when read"
     * (a TRIM_HORIZON cursor keeps meaning the oldest message even as retention moves).
     */
    record Partition(String streamId, int partition, long offset, long expiresAt) implements Cursor {}

    /**
     * A group cursor. {@code positions} hold, for each partition this instance has read, the last
     * offset delivered so far: where its next read continues, and what the next commit commits.
     */
    record Group(
            String streamId,
            String group,
            String instance,
            boolean commitOnGet,
            int timeoutMs,
            long generation,
            Map<Integer, ConsumerGroup.Delivered> positions,
            long expiresAt)
            implements Cursor {}
}
