package dev.ocistreaming.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.CreateCursorDetails;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.model.PutMessagesResult;
import com.oracle.bmc.streaming.requests.ConsumerCommitRequest;
import com.oracle.bmc.streaming.requests.ConsumerHeartbeatRequest;
import com.oracle.bmc.streaming.requests.CreateCursorRequest;
import com.oracle.bmc.streaming.requests.GetMessagesRequest;
import com.oracle.bmc.streaming.responses.GetMessagesResponse;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Short forms of SDK calls the server tests make again and again. */
final class Sdk {

    private Sdk() {}

    /** Creates a stream on a server with no lifecycle delay (ACTIVE at once) and returns its id. */
    static String createStream(String url, String name, int partitions) {
        try (com.oracle.bmc.streaming.StreamAdminClient admin =
                dev.ocistreaming.testsupport.SdkClients.adminClient(url)) {
            return admin.createStream(com.oracle.bmc.streaming.requests.CreateStreamRequest.builder()
                            .createStreamDetails(com.oracle.bmc.streaming.model.CreateStreamDetails.builder()
                                    .name(name)
                                    .partitions(partitions)
                                    .compartmentId(dev.ocistreaming.testsupport.SdkClients.COMPARTMENT)
                                    .build())
                            .build())
                    .getStream()
                    .getId();
        }
    }

    static PutMessagesResult put(StreamClient c, String streamId, List<PutMessagesDetailsEntry> entries) {
        return c.putMessages(com.oracle.bmc.streaming.requests.PutMessagesRequest.builder()
                        .streamId(streamId)
                        .putMessagesDetails(
                                PutMessagesDetails.builder().messages(entries).build())
                        .build())
                .getPutMessagesResult();
    }

    static PutMessagesDetailsEntry entry(String key, String value) {
        return PutMessagesDetailsEntry.builder()
                .key(key == null ? null : key.getBytes(UTF_8))
                .value(value.getBytes(UTF_8))
                .build();
    }

    /** Puts {@code count} messages {@code prefix0..} with the given key (null = keyless). */
    static PutMessagesResult putMany(StreamClient c, String streamId, String key, String prefix, int count) {
        List<PutMessagesDetailsEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(entry(key, prefix + i));
        }
        return put(c, streamId, entries);
    }

    static String cursor(
            StreamClient c, String streamId, int partition, CreateCursorDetails.Type type, Long offset, Date time) {
        return c.createCursor(CreateCursorRequest.builder()
                        .streamId(streamId)
                        .createCursorDetails(CreateCursorDetails.builder()
                                .partition(Integer.toString(partition))
                                .type(type)
                                .offset(offset)
                                .time(time)
                                .build())
                        .build())
                .getCursor()
                .getValue();
    }

    static String trimHorizon(StreamClient c, String streamId, int partition) {
        return cursor(c, streamId, partition, CreateCursorDetails.Type.TrimHorizon, null, null);
    }

    static GetMessagesResponse get(StreamClient c, String streamId, String cursor, Integer limit) {
        return c.getMessages(GetMessagesRequest.builder()
                .streamId(streamId)
                .cursor(cursor)
                .limit(limit)
                .build());
    }

    static String commit(StreamClient c, String streamId, String cursor) {
        return c.consumerCommit(ConsumerCommitRequest.builder()
                        .streamId(streamId)
                        .cursor(cursor)
                        .build())
                .getCursor()
                .getValue();
    }

    static String heartbeat(StreamClient c, String streamId, String cursor) {
        return c.consumerHeartbeat(ConsumerHeartbeatRequest.builder()
                        .streamId(streamId)
                        .cursor(cursor)
                        .build())
                .getCursor()
                .getValue();
    }

    static String text(Message m) {
        return new String(m.getValue(), UTF_8);
    }

    static String key(Message m) {
        return m.getKey() == null ? null : new String(m.getKey(), UTF_8);
    }

    /** Reads a partition from the trim horizon to its end. */
    static List<Message> readAll(StreamClient c, String streamId, int partition) {
        List<Message> all = new ArrayList<>();
        String cursor = trimHorizon(c, streamId, partition);
        while (true) {
            GetMessagesResponse r = get(c, streamId, cursor, 10_000);
            if (r.getItems().isEmpty()) {
                return all;
            }
            all.addAll(r.getItems());
            cursor = r.getOpcNextCursor();
        }
    }
}
