package dev.ocistreaming.app.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The outbox figure's clock, bound into the bridge it measures (Camel's event notifier API, the route unchanged):
 * when the route's stream producer has its answer, each message it sent gives one sample, the time since its row's
 * insert began (the row's payload, {@code System.nanoTime()} taken before the INSERT). That is the floor's end point
 * too, the PutMessages' answer, so the two figures compare like with like.
 *
 * <p>Why not a reader polling the stream, as before: each of its polls is signed (about 2 ms of CPU), so polling every
 * 5 ms took CPU from the route on this 2-core machine (about 2 ms every 5 ms), and added up to one interval to every
 * sample.
 */
final class StoredLatencies extends EventNotifierSupport {

    private final List<Long> samples = new ArrayList<>();
    private volatile boolean recording = true;

    /**
     * The sending event too: Camel tells of a send's end only to a notifier that took its start, and ignoring it
     * silences both.
     */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return recording
                && (event instanceof ExchangeSendingEvent sending && toStream(sending.getEndpoint())
                        || event instanceof ExchangeSentEvent sent && toStream(sent.getEndpoint()));
    }

    private static boolean toStream(Endpoint endpoint) {
        return endpoint.getEndpointUri().startsWith("oci-streaming:");
    }

    @Override
    public void notify(CamelEvent event) {
        long now = System.nanoTime();
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        Exchange batch = sent.getExchange();
        if (batch.getException() != null) {
            return; // not stored: the route sends the rows again, and those are sampled
        }
        List<?> messages = batch.getMessage().getBody(List.class);
        synchronized (samples) {
            for (Object message : messages) {
                samples.add(now - Long.parseLong(((Message) message).getBody(String.class)));
            }
        }
    }

    /** Stops sampling (rows inserted later carry no insert time). */
    void stopRecording() {
        recording = false;
    }

    int size() {
        synchronized (samples) {
            return samples.size();
        }
    }

    /** The samples so far, less the first {@code warmUp}. */
    long[] after(int warmUp) {
        synchronized (samples) {
            return samples.stream().skip(warmUp).mapToLong(Long::longValue).toArray();
        }
    }
}
