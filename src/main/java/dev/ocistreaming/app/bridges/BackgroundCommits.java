package dev.ocistreaming.app.bridges;

import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingManualCommit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;

/**
 * {@link ManualCommits} on a thread of its own, in the order asked: the stream-to-database writer hands the commit
 * of a batch the database has committed to this thread and writes the next batch at once, instead of waiting for the
 * stream's answer, and for a GetMessages of the consumer's under way, which holds the session's commits back.
 *
 * <p>Each commit is still made only after its batch's transaction committed. One that is not made (the application
 * stops first, the consumer lost the partition) means the rows are read again, and the stored position skips them.
 * The queue holds one small handle per written batch, and at most as many as the consumer's
 * {@code maxUncommittedMessages} let it deliver without a commit.
 */
public class BackgroundCommits {

    private final ManualCommits commits = new ManualCommits();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stream-to-database-commits");
        t.setDaemon(true);
        return t;
    });

    /** Queues the commit of the exchange's manual-commit header (nothing without one). */
    public void commit(Exchange batch) {
        OciStreamingManualCommit commit =
                batch.getMessage().getHeader(OciStreamingConstants.MANUAL_COMMIT, OciStreamingManualCommit.class);
        if (commit == null) {
            return;
        }
        Object partition = batch.getProperty(MessageRows.PARTITION);
        Object last = ManualCommits.last(batch);
        thread.execute(() -> commits.commitNow(commit, partition, last));
    }

    /** At stop: the commits queued so far are made (or ignored by a consumer that has stopped), within 10 s. */
    public void close() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
