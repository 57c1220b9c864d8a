package dev.ocistreaming.local.data;

import dev.ocistreaming.local.admin.StreamInfo;
import dev.ocistreaming.local.group.ConsumerGroup;
import dev.ocistreaming.local.log.PartitionLog;

/**
 * What a data-plane handler may use, and nothing more: streams and their partition logs, consumer groups, cursors,
 * the clock, the throttles and the traffic counters. Every failure is already the API's (an {@code ApiException}).
 */
interface DataPlaneServices {

    /** An ACTIVE stream by id; the API's 404 or 409 otherwise. */
    StreamInfo activeStream(String streamId);

    /** The stream's partition logs, indexed by partition. */
    PartitionLog[] partitions(StreamInfo stream);

    /** An existing group; the API's 404 otherwise. */
    ConsumerGroup group(String streamId, String groupName);

    /** The group, created at {@code type}/{@code timeMs} if new (an existing group keeps its position). */
    ConsumerGroup groupOrCreate(
            String streamId, String groupName, String type, long timeMs, PartitionLog[] logs, long now);

    /** A cursor the server issued for this stream and that has not expired; the API's 400 otherwise. */
    Cursor decodeCursor(String text, String streamId);

    String encodeCursor(Cursor cursor);

    long now();

    /** When a cursor issued now expires. */
    long cursorExpiry();

    /** Milliseconds until {@code bytes} may be written to a partition ({@code key}); 0 now, or when not throttling. */
    long writeWaitMs(String key, long bytes);

    /** Whether a GetMessages for {@code key} (a partition of a group or of a partition cursor) is over its rate. */
    boolean readThrottled(String key);

    int getsPerSecond();

    /** About how many bytes of keys and values one GetMessages answers at most. */
    int getMaxBytes();

    void countPut(String streamId, int messages);

    void countGet(String streamId, int messages);
}
