package dev.ocistreaming.camel.consumer;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.camel.spi.ExecutorServiceManager;

/**
 * {@code commitMode=MANUAL}: the next GetMessages of an instance, fetched on a thread of its own while the instance
 * delivers the batch before it, so that the route's work (a bridge's database writes) and reading overlap: the route
 * has the next batch as soon as it can take it instead of waiting a whole GetMessages for it. At most one poll is under way or
 * waiting: the instance takes its result before it asks for another.
 *
 * <p>Only for MANUAL: there the route commits, so a batch fetched ahead is committed only once the route has
 * acknowledged it, and the watermark generation read before its poll tells a batch fetched across a discard (it is
 * then not delivered, and comes again). {@code ON_GET} must not read ahead (the next GetMessages would commit the batch
 * in delivery), nor {@code AFTER_PROCESSING} (a failed batch rewinds the session, which a poll ahead would have moved).
 */
final class ReadAhead {

    /** A poll made ahead: its batch, the generation read before it, and when it started. */
    record Fetched(Batch batch, long generation, long startedMillis) {}

    private final ExecutorServiceManager executors;
    private final ExecutorService thread;
    private Future<Fetched> next;

    /** @param owner the consumer, whose thread pools Camel names and shuts down */
    ReadAhead(ExecutorServiceManager executors, Object owner, String name) {
        this.executors = executors;
        this.thread = executors.newSingleThreadExecutor(owner, name);
    }

    /** Starts the next poll; {@code poll} waits for the pacer itself. */
    void start(Callable<Fetched> poll) {
        if (next != null) {
            throw new IllegalStateException("a poll is already under way ahead");
        }
        next = thread.submit(poll);
    }

    boolean hasNext() {
        return next != null;
    }

    /**
     * Waits for the poll started ahead and hands it over; a failure of the poll is thrown here as it would have been
     * by the poll itself, so the instance handles it as usual (backoff, a re-created cursor).
     */
    Fetched take() throws InterruptedException {
        Future<Fetched> taken = next;
        next = null;
        try {
            return taken.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The instance stopped: a batch fetched ahead is not delivered (not committed, so it is read again). */
    void close() {
        if (next != null) {
            next.cancel(true);
            next = null;
        }
        executors.shutdownNow(thread);
    }
}
