package dev.ocistreaming.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ocistreaming.app.bench.TemporaryPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for a test class, started as an unprivileged user on a temporary data folder and a free
 * port, stopped and deleted after the class. Without PostgreSQL on the machine the class is skipped, saying so.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final PostgresServer DB = new PostgresServer();
 * </pre>
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

    private TemporaryPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Optional<Path> bin = TemporaryPostgres.find();
        assumeTrue(bin.isPresent(), "PostgreSQL tests skipped: " + TemporaryPostgres.absentReason());
        // fsync off: a killed server process loses nothing committed either way, and tests run quicker
        server = TemporaryPostgres.start(bin.get(), false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    public String user() {
        return TemporaryPostgres.USER;
    }

    /** Stops the server (every connection ends); its data stays for {@link #start()}. */
    public void stop() throws IOException {
        server.stop();
    }

    /** Starts the stopped server again, same data, same port. */
    public void start() throws IOException {
        server.start();
    }

    public String log() {
        return server.log();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), "");
    }

    /** Runs statements, each on its own (autocommit). */
    public void execute(String... statements) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The rows of a query, each as its columns' values in order. */
    public List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(r.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The single number a query such as {@code SELECT count(*) …} answers. */
    public long count(String sql) throws SQLException {
        return ((Number) query(sql).get(0).get(0)).longValue();
    }
}
