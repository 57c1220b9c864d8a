package dev.ocistreaming.camel.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        List<Exchange> messages = new MessageExchanges(3, this::exchange);
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
        List<Exchange> messages = new MessageExchanges(2, this::exchange);
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
        List<Exchange> messages = new MessageExchanges(1000, this::exchange);
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

    private Exchange exchange(int index) {
        made.incrementAndGet();
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(index);
        return exchange;
    }
}
