package io.schemaheal.dialect.postgres;

import io.schemaheal.dialect.Deadline;
import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.DatabaseErrors;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.HealTransaction;
import io.schemaheal.dialect.Transactions;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL: how a heal is locked, begun and watched there (the part of its {@link PostgresDialect} that is a {@link
 * Transactions}).
 */
final class PostgresTransactions implements Transactions {

    /** The savepoint a heal inside the application's transaction runs under. */
    private static final String SAVEPOINT = "schemaheal_heal";

    private static final String LOCK_KEY = "hashtext('schemaheal'), hashtext(current_database() || '.' || current_schema())";

    /** A lock of the application's session on {@code parent} stronger than a reader's, which FOREIGN KEY's SHARE ROW EXCLUSIVE waits for. */
    @Override
    public boolean applicationLocks(Connection app, Connection heal, ObjectName parent) throws SQLException {
        String pid;
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getString(1);
        } catch (SQLException e) {
            return true; // its transaction cannot even be asked (aborted): assume it holds the lock
        }
        return Catalog.anyRow(heal, "SELECT 1 FROM pg_locks WHERE pid = ?::int AND locktype = 'relation' "
                + "AND relation = to_regclass(?) AND mode NOT IN ('AccessShareLock', 'RowShareLock')", pid, PostgresDialect.regName(parent));
    }

    /** Also a session or transaction that the server holds read-only ({@code default_transaction_read_only}). */
    @Override
    public boolean readOnly(Connection c) throws SQLException {
        return c.isReadOnly() || Catalog.anyRow(c, "SELECT 1 WHERE current_setting('transaction_read_only') = 'on'");
    }

    @Override
    public boolean transactionNotBegun(Connection c) {
        return PgJdbcTransactionState.notBegun(c);
    }

    /**
     * On the application's own connection, so that a heal never waits on the application's own locks:
     * in auto-commit mode in a transaction of its own; inside the application's transaction in a savepoint,
     * becoming part of that transaction (its commit keeps the heal, its rollback removes it). On a separate
     * connection only as {@code schemaheal.heal-user}. Every lock the heal takes waits at most until
     * {@code deadline} ({@code lock_timeout}); the settings it changes are put back when it ends.
     */
    @Override
    public HealTransaction begin(HealConnections connections, String historyTable, Deadline deadline, String schema)
            throws SQLException {
        boolean separate = healsOnSeparateConnection(connections);
        Connection c = separate ? connections.openSeparate(deadline) : connections.app();
        boolean nested = !separate && !c.getAutoCommit();
        Transaction tx = new Transaction(c, separate, nested);
        try {
            if (nested) {
                try (Statement st = c.createStatement()) {
                    st.execute("SAVEPOINT " + SAVEPOINT);
                }
                tx.restore = settings(c);
            } else {
                c.setAutoCommit(false);
            }
            long ms = Math.max(1, deadline.left().toMillis());
            // one round trip: the heal's bound, and unqualified names of the heal resolving in the schema it heals, first
            // (the select list is evaluated in its order: the schema is asked for after the path is set)
            try (PreparedStatement ps = c.prepareStatement(schema == null ? "SELECT set_config('lock_timeout', ?, true)"
                    : "SELECT set_config('lock_timeout', ?, true), set_config('search_path', quote_ident(?) || ', ' "
                    + "|| current_setting('search_path'), true), current_schema() = ?")) {
                ps.setString(1, ms + "ms");
                if (schema != null) {
                    ps.setString(2, schema);
                    ps.setString(3, schema);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (schema != null && (!rs.next() || !rs.getBoolean(3))) {
                        throw new SQLException("schema " + schema + " does not exist or cannot be used by this account", "3F000");
                    }
                }
            }
            lock(c, nested);
            tx.locked = nested;
            return tx;
        } catch (SQLException | RuntimeException e) {
            tx.close();
            throw e;
        }
    }

    /** The settings a heal inside the application's transaction changes, as they are: to put back at its end. */
    private static String[] settings(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('lock_timeout'), current_setting('search_path')")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    /**
     * The advisory heal lock. For the heal's own transaction: transaction-scoped, waited for (the wait is
     * the server's, bounded by the {@code lock_timeout} set before). Inside the application's transaction:
     * session-scoped, held only for the heal, and not waited for: that transaction may hold locks the heal
     * in progress needs (the parent table a foreign key of the new table references), and its wait would
     * hold that heal up until one of them gives up. It gets its exception at once, with the reason, and can
     * run again when the heal is done.
     */
    private static void lock(Connection c, boolean insideApplicationTransaction) throws SQLException {
        if (insideApplicationTransaction) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new SQLException(HealConnections.BUSY_INSIDE_TRANSACTION, DatabaseErrors.LOCK_NOT_AVAILABLE);
                }
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")")) {
            ps.executeQuery().close();
        } catch (SQLException e) {
            if (DatabaseErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new SQLException("the PostgreSQL advisory heal lock was not acquired before the "
                        + "schemaheal.lock-timeout deadline (another session holds it)", DatabaseErrors.LOCK_NOT_AVAILABLE, e);
            }
            throw e;
        }
    }

    private static final class Transaction implements HealTransaction {
        private final Connection connection;
        private final boolean separate;
        private final boolean nested;
        /** lock_timeout and search_path as the application had them, for a heal inside its transaction. */
        String[] restore;
        boolean locked;
        private boolean open = true;

        Transaction(Connection connection, boolean separate, boolean nested) {
            this.connection = connection;
            this.separate = separate;
            this.nested = nested;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        /** Commits and leaves the connection in auto-commit mode, for statements that cannot run in a transaction. */
        @Override
        public void commit() throws SQLException {
            if (nested) {
                try (Statement st = connection.createStatement()) {
                    st.execute("RELEASE SAVEPOINT " + SAVEPOINT);
                }
                putBack();
            } else {
                connection.commit();
                connection.setAutoCommit(true);
            }
            open = false;
            unlock();
        }

        @Override
        public void rollback() throws SQLException {
            if (nested) {
                try (Statement st = connection.createStatement()) {
                    st.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT); // also takes back the settings made after it
                    st.execute("RELEASE SAVEPOINT " + SAVEPOINT);
                }
            } else {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            open = false;
            unlock();
        }

        private void putBack() throws SQLException {
            if (restore != null) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT set_config('lock_timeout', ?, true), set_config('search_path', ?, true)")) {
                    ps.setString(1, restore[0]);
                    ps.setString(2, restore[1]);
                    ps.executeQuery().close();
                }
            }
        }

        private void unlock() {
            if (locked) {
                locked = false;
                try (Statement st = connection.createStatement()) {
                    st.executeQuery("SELECT pg_advisory_unlock(" + LOCK_KEY + ")").close();
                } catch (SQLException ignored) {
                    // the lock goes with the session anyway
                }
            }
        }

        @Override
        public void close() {
            try {
                if (open && (nested || !connection.getAutoCommit())) {
                    rollback();
                }
            } catch (SQLException ignored) {
                // the connection is going away or the original failure is what matters
            }
            unlock();
            if (separate) {
                Catalog.closeQuietly(connection);
            }
        }
    }

    /**
     * Session-wide {@code lock_timeout} (what is left until the deadline) and the heal's schema first on the
     * {@code search_path}, for this one statement, then both as they were: the heal's own transaction-local
     * settings ended with its commit. {@code CREATE INDEX CONCURRENTLY} waits for every older transaction as a lock
     * wait, so the same bound ends it. One that fails leaves its index behind, invalid, and still in the way of
     * the next try: an index that was not there before the statement is dropped again.
     */
    @Override
    public void runOutsideTransaction(Connection c, String sql, ObjectName creates, String schema, Deadline deadline)
            throws SQLException {
        long ms = deadline.left().toMillis();
        if (ms <= 0) {
            throw new SQLException("schemaheal.lock-timeout ran out before it could start", DatabaseErrors.LOCK_NOT_AVAILABLE);
        }
        String[] before = settings(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, false), "
                + "set_config('search_path', COALESCE(quote_ident(?) || ', ', '') || current_setting('search_path'), false)")) {
            ps.setString(1, ms + "ms");
            ps.setString(2, schema);
            ps.executeQuery().close();
        }
        try {
            String index = creates == null ? null : PostgresDialect.regName(creates);
            boolean existed = index == null || Catalog.anyRow(c, "SELECT 1 WHERE to_regclass(?) IS NOT NULL", index);
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                if (!existed && Catalog.anyRow(c, "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(?) AND NOT indisvalid", index)) {
                    try (Statement st = c.createStatement()) {
                        // the lock is on the table this heal just made, which nobody else holds long: a short wait
                        st.execute("SET lock_timeout = '" + Math.max(100, deadline.left().toMillis()) + "ms'");
                        st.execute("DROP INDEX IF EXISTS " + index);
                    } catch (SQLException notDropped) {
                        e.addSuppressed(notDropped);
                    }
                }
                throw e;
            }
        } finally {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT set_config('lock_timeout', ?, false), set_config('search_path', ?, false)")) {
                ps.setString(1, before[0]);
                ps.setString(2, before[1]);
                ps.executeQuery().close();
            }
        }
    }

    /** The application's own connection, unless {@code schemaheal.heal-user} is set or it may only read. */
    @Override
    public boolean healsOnSeparateConnection(HealConnections connections) throws SQLException {
        return connections.healUserConfigured() || connections.appReadOnly();
    }

    /** A standby (hot standby, replica) accepts no writes from anyone. */
    @Override
    public String whyNoWrites(Connection c) throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 WHERE pg_is_in_recovery()") ? "the server takes no writes (a standby)" : null;
    }

    @Override
    public ChangeWatch watch(Connection c, String historyTable, Deadline deadline) throws SQLException {
        return PostgresChangeWatch.begin(c, historyTable, deadline);
    }
}
