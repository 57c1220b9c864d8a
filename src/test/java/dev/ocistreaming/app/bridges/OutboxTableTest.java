package dev.ocistreaming.app.bridges;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutboxTableTest {

    @Test
    void anAfterPublishOtherThanDeleteOrMarkIsRefusedNamingTheSetting() {
        OutboxTable table = new OutboxTable();
        table.setAfterPublish("delete");
        table.setAfterPublish(" Mark ");
        assertThatThrownBy(() -> table.setAfterPublish("archive"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bridge.outbox.after-publish must be delete or mark, was 'archive'");
    }
}
