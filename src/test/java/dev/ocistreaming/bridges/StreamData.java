package dev.ocistreaming.bridges;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.Group;
import com.oracle.bmc.streaming.model.Message;
import com.oracle.bmc.streaming.model.PartitionReservation;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.requests.GetGroupRequest;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;
import dev.ocistreaming.testsupport.SdkClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writing test messages and reading a stream back with the SDK, as the ground truth bridges are checked against. */
final class StreamData {

    /** A message as stored: where, and its value as text. */
    record Stored(int partition, long offset, String key, String value) {}

    private StreamData() {}

    /** A message to put. */
    record Keyed(String key, String value) {}

    /** {@code values} with keys {@code key-<i % keys>}, so they spread over the partitions. */
    static List<Keyed> keyed(List<String> values, int keys) {
        List<Keyed> messages = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            messages.add(new Keyed("key-" + (i % keys), values.get(i)));
        }
        return messages;
    }

    /** Puts the messages, in order, in requests of at most 100. */
    static void put(StreamClient client, String streamId, List<Keyed> messages) {
        for (int from = 0; from < messages.size(); from += 100) {
            List<PutMessagesDetailsEntry> entries = new ArrayList<>();
            for (Keyed m : messages.subList(from, Math.min(messages.size(), from + 100))) {
                entries.add(PutMessagesDetailsEntry.builder()
                        .key(m.key().getBytes(StandardCharsets.UTF_8))
                        .value(m.value().getBytes(StandardCharsets.UTF_8))
                        .build());
            }
            var result = client.putMessages(PutMessagesRequest.builder()
                    .streamId(streamId)
                    .putMessagesDetails(
                            PutMessagesDetails.builder().messages(entries).build())
                    .build());
            if (result.getPutMessagesResult().getFailures() > 0) {
                throw new IllegalStateException("The server refused test messages");
            }
        }
    }

    /** Every message of every partition, by partition then offset. */
    static Map<Integer, List<Stored>> readAll(StreamClient client, String streamId, int partitions) {
        Map<Integer, List<Stored>> all = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            List<Stored> stored = new ArrayList<>();
            for (Message m : SdkClients.readFromStart(client, streamId, Integer.toString(p))) {
                stored.add(new Stored(
                        p,
                        m.getOffset(),
                        m.getKey() == null ? null : new String(m.getKey(), StandardCharsets.UTF_8),
                        new String(m.getValue(), StandardCharsets.UTF_8)));
            }
            all.put(p, stored);
        }
        return all;
    }

    /** partition -> the group's committed offset there (absent: nothing committed). */
    static Map<Integer, Long> committed(StreamClient client, String streamId, String group) {
        Group g = client.getGroup(GetGroupRequest.builder()
                        .streamId(streamId)
                        .groupName(group)
                        .build())
                .getGroup();
        Map<Integer, Long> offsets = new TreeMap<>();
        if (g.getReservations() != null) {
            for (PartitionReservation r : g.getReservations()) {
                if (r.getCommittedOffset() != null) {
                    offsets.put(Integer.parseInt(r.getPartition()), r.getCommittedOffset());
                }
            }
        }
        return offsets;
    }
}
