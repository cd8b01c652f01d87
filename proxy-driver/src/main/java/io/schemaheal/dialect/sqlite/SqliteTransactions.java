package io.schemaheal.dialect.sqlite;

import io.schemaheal.dialect.Deadline;
import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.HealTransaction;
import io.schemaheal.dialect.Transactions;

import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite: how a heal is locked, begun and watched there (the part of its {@link SqliteDialect} that is a {@link
 * Transactions}).
 */
final class SqliteTransactions implements Transactions {

    private static final int SQLITE_BUSY = 5;
    private static final String SAVEPOINT = "schemaheal_heal";

    private final DdlWriter ddl;

    SqliteTransactions(DdlWriter ddl) {
        this.ddl = ddl;
    }

    /** The database file's absolute path; a private in-memory database is its own connection. */
    @Override
    public String databaseKey(String url, Connection connection) {
        String s = url.startsWith("jdbc:sqlite:") ? url.substring("jdbc:sqlite:".length()) : url;
        int q = s.indexOf('?');
        String query = q >= 0 ? s.substring(q) : "";
        if (q >= 0) {
            s = s.substring(0, q);
        }
        if (s.startsWith("file:")) {
            s = s.substring("file:".length());
        }
        if (s.isEmpty() || s.equals(":memory:") || query.contains("mode=memory")) {
            return "sqlite:memory:" + (query.contains("cache=shared") ? s + query
                    : Integer.toHexString(System.identityHashCode(connection)));
        }
        try {
            return "sqlite:" + Paths.get(s).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return "sqlite:" + s;
        }
    }

    @Override
    public HealTransaction begin(HealConnections connections, String historyTable, Deadline deadline, String schema)
            throws SQLException {
        Connection app = connections.app();
        if (app.getAutoCommit()) {
            try (Statement st = app.createStatement()) {
                while (true) {
                    try {
                        st.execute("BEGIN IMMEDIATE");
                        return new Transaction(app, false);
                    } catch (SQLException e) {
                        if (isNestedTransaction(e)) {
                            break; // the application opened one with a plain BEGIN: heal inside it
                        }
                        waitOrGiveUp(e, deadline);
                    }
                }
            }
        }
        try (Statement st = app.createStatement()) {
            st.execute("SAVEPOINT " + SAVEPOINT);
            Transaction tx = new Transaction(app, true);
            try {
                // take the write lock now, so that the re-check under it is the truth
                st.execute(ddl.createHistoryTable(historyTable));
                while (true) {
                    try {
                        st.executeUpdate("UPDATE " + historyTable + " SET id = id WHERE 0");
                        return tx;
                    } catch (SQLException e) {
                        waitOrGiveUp(e, deadline);
                    }
                }
            } catch (SQLException e) {
                tx.rollbackQuietly();
                throw e;
            }
        }
    }

    /** Always the application's own connection (see the class comment). */
    @Override
    public boolean healsOnSeparateConnection(HealConnections connections) {
        return false;
    }

    /** The heal has no connection but the application's: one that may only read takes no heal either. */
    @Override
    public String whyNoWrites(Connection c) throws SQLException {
        return c.isReadOnly() ? "the connection takes no writes (opened read-only), and a heal has no other" : null;
    }

    private static boolean isNestedTransaction(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("within a transaction");
    }

    /** Rethrows anything but SQLITE_BUSY; for BUSY, waits a little unless the deadline has passed. */
    private static void waitOrGiveUp(SQLException e, Deadline deadline) throws SQLException {
        if ((e.getErrorCode() & 0xff) != SQLITE_BUSY) {
            throw e;
        }
        if (deadline.passed()) {
            SQLException timeout = new SQLException("the SQLite write lock was not acquired before the "
                    + "schemaheal.lock-timeout deadline (another connection or process holds it)", "55P03");
            timeout.initCause(e);
            throw timeout;
        }
        try {
            Thread.sleep(20);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the SQLite write lock", ie);
        }
    }

    private static final class Transaction implements HealTransaction {
        private final Connection connection;
        private final boolean savepoint;
        private boolean open = true;

        Transaction(Connection connection, boolean savepoint) {
            this.connection = connection;
            this.savepoint = savepoint;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public void commit() throws SQLException {
            try (Statement st = connection.createStatement()) {
                st.execute(savepoint ? "RELEASE " + SAVEPOINT : "COMMIT");
            }
            open = false;
        }

        @Override
        public void rollback() throws SQLException {
            try (Statement st = connection.createStatement()) {
                if (savepoint) {
                    st.execute("ROLLBACK TO " + SAVEPOINT);
                    st.execute("RELEASE " + SAVEPOINT);
                } else {
                    st.execute("ROLLBACK");
                }
            }
            open = false;
        }

        void rollbackQuietly() {
            try {
                rollback();
            } catch (SQLException ignored) {
                // the original failure is what the caller reports
            }
        }

        @Override
        public void close() {
            if (open) {
                rollbackQuietly();
            }
        }
    }

    @Override
    public ChangeWatch watch(Connection c, String historyTable, Deadline deadline) throws SQLException {
        return SqliteChangeWatch.begin(c, historyTable, ddl);
    }
}
