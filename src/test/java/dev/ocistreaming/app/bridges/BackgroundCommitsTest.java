package dev.ocistreaming.app.bridges;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingManualCommit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class BackgroundCommitsTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final BackgroundCommits commits = new BackgroundCommits();

    @Test
    void theWriterDoesNotWaitForACommitAndCommitsAreMadeInOrderOnTheCommitThread() throws Exception {
        CountDownLatch streamAnswers = new CountDownLatch(1);
        List<String> made = new CopyOnWriteArrayList<>();
        OciStreamingManualCommit slow = () -> {
            await(streamAnswers);
            made.add("first on " + Thread.currentThread().getName());
            return true;
        };
        OciStreamingManualCommit next = () -> {
            made.add("second on " + Thread.currentThread().getName());
            return true;
        };

        commits.commit(batch(slow));
        commits.commit(batch(next)); // returns while the first commit still waits for the stream
        assertThat(made).isEmpty();

        streamAnswers.countDown();
        commits.close(); // the commits queued so far are made before it returns
        assertThat(made).containsExactly("first on stream-to-database-commits", "second on stream-to-database-commits");
    }

    @Test
    void aBatchWithoutACommitHeaderQueuesNothing() throws Exception {
        commits.commit(new DefaultExchange(context));
        commits.close();
    }

    private Exchange batch(OciStreamingManualCommit commit) {
        Exchange batch = new DefaultExchange(context);
        batch.getMessage().setHeader(OciStreamingConstants.MANUAL_COMMIT, commit);
        batch.setProperty(MessageRows.PARTITION, "0");
        batch.setProperty(GroupedMessages.LAST_OFFSET, 499L);
        return batch;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
