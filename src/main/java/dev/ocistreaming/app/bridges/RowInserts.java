package dev.ocistreaming.app.bridges;

import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.namedparam.AbstractSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * Inserts a batch's rows (the body: a list of {@link MessageRows.Row}s) with {@code bridge.db.insert-sql} as one
 * JDBC batch, on the connection of the transaction the route opened (spring-jdbc finds it the way camel-sql does).
 *
 * <p>Why not camel-sql here: in batch mode it parses the statement's named parameters again for every row and looks
 * each one up through Camel's type converter, which took a third of the bridge's CPU while draining a backlog. The
 * statement is parsed once here (spring-jdbc caches it) and each row only hands its values over. The statement keeps
 * camel-sql's syntax ({@code :#name}), so one setting serves both.
 */
public class RowInserts {

    private static final Pattern CAMEL_NAMED_PARAMETER = Pattern.compile(":#([A-Za-z_][A-Za-z0-9_]*)");

    private NamedParameterJdbcTemplate jdbc;
    private String sql;

    public void setDataSource(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    /** The statement in camel-sql's syntax: named parameters {@code :#name}, one per row value. */
    public void setSql(String statement) {
        this.sql = toSpringSyntax(statement);
    }

    /** Inserts every row of the body; a refusal throws the driver's exception (wrapped by spring-jdbc). */
    public void insert(Exchange batch) {
        List<?> rows = batch.getMessage().getBody(List.class);
        SqlParameterSource[] parameters = new SqlParameterSource[rows.size()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = new RowParameters((Map<?, ?>) rows.get(i));
        }
        jdbc.batchUpdate(sql, parameters);
    }

    /**
     * {@code :#name} becomes {@code :name}. A name a row does not have, or anything else camel-sql would read after
     * {@code :#} (an expression {@code :#${...}}, a list {@code :#in:...}), has no row value to take: refused when the
     * bridge starts, not at the first message.
     */
    static String toSpringSyntax(String statement) {
        Matcher named = CAMEL_NAMED_PARAMETER.matcher(statement);
        while (named.find()) {
            if (!MessageRows.Row.NAMES.contains(named.group(1))) {
                throw unusable(statement);
            }
        }
        String converted = named.replaceAll(":$1");
        if (converted.contains(":#")) {
            throw unusable(statement);
        }
        return converted;
    }

    private static IllegalArgumentException unusable(String statement) {
        return new IllegalArgumentException("bridge.db.insert-sql may use only the named parameters of a row ("
                + String.join(
                        ", ", MessageRows.Row.NAMES.stream().map(n -> ":#" + n).toList()) + "), was: "
                + statement);
    }

    /**
     * One row's values by name. Read through {@code get}, so a row decodes its value as text only if the statement
     * asks for {@code :#value}.
     */
    private static final class RowParameters extends AbstractSqlParameterSource {
        private final Map<?, ?> row;

        RowParameters(Map<?, ?> row) {
            this.row = row;
        }

        @Override
        public boolean hasValue(String name) {
            return row.containsKey(name);
        }

        @Override
        public Object getValue(String name) {
            return row.get(name);
        }

        /**
         * The SQL types of the values that may be null: without one, spring-jdbc works out for every null how the
         * driver wants it bound (from the driver's metadata, or for some drivers by asking the server).
         */
        @Override
        public int getSqlType(String name) {
            return switch (name) {
                case "key" -> Types.VARCHAR;
                case "timestamp" -> Types.TIMESTAMP_WITH_TIMEZONE;
                default -> TYPE_UNKNOWN;
            };
        }
    }
}
