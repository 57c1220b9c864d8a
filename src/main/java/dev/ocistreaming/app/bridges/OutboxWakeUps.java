package dev.ocistreaming.app.bridges;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the outbox-to-stream bridge looks at the outbox table again: at once after a full batch (more rows wait);
 * on PostgreSQL, as soon as an application's transaction that inserted rows commits (the table's trigger sends a
 * NOTIFY on {@code channel}, which a connection of its own LISTENs to); otherwise, and as a safety net, every
 * {@code pollMs}. The listening connection is opened lazily and again after it broke, so the bridge starts and
 * runs while the database is away (it polls meanwhile).
 */
public class OutboxWakeUps implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWakeUps.class);

    private String url;
    private String user;
    private String password;
    private String channel = "outbox";
    private long pollMs = 1000;
    private int batchSize = 500;
    private boolean notify = true;

    /** How long one wait lasts at most, so that a stopping application is not held up by a long poll interval. */
    private static final long SLICE_MS = 250;

    private CamelContext camelContext;
    private Connection listener;
    private volatile boolean moreWaiting = true;
    private boolean pollingReported;

    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setChannel(String channel) {
        if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bridge.outbox.channel must be a lower-case SQL name (letters, digits,"
                    + " underscores), was '" + channel + "'");
        }
        this.channel = channel;
    }

    public void setPollMs(long pollMs) {
        this.pollMs = pollMs;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public void setNotify(boolean notify) {
        this.notify = notify;
    }

    /** Returns when the outbox should be looked at again. */
    public void await() throws InterruptedException {
        if (moreWaiting) {
            moreWaiting = false;
            return;
        }
        boolean wasListening = listener != null;
        PGConnection pg = notify ? listening() : null;
        if (pg != null && !wasListening) {
            return; // rows may have come while nobody listened: look at once
        }
        long deadline = System.nanoTime() + pollMs * 1_000_000;
        for (long left = pollMs; left > 0 && !stopping(); left = (deadline - System.nanoTime()) / 1_000_000) {
            long slice = Math.max(1, Math.min(SLICE_MS, left));
            if (pg == null) {
                Thread.sleep(slice);
                continue;
            }
            try {
                // returns with the first notification, or after the slice without one
                PGNotification[] notifications = pg.getNotifications((int) slice);
                if (notifications != null && notifications.length > 0) {
                    return;
                }
            } catch (SQLException e) {
                LOG.warn(
                        "Listening for outbox notifications failed ({}); polling every {} ms until it works again",
                        e.getMessage(),
                        pollMs);
                closeListener();
                pg = null;
            }
        }
    }

    private boolean stopping() {
        return camelContext != null && (camelContext.isStopping() || camelContext.isStopped());
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** After a batch: a full one means more rows are waiting, so the next look is at once. */
    public void published(Exchange batch) {
        List<?> ids = batch.getMessage().getHeader(OutboxMessages.IDS, List.class);
        moreWaiting = ids != null && ids.size() >= batchSize;
    }

    private PGConnection listening() {
        try {
            if (listener != null && !listener.isClosed()) {
                return listener.unwrap(PGConnection.class);
            }
            Connection connection = DriverManager.getConnection(url, user, password);
            if (!connection.isWrapperFor(PGConnection.class)) {
                connection.close();
                notify = false;
                LOG.info("The outbox database is not PostgreSQL: looking for rows every {} ms", pollMs);
                return null;
            }
            try (Statement listen = connection.createStatement()) {
                listen.execute("LISTEN " + channel);
            }
            listener = connection;
            pollingReported = false;
            LOG.info("Listening for new outbox rows on channel {}", channel);
            return connection.unwrap(PGConnection.class);
        } catch (SQLException e) {
            if (!pollingReported) {
                LOG.warn(
                        "Cannot listen for outbox notifications ({}); polling every {} ms meanwhile",
                        e.getMessage(),
                        pollMs);
                pollingReported = true;
            }
            closeListener();
            return null;
        }
    }

    private void closeListener() {
        if (listener != null) {
            try {
                listener.close();
            } catch (SQLException e) {
                LOG.debug("Closing the listening connection: {}", e.getMessage());
            }
            listener = null;
        }
    }

    /** Closes the listening connection (the bean's destroy method). */
    public void close() {
        closeListener();
    }
}
