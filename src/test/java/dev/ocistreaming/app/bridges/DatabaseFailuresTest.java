package dev.ocistreaming.app.bridges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Which database failures dead-letter a row and which are retried (the SQLSTATEs PostgreSQL's driver reports). */
class DatabaseFailuresTest {

    @Test
    void dataAndConstraintErrorsAreForGoodEvenBehindABatchAndWrappers() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 45 was aborted", "22P02", 0, new int[0]);
        batch.setNextException(new SQLException("invalid input syntax for type integer", "22P02"));
        assertThat(DatabaseFailures.isPermanent(new RuntimeException("wrapped", batch)))
                .isTrue();
        assertThat(DatabaseFailures.isPermanent(new SQLException("violates check constraint", "23514")))
                .isTrue();
        assertThat(DatabaseFailures.isPermanent(new MessageRows.NotText("not UTF-8")))
                .isTrue();
    }

    @Test
    void aBatchWhoseOwnStateSaysLittleIsJudgedByTheRowsException() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 3 was aborted", null, 0, new int[0]);
        batch.setNextException(new SQLException("duplicate key value violates unique constraint", "23505"));
        assertThat(DatabaseFailures.isPermanent(batch)).isTrue();
        assertThat(DatabaseFailures.describe(batch)).startsWith("SQLSTATE 23505: duplicate key");
    }

    @Test
    void aRefusalIsAnOutcomeForTheBatchButAnythingElseIsThrownAndTheOutboxThrowsEverything() throws Exception {
        DatabaseFailures failures = new DatabaseFailures();
        try (CamelContext camel = new DefaultCamelContext()) {
            SQLException refused = new SQLException("violates check constraint", "23514");
            Exchange batch = failed(camel, refused);
            failures.rethrowUnlessRefused(batch);
            assertThat(batch.getProperty(DatabaseFailures.REFUSAL)).isSameAs(refused);
            assertThat(batch.getProperty(DatabaseFailures.FAILURE)).isNull();

            Exchange deadLetter = failed(camel, refused);
            deadLetter.setProperty(DatabaseFailures.REASON, "SQLSTATE 23514");
            assertThatThrownBy(() -> failures.rethrowUnlessRefused(deadLetter)).isSameAs(refused);

            SQLException down = new SQLException("connection refused", "08001");
            assertThatThrownBy(() -> failures.rethrowUnlessRefused(failed(camel, down)))
                    .isSameAs(down);
            assertThatThrownBy(() -> failures.rethrow(failed(camel, refused))).isSameAs(refused);
        }
    }

    private static Exchange failed(CamelContext camel, Exception failure) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(DatabaseFailures.FAILURE, failure);
        return exchange;
    }

    @Test
    void connectionDeadlockSerializationShutdownAndSchemaErrorsAreRetried() {
        for (String state : new String[] {"08006", "08001", "40001", "40P01", "53300", "57P01", "42P01", "42703"}) {
            assertThat(DatabaseFailures.isPermanent(new SQLException("x", state)))
                    .as(state)
                    .isFalse();
        }
        assertThat(DatabaseFailures.isPermanent(new IllegalStateException("pool timed out")))
                .isFalse();
        assertThat(DatabaseFailures.isPermanent((Throwable) null)).isFalse();
    }
}
