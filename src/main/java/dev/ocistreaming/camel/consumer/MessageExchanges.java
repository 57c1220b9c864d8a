package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.streaming.model.Message;
import dev.ocistreaming.camel.OciStreamingBatchBody;
import dev.ocistreaming.camel.OciStreamingManualCommit;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import org.apache.camel.Exchange;

/**
 * batching=true: the body of a partition's exchange, the exchanges of its messages in offset order. Each is made the
 * first time it is read and then kept, so reading one twice gives the same exchange, changes included.
 *
 * <p>Why not made all at once: a poll holds up to 10 000 messages per instance, each exchange with a dozen headers,
 * and a route that writes them in slices (the database bridge) would hold them all until the last slice is done.
 * Made as they are read, only the slices reached so far are held: fewer objects live through a young garbage
 * collection, which G1 otherwise copies, and under load promotes to the old generation.
 *
 * <p>Fixed size: {@link #set} replaces an element; adding or removing one throws, as for {@code Arrays.asList}. Safe
 * to read from several threads (a parallel split): one exchange is kept per message.
 */
final class MessageExchanges extends AbstractList<Exchange> implements OciStreamingBatchBody, RandomAccess {

    private final AtomicReferenceArray<Exchange> made;
    private final IntFunction<Message> messages;
    private final IntFunction<OciStreamingManualCommit> commits;
    private final IntFunction<Exchange> make;

    /**
     * @param messages the message at an index
     * @param commits the manual commit of the message at an index (null when not in MANUAL mode)
     * @param make the exchange of the message at an index, called once per index that is read
     */
    MessageExchanges(
            int size,
            IntFunction<Message> messages,
            IntFunction<OciStreamingManualCommit> commits,
            IntFunction<Exchange> make) {
        this.made = new AtomicReferenceArray<>(size);
        this.messages = messages;
        this.commits = commits;
        this.make = make;
    }

    @Override
    public Message message(int index) {
        return messages.apply(Objects.checkIndex(index, size()));
    }

    @Override
    public OciStreamingManualCommit manualCommit(int index) {
        return commits.apply(Objects.checkIndex(index, size()));
    }

    @Override
    public Exchange get(int index) {
        Exchange exchange = made.get(Objects.checkIndex(index, size()));
        if (exchange != null) {
            return exchange;
        }
        Exchange fresh = make.apply(index);
        Exchange first = made.compareAndExchange(index, null, fresh);
        return first == null ? fresh : first;
    }

    @Override
    public Exchange set(int index, Exchange element) {
        Exchange previous = get(index);
        made.set(index, Objects.requireNonNull(element, "element"));
        return previous;
    }

    @Override
    public int size() {
        return made.length();
    }
}
