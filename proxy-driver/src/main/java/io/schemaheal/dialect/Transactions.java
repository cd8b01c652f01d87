package io.schemaheal.dialect;

import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How a heal is locked, begun and watched on a database, and what the application's session is in right now. One of a
 * {@link Dialect}'s parts.
 */
public interface Transactions {

    /**
     * A key that names the database behind a connection, for the in-process heal lock: two connections
     * to one database give the same key.
     */
    default String databaseKey(String url, Connection connection) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q); // the URL without its parameters: host, port, database
    }

    /**
     * Starts a heal: takes the cross-process heal lock, waiting until {@code deadline}, and opens the
     * transaction the plan runs in, on the application's connection or a separate one as this database
     * requires, with unqualified names resolving to {@code schema} (null: the connection's own).
     * {@code historyTable} (quoted) may be used to take a write lock. Throws when the lock is not acquired
     * in time or the schema is not there.
     */
    HealTransaction begin(HealConnections connections, String historyTable, Deadline deadline, String schema)
            throws SQLException;

    /**
     * Runs {@code sql}, which cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}), on {@code c} in
     * auto-commit mode after the heal committed: its waits end at {@code deadline} ({@code schemaheal.lock-timeout}),
     * the session's own settings are as they were after it, and a statement that failed leaves nothing half-made.
     * A wait cut off at the deadline fails with a {@link DatabaseErrors#momentary} exception.
     *
     * @param creates the index it creates (where the database keeps it), or null
     * @param schema  the schema its unqualified names resolve to, or null for the connection's own
     */
    default void runOutsideTransaction(Connection c, String sql, ObjectName creates, String schema, Deadline deadline)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Starts watching what a heal changes on {@code c}, its transaction's connection, from now on: called under the
     * heal lock, before the heal's first statement. {@code historyTable} (quoted) is the heal's own record; the watch
     * waits for nothing past {@code deadline} ({@code schemaheal.lock-timeout}).
     */
    default ChangeWatch watch(Connection c, String historyTable, Deadline deadline) throws SQLException {
        return ChangeWatch.NONE;
    }

    /**
     * True when {@code c} is inside a transaction. JDBC's auto-commit is what the application told the driver; where a
     * transaction can also be begun with SQL and the server can say so (MariaDB {@code START TRANSACTION}), the server
     * is asked too. Asked only on a heal's way, never for a statement that succeeds.
     */
    default boolean inTransaction(Connection c) throws SQLException {
        return !c.getAutoCommit();
    }

    /**
     * True when the application's session or transaction may only read ({@code setReadOnly(true)}, a read-only
     * transaction): a promise of the application's, not of the server. A heal is never written through it: it runs on a
     * separate connection (see {@link HealConnections#needSeparate}).
     */
    default boolean readOnly(Connection c) throws SQLException {
        return c.isReadOnly();
    }

    /**
     * Why a heal must never write to this connection's server, whoever asks (a standby, a server started read-only, a
     * replica), or null when it takes writes.
     */
    default String whyNoWrites(Connection c) throws SQLException {
        return null;
    }

    /** True when {@link #begin} would run the heal on a separate connection rather than the application's. */
    default boolean healsOnSeparateConnection(HealConnections connections) throws SQLException {
        return connections.needSeparate();
    }

    /**
     * True when the connection is out of auto-commit but its transaction has not begun yet (the driver begins it with
     * the next statement): a statement about to run is then the first of its transaction, and should it fail, rolling
     * the transaction back loses nothing the application did. False where the driver cannot tell.
     */
    default boolean transactionNotBegun(Connection c) {
        return false;
    }

    /**
     * True when the application's open transaction, on {@code app}, holds a lock on {@code parent} that adding a foreign
     * key to it would wait for (it wrote rows of it). Asked on the heal's separate connection {@code heal}: a heal there
     * sets such a key aside until that transaction ends rather than wait on the application's own lock, which is not
     * released while the application waits for the heal. False where a heal never needs to.
     */
    default boolean applicationLocks(Connection app, Connection heal, ObjectName parent) throws SQLException {
        return false;
    }
}
