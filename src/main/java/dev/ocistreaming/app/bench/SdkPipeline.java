package dev.ocistreaming.app.bench;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The latency baseline a careful user writes with the SDK alone: PutMessages of whatever is due every 10 ms (one
 * message per request at low rates), and a group-cursor loop that polls as often as the service allows (every
 * 200 ms), without backing off when idle.
 */
final class SdkPipeline extends LatencyPipeline {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final StreamClient producer;
    private final StreamClient consumer;
    private final String streamId;
    private final int limit;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile String cursor;

    SdkPipeline(BenchEnv env, String streamId, int limit) {
        this.producer = env.newClient();
        this.consumer = env.newClient();
        this.streamId = streamId;
        this.limit = limit;
        this.reader = new Thread(this::read, "bench-sdk-reader");
    }

    @Override
    void start() {
        cursor = BenchEnv.groupCursor(
                consumer, streamId, "latency", "sdk-loop", CreateGroupCursorDetails.Type.Latest, null);
        reader.start();
    }

    private void read() {
        long lastGet = 0;
        try {
            while (running) {
                lastGet = BenchEnv.paceGetMessages(lastGet);
                GetMessagesResponse response = BenchEnv.getMessages(consumer, streamId, cursor, limit);
                for (Message m : response.getItems()) {
                    received(m.getValue());
                }
                cursor = response.getOpcNextCursor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    long minTickNanos() {
        return TICK_NANOS;
    }

    @Override
    void send(List<Long> dueNanos) {
        List<PutMessagesDetailsEntry> entries = new ArrayList<>(dueNanos.size());
        for (long due : dueNanos) {
            entries.add(PutMessagesDetailsEntry.builder().value(value(due)).build());
        }
        int refused = BenchEnv.refused(producer.putMessages(PutMessagesRequest.builder()
                        .streamId(streamId)
                        .putMessagesDetails(
                                PutMessagesDetails.builder().messages(entries).build())
                        .build())
                .getPutMessagesResult()
                .getEntries());
        if (refused > 0) {
            throw new IllegalStateException("the server refused " + refused + " messages");
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }
}
