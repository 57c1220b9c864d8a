package dev.ocistreaming.camel.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
}
