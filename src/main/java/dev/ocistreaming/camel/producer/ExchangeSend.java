package dev.ocistreaming.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Collects the results of one exchange's messages (one, or one per element of an Iterable body) and calls back once
 * all are known.
 */
public final class ExchangeSend {

    private final AtomicReferenceArray<PutResult> results;
    private final AtomicInteger remaining;
    private final Consumer<List<PutResult>> onDone;

    public ExchangeSend(int count, Consumer<List<PutResult>> onDone) {
        this.results = new AtomicReferenceArray<>(count);
        this.remaining = new AtomicInteger(count);
        this.onDone = onDone;
    }

    /** Records one message's result; the last one completes the exchange. */
    public void complete(int index, PutResult result) {
        completeIfOpen(index, result);
    }

    /** Like {@link #complete} but ignored when this message already has a result. */
    public void completeIfOpen(int index, PutResult result) {
        if (results.compareAndSet(index, null, result) && remaining.decrementAndGet() == 0) {
            List<PutResult> all = new ArrayList<>(results.length());
            for (int i = 0; i < results.length(); i++) {
                all.add(results.get(i));
            }
            onDone.accept(all);
        }
    }
}
