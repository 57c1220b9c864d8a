package dev.ocistreaming.app.bridges;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class StoredPositionsTest {

    private final StoredPositions positions = new StoredPositions();

    @Test
    void rowsAtOrBelowTheStoredOffsetAreDroppedAndTheRestFollowOnWithoutAGap() {
        Exchange batch = batch(17L, 15, 16, 17, 18, 19);

        positions.skipStored(batch);

        assertThat(offsets(batch)).containsExactly(18L, 19L);
        assertThat(batch.getProperty(StoredPositions.NEW_ROWS)).isEqualTo(2);
        assertThat(batch.getProperty(StoredPositions.GAP)).isNull();
    }

    @Test
    void aBatchThatBeginsPastTheOffsetAfterTheStoredOneLeavesAGap() {
        Exchange batch = batch(39L, 100, 101, 102);

        positions.skipStored(batch);

        assertThat(offsets(batch)).containsExactly(100L, 101L, 102L);
        assertThat(batch.getProperty(StoredPositions.GAP)).isEqualTo("40..99");
    }

    @Test
    void aHoleInsideTheBatchIsAGapToo() {
        Exchange batch = batch(9L, 10, 11, 14, 15);

        positions.skipStored(batch);

        assertThat(batch.getProperty(StoredPositions.GAP)).isEqualTo("12..13");
    }

    /** Nothing stored yet: the group starts where its initial position or retention puts it. */
    @Test
    void theFirstBatchOfAPartitionMayBeginAnywhere() {
        Exchange batch = batch(null, 5000, 5001);

        positions.skipStored(batch);

        assertThat(offsets(batch)).containsExactly(5000L, 5001L);
        assertThat(batch.getProperty(StoredPositions.GAP)).isNull();
    }

    private static Exchange batch(Long stored, long... offsets) {
        Exchange batch = new DefaultExchange(new DefaultCamelContext());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long offset : offsets) {
            Map<String, Object> row = new HashMap<>();
            row.put("offset", offset);
            rows.add(row);
        }
        batch.getMessage().setBody(rows);
        if (stored != null) {
            batch.getMessage().setHeader(StoredPositions.STORED_OFFSET, stored);
        }
        return batch;
    }

    private static List<Long> offsets(Exchange batch) {
        List<Long> offsets = new ArrayList<>();
        for (Object row : batch.getMessage().getBody(List.class)) {
            offsets.add((Long) ((Map<?, ?>) row).get("offset"));
        }
        return offsets;
    }
}
