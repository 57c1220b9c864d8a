package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.model.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * A GetMessages response's messages, copied without what the SDK's parser leaves on each: the set of the properties
 * its JSON named (a hash set of six entries, about 300 bytes per message) and its own copies of the stream's and the
 * partition's names.
 *
 * <p>Why: an instance holds a poll of up to 10 000 messages while the route works through it, and the next poll read
 * ahead. While the stream-to-database bridge drained a backlog with 3 instances, a heap histogram counted 45 579 parsed
 * messages in use; its hash sets, maps and their nodes, less the bridge's own row maps, came to about 14 MB, an
 * estimate of what those sets held. What is in use at a young garbage collection is copied, and beyond
 * G1's survivor space promoted to the old generation, where it dies (see docs/benchmarks.md, database bridges).
 */
final class CompactMessages {

    private CompactMessages() {}

    static List<Message> of(List<Message> parsed) {
        List<Message> compact = new ArrayList<>(parsed.size());
        String stream = null;
        String partition = null;
        for (Message m : parsed) {
            // a response names one stream, and few partitions, usually in runs
            stream = same(stream, m.getStream());
            partition = same(partition, m.getPartition());
            // the constructor, unlike the builder, marks no property as explicitly set
            compact.add(new Message(stream, partition, m.getKey(), m.getValue(), m.getOffset(), m.getTimestamp()));
        }
        return compact;
    }

    private static String same(String last, String next) {
        return next != null && next.equals(last) ? last : next;
    }
}
