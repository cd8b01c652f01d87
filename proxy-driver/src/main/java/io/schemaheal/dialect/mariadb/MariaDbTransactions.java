package io.schemaheal.dialect.mariadb;

import io.schemaheal.dialect.Deadline;
import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.CatalogQueries;
import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.DatabaseErrors;
import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.HealTransaction;
import io.schemaheal.dialect.Transactions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * MariaDB (and MySQL): how a heal is locked, begun and watched there (the part of its {@link MariaDbDialect} that is
 * a {@link Transactions}).
 */
final class MariaDbTransactions implements Transactions {

    /** "Can't create table": with errno 150, a foreign key that does not fit (yet). */
    private static final int CANT_CREATE_TABLE = 1005;
    private static final long MAX_PAUSE_MILLIS = 200;
    private static final String LOCK_NAME = "CONCAT('schemaheal:', MD5(DATABASE()))";

    private final CatalogQueries catalog;
    private final DdlWriter ddl;

    MariaDbTransactions(CatalogQueries catalog, DdlWriter ddl) {
        this.catalog = catalog;
        this.ddl = ddl;
    }

    /**
     * Also a transaction begun with SQL ({@code START TRANSACTION}, {@code BEGIN}): JDBC's auto-commit stays on, and
     * DDL on this connection would commit it. {@code @@in_transaction} is MariaDB's; a server without it (MySQL) is
     * judged by auto-commit alone.
     */
    @Override
    public boolean inTransaction(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            return true;
        }
        try {
            return Catalog.anyRow(c, "SELECT 1 FROM DUAL WHERE @@in_transaction = 1");
        } catch (SQLException noSuchVariable) {
            return false;
        }
    }

    /**
     * A server started read-only ({@code --read-only}), or one whose InnoDB is: nobody's writes are taken. And a replica
     * that is not read-only (MariaDB's replicas are not, unless told): it takes writes, but a table a heal made there
     * would be the replica's alone, and its replication would stop on the primary's {@code CREATE TABLE} of it.
     */
    @Override
    public String whyNoWrites(Connection c) throws SQLException {
        if (Catalog.anyRow(c, "SELECT 1 FROM DUAL WHERE @@global.read_only = 1 OR @@global.innodb_read_only = 1")) {
            return "the server takes no writes (started read-only)";
        }
        return replica(c) ? "the server is a replica (it replicates another server): what a heal made here would be "
                + "this server's alone, and its replication would stop when the primary makes the same" : null;
    }

    /**
     * Whether the server replicates another now (any account may read the count of its running replication connections)
     * or is set up to (what its replication status lists, where the account may read it: a replica whose replication is
     * stopped is one too).
     */
    private static boolean replica(Connection c) {
        try {
            if (Catalog.anyRow(c, "SELECT 1 FROM information_schema.GLOBAL_STATUS "
                    + "WHERE VARIABLE_NAME = 'SLAVES_RUNNING' AND VARIABLE_VALUE <> '0'")) {
                return true;
            }
        } catch (SQLException notMariaDb) {
            // MySQL keeps its status elsewhere: its replication status below
        }
        for (String status : new String[] {"SHOW ALL SLAVES STATUS", "SHOW REPLICA STATUS"}) {
            try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(status)) {
                return rs.next();
            } catch (SQLException notAllowedOrNotThisServer) {
                // no right to read it (REPLICA MONITOR, REPLICATION CLIENT), or the other server's form
            }
        }
        return false;
    }

    /** Also a transaction the session holds read-only ({@code SET SESSION TRANSACTION READ ONLY}). */
    @Override
    public boolean readOnly(Connection c) throws SQLException {
        if (c.isReadOnly()) {
            return true;
        }
        try {
            return Catalog.anyRow(c, "SELECT 1 FROM DUAL WHERE @@session.tx_read_only = 1"); // MariaDB, MySQL 5.7
        } catch (SQLException renamed) {
            return Catalog.anyRow(c, "SELECT 1 FROM DUAL WHERE @@session.transaction_read_only = 1"); // MySQL 8
        }
    }

    @Override
    public HealTransaction begin(HealConnections connections, String historyTable, Deadline deadline, String schema)
            throws SQLException {
        boolean separate = connections.needSeparate();
        Connection c = separate ? connections.openSeparate(deadline) : connections.app();
        Transaction tx = new Transaction(c, separate, connections.appMayHoldLocks());
        try {
            if (separate) {
                c.setAutoCommit(true);
            }
            String current = catalog.currentSchema(c);
            if (schema != null && !schema.equals(current)) {
                // unqualified names of the heal resolve in the schema it heals; the application's own default comes back at close
                try (Statement st = c.createStatement()) {
                    st.execute("USE " + ddl.quote(schema));
                }
                tx.restoreSchema = separate || current == null ? null : current;
            }
            // fractional seconds (MariaDB 10.1.2 and later): the wait ends at the deadline, not up to a second after it;
            // inside the application's transaction no wait at all (HealConnections.BUSY_INSIDE_TRANSACTION)
            double seconds = tx.callerMayHoldLocks ? 0 : Math.max(0, deadline.left().toMillis()) / 1000.0;
            try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(" + LOCK_NAME + ", ?)")) {
                ps.setDouble(1, seconds);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        throw new SQLException(tx.callerMayHoldLocks ? HealConnections.BUSY_INSIDE_TRANSACTION
                                : "the MariaDB heal lock (GET_LOCK) was not acquired within " + Math.round(seconds * 1000)
                                + " ms (schemaheal.lock-timeout; another session holds it)", DatabaseErrors.LOCK_NOT_AVAILABLE);
                    }
                }
            }
            tx.locked = true;
            if (!separate) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT @@session.lock_wait_timeout, @@session.innodb_lock_wait_timeout")) {
                    rs.next();
                    tx.restoreTimeouts = new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
            tx.deadline = deadline;
            tx.beforeStatement();
            return tx;
        } catch (SQLException | RuntimeException e) {
            tx.close();
            throw e;
        }
    }

    /** Whole seconds until the deadline, rounded up, never negative: what MariaDB's timeouts take. */
    private static long secondsLeft(Deadline deadline) {
        return Math.max(0, (deadline.left().toMillis() + 999) / 1000);
    }

    /** DDL commits as it goes: commit and rollback have nothing to do; close releases the lock. */
    private static final class Transaction implements HealTransaction {
        private final Connection connection;
        private final boolean separate;
        /** The application's connection may hold the locks this heal needs: ask for them, never queue. */
        final boolean callerMayHoldLocks;
        boolean locked;
        /** The application connection's own default database, to go back to after the heal; null when unchanged. */
        String restoreSchema;
        /** The application connection's own lock wait timeouts, to go back to after the heal; null when unchanged. */
        long[] restoreTimeouts;
        /** When schemaheal.lock-timeout runs out for this heal. */
        Deadline deadline;
        /** The row lock wait timeout the session has now, in seconds; -1 before the first is set. */
        private long waitSeconds = -1;
        /** How long {@link #again} pauses next. */
        private long pauseMillis = 10;
        /** Foreign-key checks this heal switched off for one statement (errno 150), on again before the next. */
        private boolean foreignKeyChecksOff;

        Transaction(Connection connection, boolean separate, boolean callerMayHoldLocks) {
            this.connection = connection;
            this.separate = separate;
            this.callerMayHoldLocks = callerMayHoldLocks;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        /**
         * A pending DDL lock request holds up every later statement on that table (and, for a table with a
         * foreign key, every write to its parent), so a heal queues for a metadata lock at most a second at a
         * time ({@code lock_wait_timeout = 1}), and {@link #again} pauses, letting those statements through,
         * before it asks again, until the deadline: the application's statements wait at most that second
         * behind it, and a steady stream of short transactions cannot starve it (a lock that is only ever
         * asked for, never queued for, is granted only in a moment when nobody holds it). Inside the
         * application's transaction the heal asks once and never queues ({@code lock_wait_timeout = 0}):
         * that transaction may hold the lock itself (every transaction that wrote a parent table holds a
         * shared metadata lock on each of its child tables, by name, until it ends), and meanwhile it holds
         * up every heal of the database; the connection heals again once it has ended. Row locks (seed rows)
         * wait at most until the deadline, in whole seconds (up to a second past it).
         */
        @Override
        public void beforeStatement() throws SQLException {
            foreignKeyChecksOn();
            long left = secondsLeft(deadline);
            if (left == 0) {
                throw new SQLException("the heal ran out of schemaheal.lock-timeout before its next statement",
                        DatabaseErrors.LOCK_NOT_AVAILABLE);
            }
            if (left != waitSeconds) {
                try (Statement st = connection.createStatement()) {
                    st.execute("SET SESSION lock_wait_timeout = " + (callerMayHoldLocks ? 0 : 1)
                            + ", innodb_lock_wait_timeout = " + left);
                }
                waitSeconds = left;
            }
        }

        /**
         * Error 1205: the lock was not granted in time (or a row lock wait ran out); paused, then run again —
         * outside the application's transaction only (inside it, the connection heals again when it ends).
         */
        @Override
        public boolean again(SQLException failure) {
            if (failure.getErrorCode() == CANT_CREATE_TABLE && String.valueOf(failure.getMessage()).contains("errno: 150")
                    && !foreignKeyChecksOff) {
                return withoutForeignKeyChecks();
            }
            if (failure.getErrorCode() != MariaDbDialect.LOCK_WAIT_TIMEOUT || callerMayHoldLocks) {
                return false;
            }
            long left = deadline.left().toMillis();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(left, pauseMillis));
                pauseMillis = Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2);
                beforeStatement();
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (SQLException outOfTime) {
                return false;
            }
        }

        /**
         * Errno 150: a table the heal makes again that existing tables' foreign keys still reference, made before
         * the later statements that give it what those keys need (its primary key, a column's final type). The
         * statement runs again with foreign-key checks off for the session, which only skips that check of
         * definitions: the heal's own DDL changes no row, and the checks are on again before its next statement.
         */
        private boolean withoutForeignKeyChecks() {
            try (Statement st = connection.createStatement()) {
                st.execute("SET SESSION foreign_key_checks = 0");
                foreignKeyChecksOff = true;
                return true;
            } catch (SQLException e) {
                return false;
            }
        }

        private void foreignKeyChecksOn() throws SQLException {
            if (foreignKeyChecksOff) {
                try (Statement st = connection.createStatement()) {
                    st.execute("SET SESSION foreign_key_checks = 1");
                }
                foreignKeyChecksOff = false;
            }
        }

        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }

        @Override
        public void close() {
            if (locked) {
                try (Statement st = connection.createStatement()) {
                    st.executeQuery("SELECT RELEASE_LOCK(" + LOCK_NAME + ")").close();
                } catch (SQLException ignored) {
                    // the lock goes with the session anyway
                }
            }
            try (Statement st = connection.createStatement()) {
                foreignKeyChecksOn();
                if (restoreSchema != null) {
                    st.execute("USE " + MariaDbDialect.quoted(restoreSchema));
                }
                if (restoreTimeouts != null) {
                    st.execute("SET SESSION lock_wait_timeout = " + restoreTimeouts[0] + ", innodb_lock_wait_timeout = "
                            + restoreTimeouts[1]);
                }
            } catch (SQLException ignored) {
                // the connection is going away; nothing else depends on it
            }
            if (separate) {
                Catalog.closeQuietly(connection);
            }
        }
    }

    @Override
    public ChangeWatch watch(Connection c, String historyTable, Deadline deadline) throws SQLException {
        return new MariaDbChangeWatch(c, deadline);
    }
}
