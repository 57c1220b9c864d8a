package dev.ocistreaming.app.bridges;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts a batch's rows (the body: a list of {@link MessageRows.Row}s) with {@code bridge.db.insert-sql} as one
 * JDBC batch, on the connection of the transaction the route opened (spring-jdbc finds it the way camel-sql does).
 *
 * <p>Why not camel-sql here: in batch mode it parses the statement's named parameters again for every row and looks
 * each one up through Camel's type converter, which took a third of the bridge's CPU while draining a backlog. Nor
 * spring-jdbc's named parameters: they look every value's SQL type up again for every row. The statement is parsed
 * once here, and each row's values are bound by position with the setter of their type. The statement keeps
 * camel-sql's syntax ({@code :#name}), so one setting serves both.
 */
public class RowInserts {

    private static final Pattern CAMEL_NAMED_PARAMETER = Pattern.compile(":#([A-Za-z_][A-Za-z0-9_]*)");

    private JdbcTemplate jdbc;
    private String sql;
    private List<String> names;

    public void setDataSource(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The statement in camel-sql's syntax: named parameters {@code :#name}, one per row value. */
    public void setSql(String statement) {
        List<String> found = new ArrayList<>();
        this.sql = toPositional(statement, found);
        this.names = List.copyOf(found);
    }

    /** Inserts every row of the body; a refusal throws the driver's exception (wrapped by spring-jdbc). */
    public void insert(Exchange batch) {
        List<?> rows = batch.getMessage().getBody(List.class);
        jdbc.batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                bind(statement, (MessageRows.Row) rows.get(i));
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    private void bind(PreparedStatement statement, MessageRows.Row row) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            int index = i + 1;
            switch (names.get(i)) {
                case "stream" -> statement.setString(index, (String) row.get("stream"));
                case "partition" -> statement.setInt(index, (Integer) row.get("partition"));
                case "offset" -> statement.setLong(index, (Long) row.get("offset"));
                case "key" -> statement.setString(index, (String) row.get("key"));
                case "value" -> statement.setString(index, row.text());
                case "valueBytes" -> statement.setBytes(index, (byte[]) row.get("valueBytes"));
                case "timestamp" -> {
                    Object timestamp = row.get("timestamp");
                    if (timestamp == null) {
                        statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
                    } else {
                        statement.setObject(index, timestamp);
                    }
                }
                default -> throw new IllegalStateException("not a row value: " + names.get(i));
            }
        }
    }

    /**
     * {@code :#name} becomes {@code ?}, and {@code names} gets the names in order. A name a row does not have, or
     * anything else camel-sql would read after {@code :#} (an expression {@code :#${...}}, a list {@code :#in:...}),
     * has no row value to take: refused when the bridge starts, not at the first message.
     */
    static String toPositional(String statement, List<String> names) {
        Matcher named = CAMEL_NAMED_PARAMETER.matcher(statement);
        StringBuilder converted = new StringBuilder();
        while (named.find()) {
            if (!MessageRows.Row.NAMES.contains(named.group(1))) {
                throw unusable(statement);
            }
            names.add(named.group(1));
            named.appendReplacement(converted, "?");
        }
        named.appendTail(converted);
        if (converted.indexOf(":#") >= 0) {
            throw unusable(statement);
        }
        return converted.toString();
    }

    private static IllegalArgumentException unusable(String statement) {
        return new IllegalArgumentException("bridge.db.insert-sql may use only the named parameters of a row ("
                + String.join(
                        ", ", MessageRows.Row.NAMES.stream().map(n -> ":#" + n).toList()) + "), was: "
                + statement);
    }
}
