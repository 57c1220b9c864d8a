package dev.ocistreaming.camel.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.bmc.streaming.model.Message;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batching body: each message's exchange is made once, when first read, and then kept. */
class MessageExchangesTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final AtomicInteger made = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void anExchangeIsMadeWhenFirstReadAndTheSameOneIsReadAgain() {
        List<Exchange> messages = messages(3);
        assertThat(made).hasValue(0);
        assertThat(messages).hasSize(3);

        Exchange second = messages.get(1);
        second.getMessage().setHeader("changed", true);

        assertThat(made).hasValue(1);
        assertThat(messages.get(1)).isSameAs(second);
        assertThat(messages.get(1).getMessage().getHeader("changed")).isEqualTo(true);
        assertThat(messages.subList(0, 2))
                .extracting(e -> e.getMessage().getBody())
                .containsExactly(0, 1);
        assertThat(made).hasValue(2);
    }

    @Test
    void itIsAFixedSizeListWhoseElementsCanBeReplaced() {
        List<Exchange> messages = messages(2);
        Exchange other = new DefaultExchange(camel);

        Exchange previous = messages.set(0, other);

        assertThat(previous.getMessage().getBody()).isEqualTo(0);
        assertThat(messages.get(0)).isSameAs(other);
        assertThatThrownBy(() -> messages.add(other)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> messages.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> messages.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void threadsReadingTheSameMessageGetOneExchange() throws Exception {
        List<Exchange> messages = messages(1000);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Callable<List<Exchange>> readAll = () -> List.copyOf(messages);
            List<Future<List<Exchange>>> reads = threads.invokeAll(List.of(readAll, readAll, readAll, readAll));
            for (Future<List<Exchange>> read : reads) {
                List<Exchange> seen = read.get();
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(seen.get(i)).isSameAs(messages.get(i));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aMessageIsReadWithoutMakingItsExchange() {
        MessageExchanges messages = messages(2);

        assertThat(messages.message(1).getOffset()).isEqualTo(101L);
        assertThat(messages.message(1).getValue()).containsExactly(1);
        assertThat(messages.manualCommit(1)).isNull();
        assertThat(made).hasValue(0);
        assertThatThrownBy(() -> messages.message(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private MessageExchanges messages(int size) {
        return new MessageExchanges(
                size,
                i -> Message.builder()
                        .partition("0")
                        .offset(100L + i)
                        .value(new byte[] {(byte) i})
                        .build(),
                i -> null,
                this::exchange);
    }

    private Exchange exchange(int index) {
        made.incrementAndGet();
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(index);
        return exchange;
    }
}
