package io.schemaheal.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connections a heal may use: the application's own, and a way to open a separate one (with the
 * {@code schemaheal.heal-user} account when one is configured).
 *
 * @param app            the application's connection (the driver's, never a wrapper)
 * @param separate       opens a new connection to the same database
 * @param healUserConfigured true when {@code schemaheal.heal-user} is set: DDL must then run on a separate connection
 * @param inTransaction  whether the application's connection is inside a transaction, as the server says
 *                       ({@link io.schemaheal.dialect.Transactions#inTransaction}): a transaction begun with SQL leaves JDBC's auto-commit on
 * @param appBetweenTransactions true for a heal run right after the application's commit or rollback
 * @param readOnly       whether the application's transaction or session may only read ({@link io.schemaheal.dialect.Transactions#readOnly}): a
 *                       heal is then never written through it, but on a separate connection
 */
public record HealConnections(Connection app, Opener separate, boolean healUserConfigured, TransactionState inTransaction,
                              boolean appBetweenTransactions, TransactionState readOnly) {

    /**
     * Why a heal inside the application's transaction does not wait for the heal lock: the heal in progress
     * may need a lock that this transaction holds (the parent table of a new table's foreign key; on MariaDB
     * the name of a child table dropped under it), and the wait would hold both up until one gives up.
     */
    public static final String BUSY_INSIDE_TRANSACTION = "another session is healing this schema right now, and "
            + "inside a transaction SchemaHeal does not wait for it (the heal may need a lock this transaction holds); "
            + "run the transaction again";

    /** The connections, where JDBC's auto-commit alone says whether the application is in a transaction. */
    public HealConnections(Connection app, Opener separate, boolean healUserConfigured) {
        this(app, separate, healUserConfigured, c -> !c.getAutoCommit(), false, Connection::isReadOnly);
    }

    public HealConnections(Connection app, Opener separate, boolean healUserConfigured, TransactionState inTransaction,
                           TransactionState readOnly) {
        this(app, separate, healUserConfigured, inTransaction, false, readOnly);
    }

    /**
     * The same connections, for a heal run right after the application's transaction ended (its commit or
     * rollback): the application's connection holds no lock then, so the heal may wait for other sessions.
     */
    public HealConnections betweenTransactions() {
        return new HealConnections(app, separate, healUserConfigured, inTransaction, true, readOnly);
    }

    /** Opens a connection to the same database. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    /** Whether a connection is inside a transaction. */
    @FunctionalInterface
    public interface TransactionState {
        boolean inTransaction(Connection c) throws SQLException;
    }

    /**
     * True when the heal must not use the application's connection: it is in a transaction, it may only read (a
     * heal is never written through a read-only transaction), or DDL needs another account.
     */
    public boolean needSeparate() throws SQLException {
        return healUserConfigured || inTransaction.inTransaction(app) || appReadOnly();
    }

    /** True when the application's transaction or session may only read: the heal goes on a connection of its own. */
    public boolean appReadOnly() throws SQLException {
        return readOnly.inTransaction(app);
    }

    /**
     * True when the application's connection may hold locks the heal needs: it is inside a transaction that
     * has not just ended. Such a heal must not wait for another heal.
     */
    public boolean appMayHoldLocks() throws SQLException {
        return !appBetweenTransactions && inTransaction.inTransaction(app);
    }

    /** Opens the separate heal connection; a login that fails says so, and as whom. */
    public Connection openSeparate() throws SQLException {
        Connection c;
        try {
            c = separate.open();
            if (c == null) {
                throw new SQLException("the driver returned no connection");
            }
        } catch (SQLException e) {
            throw new SQLException("the heal connection could not log in " + (healUserConfigured
                    ? "as schemaheal.heal-user" : "with the application's account") + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), "08004", e);
        }
        // a pool set to hand out read-only connections (a reporting pool) says the application only reads through them:
        // a heal is never written through one
        boolean readOnlyToo;
        try {
            readOnlyToo = c.isReadOnly();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        if (readOnlyToo) {
            c.close();
            throw new SQLException("the connection the heal would write through is marked read-only too (the data source "
                    + "hands out read-only connections), and a heal never writes through one; set schemaheal.heal-user and "
                    + "schemaheal.heal-password to heal on a connection of its own", "25006");
        }
        return c;
    }
}
