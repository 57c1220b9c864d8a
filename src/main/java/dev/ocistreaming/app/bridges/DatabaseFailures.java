package dev.ocistreaming.app.bridges;

import java.sql.SQLException;
import org.apache.camel.Exchange;

/**
 * Tells a row the database refuses for good from a database that is down or busy. Permanent: SQLSTATE class 22
 * (data exception: a value that does not fit, bad JSON under a custom statement) and 23 (integrity constraint
 * violation), the classes the SQL standard gives to the data itself, and a value a statement takes as text that is
 * not text. Everything else — connection lost or refused (08), deadlock or serialization failure (40), no resources
 * (53), server shutting down (57), a missing table or a bad statement (42, fixed by the user, then it flows) — is
 * worth retrying.
 */
public class DatabaseFailures {

    /** Exchange property with the one-line reason of a dead-lettered row. */
    public static final String REASON = "bridgeDeadLetterReason";
    /** Exchange property with the failure that rolled a transaction back, until {@link #rethrow} takes it. */
    public static final String FAILURE = "bridgeDatabaseFailure";
    /**
     * Exchange property with the failure of a batch (or row) the database refused for good, which the route then
     * writes row by row (or dead-letters).
     */
    public static final String REFUSAL = "bridgeRefusal";

    /**
     * Keeps the failure caught inside a transaction (a doCatch, which then rolls the transaction back) for
     * {@link #rethrow}. Camel's transaction error handler retries inside the same transaction, which a database that
     * aborted it (PostgreSQL) or a lost connection cannot go on with; thrown after the rollback instead, the failure
     * reaches the calling route, whose error handler runs the whole transaction again.
     */
    public void keep(Exchange exchange) {
        exchange.setProperty(FAILURE, exchange.getProperty(Exchange.EXCEPTION_CAUGHT));
    }

    /** After the transaction: throws the failure {@link #keep} kept, if any, for the caller's error handler to retry. */
    public void rethrow(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(FAILURE, Throwable.class);
        if (failure == null) {
            return;
        }
        exchange.removeProperty(FAILURE);
        if (failure instanceof Exception e) {
            throw e;
        }
        throw (Error) failure;
    }

    /**
     * As {@link #rethrow}, unless the database refused the rows for good: that failure goes to exchange property
     * {@value #REFUSAL} instead, an outcome the route handles (not an exception, which would end the poll's other
     * batches too). A dead-letter row refused for good is thrown as well: there is no table left to put it in, so it is
     * retried (and logged) until someone looks.
     */
    public void rethrowUnlessRefused(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(FAILURE, Throwable.class);
        if (failure != null && isPermanent(failure) && exchange.getProperty(REASON) == null) {
            exchange.removeProperty(FAILURE);
            exchange.setProperty(REFUSAL, failure);
            return;
        }
        rethrow(exchange);
    }

    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MessageRows.NotText) {
                return true;
            }
            if (t instanceof SQLException sql) {
                // a batch's own exception says little; the driver chains the row's real one behind it
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    String state = e.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The refusal in one line: the SQLSTATE and the database's message. */
    public String reason(Exchange exchange) {
        return describe(exchange.getProperty(REFUSAL, Throwable.class));
    }

    /** Marks the exchange's refused row for the dead-letter table: its reason goes to exchange property {@value #REASON}. */
    public void deadLetter(Exchange exchange) {
        exchange.setProperty(REASON, reason(exchange));
        exchange.removeProperty(REFUSAL);
    }

    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        // the innermost SQLException names the row's problem (and its SQLSTATE); Spring's wrappers repeat the SQL
        Throwable best = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof MessageRows.NotText) {
                best = t;
            }
        }
        if (best instanceof SQLException sql) {
            SQLException next = sql.getNextException();
            SQLException shown = next != null ? next : sql;
            return "SQLSTATE " + shown.getSQLState() + ": " + shown.getMessage();
        }
        return best.getClass().getSimpleName() + (best.getMessage() == null ? "" : ": " + best.getMessage());
    }
}
