package dev.ocistreaming.camel.producer;

import com.oracle.bmc.model.BmcException;
import com.oracle.bmc.retrier.RetryConfiguration;
import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.PutMessagesResultEntry;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import dev.ocistreaming.camel.client.RetrySchedule;
import dev.ocistreaming.camel.client.ServiceErrors;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.util.backoff.BackOff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one batch with PutMessages and settles every record in it: per-entry throttling (429 inside an HTTP 200) and
 * whole-request 429/5xx/network failures are retried with backoff up to {@code maxRetries}; then only the records
 * still failing fail, with the service's code and message.
 */
final class BatchSender implements BatchSink {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);

    interface Settings {
        StreamClient client();

        String streamId();

        /** When to retry: first delay, doubling, longest delay, and the number of retries ({@code maxRetries}) */
        BackOff retryBackOff();
    }

    private final Settings settings;
    private final ProducerStats stats;

    BatchSender(Settings settings, ProducerStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    /** Blocks until every record of the batch has a result; retries sleep on the calling (lane) thread. */
    @Override
    public void send(List<PendingRecord> batch) throws InterruptedException {
        List<PendingRecord> pending = batch;
        RetrySchedule retries = new RetrySchedule(settings.retryBackOff());
        while (!pending.isEmpty()) {
            boolean mayRetry = retries.canRetry();
            long hintMillis;
            try {
                List<PutMessagesResultEntry> entries = put(pending);
                List<PendingRecord> again = new ArrayList<>();
                hintMillis = settle(pending, entries, mayRetry, again);
                pending = again;
            } catch (RuntimeException e) {
                stats.requestFailed(e);
                if (!mayRetry || !ServiceErrors.isRetryable(e)) {
                    // a refusal, retries used up, or a bug: the exchanges fail with it rather than wait for ever
                    failAll(pending, e);
                    return;
                }
                hintMillis = ServiceErrors.retryHintMillis(e);
                LOG.debug(
                        "PutMessages of {} message(s) failed ({}), retry {}",
                        pending.size(),
                        ServiceErrors.describe(e),
                        retries.retries() + 1);
            }
            if (!pending.isEmpty()) {
                stats.retried(pending.size());
                Thread.sleep(retries.nextDelayMillis(hintMillis));
            }
        }
    }

    private List<PutMessagesResultEntry> put(List<PendingRecord> records) {
        List<PutMessagesDetailsEntry> entries = new ArrayList<>(records.size());
        for (PendingRecord r : records) {
            PutMessagesDetailsEntry.Builder b =
                    PutMessagesDetailsEntry.builder().value(r.value());
            if (r.key() != null) {
                b.key(r.key());
            }
            entries.add(b.build());
        }
        // The producer retries by itself (per entry); the SDK must not retry whole requests behind its back.
        PutMessagesRequest request = PutMessagesRequest.builder()
                .streamId(settings.streamId())
                .putMessagesDetails(
                        PutMessagesDetails.builder().messages(entries).build())
                .retryConfiguration(RetryConfiguration.NO_RETRY_CONFIGURATION)
                .build();
        List<PutMessagesResultEntry> result =
                settings.client().putMessages(request).getPutMessagesResult().getEntries();
        if (result == null || result.size() != records.size()) {
            throw new IllegalStateException("PutMessages answered " + (result == null ? 0 : result.size())
                    + " entries for " + records.size() + " messages");
        }
        return result;
    }

    /**
     * Completes what succeeded or failed for good; collects retryable entries into {@code again}. Statistics are
     * updated before any exchange completes, so whoever sees the exchange done also sees the health it caused.
     *
     * @return the longest wait the service asked for in a throttled entry, 0 when none
     */
    private long settle(
            List<PendingRecord> records,
            List<PutMessagesResultEntry> entries,
            boolean mayRetry,
            List<PendingRecord> again) {
        long hintMillis = 0;
        int ok = 0;
        int failed = 0;
        boolean[] retry = new boolean[records.size()];
        for (int i = 0; i < records.size(); i++) {
            String error = entries.get(i).getError();
            if (error == null) {
                ok++;
            } else if (mayRetry && retryableEntry(error)) {
                retry[i] = true;
                again.add(records.get(i));
                hintMillis = Math.max(
                        hintMillis, ServiceErrors.retryHintMillis(entries.get(i).getErrorMessage()));
            } else {
                failed++;
            }
        }
        stats.requestSucceeded(ok);
        stats.failed(failed);
        for (int i = 0; i < records.size(); i++) {
            PendingRecord r = records.get(i);
            PutMessagesResultEntry e = entries.get(i);
            if (e.getError() == null) {
                Long ts = e.getTimestamp() == null ? null : e.getTimestamp().getTime();
                r.target().complete(r.index(), new PutResult(e.getPartition(), e.getOffset(), ts, null, null));
            } else if (!retry[i]) {
                r.target().complete(r.index(), PutResult.failure(e.getError(), e.getErrorMessage()));
            }
        }
        return hintMillis;
    }

    private static boolean retryableEntry(String code) {
        return code.equals("429") || code.startsWith("5") || code.equalsIgnoreCase("TooManyRequests");
    }

    private void failAll(List<PendingRecord> records, Exception e) {
        String code = e instanceof BmcException b && b.getStatusCode() > 0
                ? b.getStatusCode() + " " + b.getServiceCode()
                : "NoResponse";
        String message = ServiceErrors.describe(e);
        LOG.warn("PutMessages of {} message(s) to stream {} failed: {}", records.size(), settings.streamId(), message);
        stats.failed(records.size());
        for (PendingRecord r : records) {
            r.target().complete(r.index(), PutResult.failure(code, message));
        }
    }
}
