package dev.ocistreaming.app.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowInsertsTest {

    @Test
    void camelSqlNamedParametersBecomeSpringOnesAndCastsStay() {
        assertThat(RowInserts.toSpringSyntax(
                        "INSERT INTO t (p, o, v) SELECT :#partition, :#offset, CAST(:#value AS json)::jsonb"))
                .isEqualTo("INSERT INTO t (p, o, v) SELECT :partition, :offset, CAST(:value AS json)::jsonb");
    }

    @Test
    void aNameARowDoesNotHaveOrAnExpressionIsRefusedWhenTheBridgeStarts() {
        assertThatThrownBy(() -> RowInserts.toSpringSyntax("INSERT INTO t VALUES (:#offset, :#colour)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bridge.db.insert-sql may use only the named parameters of a row")
                .hasMessageContaining(":#valueBytes");
        assertThatThrownBy(() -> RowInserts.toSpringSyntax("INSERT INTO t VALUES (:#${header.x})"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
