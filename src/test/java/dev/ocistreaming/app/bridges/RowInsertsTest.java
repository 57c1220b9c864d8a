package dev.ocistreaming.app.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowInsertsTest {

    @Test
    void camelSqlNamedParametersBecomePositionalOnesInOrderAndCastsStay() {
        List<String> names = new ArrayList<>();
        assertThat(RowInserts.toPositional(
                        "INSERT INTO t (p, o, v, w) SELECT :#partition, :#offset, CAST(:#value AS json)::jsonb, :#offset",
                        names))
                .isEqualTo("INSERT INTO t (p, o, v, w) SELECT ?, ?, CAST(? AS json)::jsonb, ?");
        assertThat(names).containsExactly("partition", "offset", "value", "offset");
    }

    @Test
    void aNameARowDoesNotHaveOrAnExpressionIsRefusedWhenTheBridgeStarts() {
        assertThatThrownBy(
                        () -> RowInserts.toPositional("INSERT INTO t VALUES (:#offset, :#colour)", new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bridge.db.insert-sql may use only the named parameters of a row")
                .hasMessageContaining(":#valueBytes");
        assertThatThrownBy(() -> RowInserts.toPositional("INSERT INTO t VALUES (:#${header.x})", new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
