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

    /**
     * Opens the separate connection, waiting no longer than {@code deadline}: a pool whose every connection the
     * application holds (each in a read-only transaction that needs this heal) would keep the heal waiting for one of
     * them, as long as the pool's own timeout. The opening goes on in a thread of its own, and a connection it gets
     * after the deadline is closed at once.
     */
    private Connection openWithin(Deadline deadline) throws SQLException {
        java.util.concurrent.FutureTask<Connection> opening = new java.util.concurrent.FutureTask<>(separate::open);
        Thread t = new Thread(opening, "schemaheal-heal-connection");
        t.setDaemon(true);
        t.start();
        try {
            return opening.get(Math.max(1, deadline.left().toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException late) {
            Thread closing = new Thread(() -> closeWhenOpened(opening), "schemaheal-heal-connection-close");
            closing.setDaemon(true);
            closing.start();
            throw new SQLException("no connection of its own within schemaheal.lock-timeout (the data source's "
                    + "connections are all in use)", "08001");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while opening the heal's connection", "08001", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new SQLException(String.valueOf(e.getCause()), "08001", e.getCause());
        }
    }

    private static void closeWhenOpened(java.util.concurrent.FutureTask<Connection> opening) {
        try {
            Connection c = opening.get();
            if (c != null) {
                c.close();
            }
        } catch (Exception nothingToClose) {
            // the opening failed: nothing was left open
        }
    }

    /** Opens the separate heal connection; a login that fails says so, and as whom. */
    public Connection openSeparate(Deadline deadline) throws SQLException {
        Connection c;
        try {
            c = openWithin(deadline);
            if (c == null) {
                throw new SQLException("the driver returned no connection");
            }
        } catch (SQLException e) {
            throw new SQLException("the heal connection could not log in " + (healUserConfigured
                    ? "as schemaheal.heal-user" : "with the application's account") + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), "08004", e);
        }
        String wrong;
        try {
            wrong = notForThisHeal(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        if (wrong != null) {
            c.close();
            throw new SQLException(wrong, "25006");
        }
        return c;
    }

    /** Why the heal must not write through {@code c}, a connection of its own just opened, or null. */
    private String notForThisHeal(Connection c) throws SQLException {
        // a pool set to hand out read-only connections (a reporting pool) says the application only reads through them
        if (c.isReadOnly()) {
            return "the connection the heal would write through is marked read-only too (the data source, or the URL, "
                    + "opens connections read-only), and a heal never writes through one; set schemaheal.heal-user and "
                    + "schemaheal.heal-password to heal on a connection of its own";
        }
        // it is opened in a thread of its own: a data source that picks its database by the thread (a tenant's routing
        // data source) may hand it another database's
        String mine = database(app.getMetaData().getURL());
        String its = database(c.getMetaData().getURL());
        if (mine != null && its != null && !mine.equals(its)) {
            return "the data source gave the heal a connection to another database than the application's (a data source "
                    + "that picks its database by the application's thread?); set schemaheal.heal-user and "
                    + "schemaheal.heal-password to heal on a connection of its own";
        }
        return null;
    }

    /** A JDBC URL without its parameters: the server and database it names. */
    private static String database(String url) {
        return url == null ? null : url.indexOf('?') < 0 ? url : url.substring(0, url.indexOf('?'));
    }
}
