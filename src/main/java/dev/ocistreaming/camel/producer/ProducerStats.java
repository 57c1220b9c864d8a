package dev.ocistreaming.camel.producer;

import com.oracle.bmc.model.BmcException;
import dev.ocistreaming.camel.client.ServiceErrors;
import java.util.concurrent.atomic.AtomicLong;

/** What the producer has seen, for its health check, the dev console and JMX. */
public final class ProducerStats {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong messagesFailed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile String downReason;
    private volatile long lastSuccessMillis;

    void requestSucceeded(int sent) {
        requests.incrementAndGet();
        messagesSent.addAndGet(sent);
        lastSuccessMillis = System.currentTimeMillis();
        downReason = null;
    }

    /** A request that got no answer, or an answer saying we may not talk to the service, makes the producer DOWN. */
    void requestFailed(Exception e) {
        requests.incrementAndGet();
        boolean unreachable = e instanceof BmcException b
                && (b.isClientSide()
                        || b.getStatusCode() <= 0
                        || b.getStatusCode() == 401
                        || b.getStatusCode() == 403
                        || b.getStatusCode() == 404);
        if (unreachable || !(e instanceof BmcException)) {
            downReason = ServiceErrors.describe(e);
        }
    }

    void retried(int count) {
        retries.addAndGet(count);
    }

    void failed(int count) {
        messagesFailed.addAndGet(count);
    }

    /** @return null when healthy, else why not */
    public String downReason() {
        return downReason;
    }

    public long requests() {
        return requests.get();
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long messagesFailed() {
        return messagesFailed.get();
    }

    public long retries() {
        return retries.get();
    }

    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }
}
