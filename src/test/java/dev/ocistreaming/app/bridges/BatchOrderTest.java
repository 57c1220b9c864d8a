package dev.ocistreaming.app.bridges;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class BatchOrderTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final BatchOrder order = new BatchOrder();

    @Test
    void afterAFailedBatchTheLaterBatchOfItsPartitionIsRefusedAndOtherPartitionsFlow() {
        order.admit(batch(0, 0));
        order.failed(batch(0, 500));

        assertThatThrownBy(() -> order.admit(batch(0, 1000)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("partition 0 from offset 500");
        assertThatCode(() -> order.admit(batch(1, 1000))).doesNotThrowAnyException();
    }

    @Test
    void theFailedBatchReadAgainIsWrittenAndThenTheOnesAfterIt() {
        order.failed(batch(0, 500));
        order.failed(batch(0, 1000)); // refused behind it

        assertThatCode(() -> order.admit(batch(0, 300))).doesNotThrowAnyException();
        assertThatCode(() -> order.admit(batch(0, 1000))).doesNotThrowAnyException();
    }

    private Exchange batch(int partition, long first) {
        Exchange batch = new DefaultExchange(context);
        batch.setProperty(MessageRows.PARTITION, partition);
        batch.setProperty(GroupedMessages.FIRST_OFFSET, first);
        return batch;
    }
}
