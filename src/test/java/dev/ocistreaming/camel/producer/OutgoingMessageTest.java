package dev.ocistreaming.camel.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocistreaming.camel.OciStreamingConfiguration;
import dev.ocistreaming.camel.OciStreamingConstants;
import dev.ocistreaming.camel.OciStreamingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

class OutgoingMessageTest {

    @Test
    void collectionsAreBatchesButIncidentallyIterableTypesAreNot() throws Exception {
        assertThat(OutgoingMessage.isBatch(List.of("a", "b"))).isTrue();
        assertThat(OutgoingMessage.isBatch(Set.of(new byte[1]))).isTrue();
        assertThat(OutgoingMessage.isBatch("text")).isFalse();
        assertThat(OutgoingMessage.isBatch(new byte[3])).isFalse();
        assertThat(OutgoingMessage.isBatch(Path.of("a/b/c"))).isFalse();
        assertThat(OutgoingMessage.isBatch(new ObjectMapper().readTree("{\"a\":1,\"b\":2}")))
                .isFalse();
    }

    /** Each element that is a Camel message is sent with its own key; the others with the exchange's. */
    @Test
    void elementsThatAreMessagesCarryTheirOwnKeys() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(OciStreamingConstants.KEY, "exchange-key");
        Exchange asExchange = new DefaultExchange(camel);
        asExchange.getMessage().setBody("4");
        asExchange.getMessage().setHeader(OciStreamingConstants.KEY, "d");
        exchange.getMessage().setBody(List.of(message(camel, "a", "1"), message(camel, null, "2"), "3", asExchange));

        OutgoingMessage message = OutgoingMessage.of(exchange, new OciStreamingConfiguration());

        assertThat(texts(message.values())).containsExactly("1", "2", "3", "4");
        assertThat(texts(message.keys())).containsExactly("a", "exchange-key", "exchange-key", "d");
        assertThat(message.iterable()).isTrue();
    }

    @Test
    void anElementsOwnKeyIsCheckedAgainstTheLimit() {
        CamelContext camel = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(List.of(message(camel, "ok", "1"), message(camel, "k".repeat(257), "2")));

        assertThatThrownBy(() -> OutgoingMessage.of(exchange, new OciStreamingConfiguration()))
                .isInstanceOf(OciStreamingException.class)
                .hasMessageStartingWith("The key of element 1 of the body is 257 bytes");
    }

    private static Message message(CamelContext camel, String key, String body) {
        Message m = new DefaultMessage(camel);
        m.setBody(body);
        if (key != null) {
            m.setHeader(OciStreamingConstants.KEY, key);
        }
        return m;
    }

    private static List<String> texts(List<byte[]> bytes) {
        List<String> texts = new ArrayList<>();
        bytes.forEach(b -> texts.add(b == null ? null : new String(b, StandardCharsets.UTF_8)));
        return texts;
    }
}
