package dev.ocistreaming.app.bridges;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Turns the outbox rows claimed for one batch (columns {@code outbox_id}, {@code outbox_key},
 * {@code outbox_value}, in id order) into what the stream producer sends: one part per key, its values in id order,
 * so the parts can be sent side by side while each key keeps its order. The ids go to header {@value #IDS} for the
 * delete that follows.
 */
public class OutboxMessages {

    /** Header with the ids of the batch's rows (a list), for {@code DELETE … IN (:#in:outboxIds)}. */
    public static final String IDS = "outboxIds";

    /** One key's messages of a batch (getters, for the route's simple expressions). */
    public static final class KeyedValues {
        private final String key;
        private final List<Object> values = new ArrayList<>();

        KeyedValues(String key) {
            this.key = key;
        }

        /** The key, or null for messages without one. */
        public String getKey() {
            return key;
        }

        public List<Object> getValues() {
            return values;
        }
    }

    public void byKey(Exchange batch) {
        List<?> rows = batch.getMessage().getBody(List.class);
        List<Object> ids = new ArrayList<>(rows.size());
        Map<String, KeyedValues> byKey = new LinkedHashMap<>();
        for (Object element : rows) {
            Map<?, ?> row = (Map<?, ?>) element;
            ids.add(row.get("outbox_id"));
            Object key = row.get("outbox_key");
            Object value = row.get("outbox_value");
            if (value == null) {
                throw new IllegalArgumentException(
                        "Outbox row " + row.get("outbox_id") + " has no value: a stream" + " message needs one");
            }
            // a null key is a message without a key (the stream spreads those over its partitions)
            String keyText = key == null ? null : key.toString();
            byKey.computeIfAbsent(keyText, KeyedValues::new).getValues().add(value);
        }
        batch.getMessage().setHeader(IDS, ids);
        batch.getMessage().setBody(new ArrayList<>(byKey.values()));
    }
}
