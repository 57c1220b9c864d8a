package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.model.Message;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What committing one batch stores, without its messages. A group cursor carries the position of every partition
 * the instance has read so far, so committing it also covers every earlier batch of the session.
 *
 * @param sequence    the poll number within its session: tells the current batch from older ones
 * @param cursor      the cursor GetMessages returned after this batch
 * @param lastOffsets per partition, the highest offset of the batch
 * @param size        how many messages the batch holds
 */
public record CommitPoint(long sequence, String cursor, Map<String, Long> lastOffsets, int size) {

    static CommitPoint of(long sequence, String cursor, List<Message> messages) {
        Map<String, Long> last = new LinkedHashMap<>();
        for (Message m : messages) {
            last.merge(m.getPartition(), m.getOffset(), Math::max);
        }
        return new CommitPoint(sequence, cursor, Collections.unmodifiableMap(last), messages.size());
    }
}
