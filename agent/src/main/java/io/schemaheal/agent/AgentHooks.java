package io.schemaheal.agent;

import io.schemaheal.dialect.Dialects;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.postgres.PgJdbcTransactionState;
import io.schemaheal.heal.HealAttempt;
import io.schemaheal.heal.Healer;
import io.schemaheal.heal.StatementGuards;
import io.schemaheal.jdbc.HealingDriver;
import io.schemaheal.jdbc.HealingSetup;
import io.schemaheal.log.HealLog;
import io.schemaheal.log.Redact;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Properties;

/**
 * The agent's failure path, called from the loop {@link JdbcWeaver} weaves only when a driver method has thrown. It
 * finds (once per connection) the healing engine for the connection's database, runs one step of the
 * heal, and says whether to run the method again. It fails open: anything unexpected leaves the
 * application's exception as it was.
 */
public final class AgentHooks {

    private static final HealLog LOG = HealLog.get();
    /** What {@link AgentState#healers} holds for a connection that is not healed (not configured, or its setup failed). */
    static final Object NOT_HEALED = new Object();
    /** Set while the engine itself runs statements: their failures are the engine's to handle. */
    private static final ThreadLocal<Boolean> IN_HEAL = new ThreadLocal<>();

    private AgentHooks() {
    }

    /**
     * @param previous what this advice returned for the previous run of the same call (its Attempt), or null
     * @return the {@link HealAttempt} to run the method again, or the Throwable to throw
     */
    public static Object onFailure(Object self, Object firstArgument, Throwable thrown, Object previous) {
        return onFailure(self, firstArgument, thrown, previous, null);
    }

    /** @param guard what {@link #guard} returned before the call (a {@link Guard}), or null */
    public static Object onFailure(Object self, Object firstArgument, Throwable thrown, Object previous, Object guard) {
        if (!(thrown instanceof SQLException) || IN_HEAL.get() != null) {
            return thrown;
        }
        SQLException failure = (SQLException) thrown;
        Savepoint savepoint = guard instanceof Guard ? ((Guard) guard).savepoint() : null;
        // a prepared statement's execute takes no SQL: it is read from the driver's statement (pgjdbc), so that its
        // guard can be forgotten and a missing column found through the statement's aliases
        String sql = firstArgument instanceof String ? (String) firstArgument : PreparedSql.of(self);
        IN_HEAL.set(Boolean.TRUE);
        try {
            HealAttempt attempt;
            if (previous instanceof HealAttempt) {
                attempt = (HealAttempt) previous;
                if (savepoint != null) {
                    connectionOf(self).rollback(savepoint); // the run after the heal failed too: back to the guard
                }
            } else {
                if (!Dialects.mayBeMissingObject(failure, sql)) {
                    return thrown; // not a missing table or column: none of SchemaHeal's business, untouched and unlogged
                }
                Healer healer;
                try {
                    healer = healerFor(self);
                } catch (SQLException closed) {
                    return thrown; // its connection cannot be asked (closed meanwhile): the application's exception stands
                }
                if (healer == null) {
                    return thrown;
                }
                attempt = healer.calls().attempt(failure, savepoint, guard == BEGINS_TRANSACTION);
            }
            HealAttempt.Next next = attempt.afterFailure(failure, sql);
            return next instanceof HealAttempt.Next.Rethrow ? ((HealAttempt.Next.Rethrow) next).exception() : attempt;
        } catch (Throwable unexpected) {
            logOnce("hook:" + unexpected.getClass().getName(), "SchemaHeal agent could not handle a failure, passing it on: {}",
                    unexpected.toString());
            return thrown;
        } finally {
            IN_HEAL.remove();
        }
    }

    /**
     * After a driver's {@code commit()}, {@code rollback()} or {@code setAutoCommit(true)} returned: the heals that
     * waited for this connection's transaction to end run now (see {@link Healer#transactionEnded}). While none
     * waits anywhere in the process, it costs one read of a counter. Never throws: the commit stands.
     */
    public static void transactionEnded(Object self) {
        if (!Healer.anyWaitForTransactionEnd() || !(self instanceof Connection) || IN_HEAL.get() != null) {
            return;
        }
        IN_HEAL.set(Boolean.TRUE);
        try {
            Object known = AgentState.get().healers.get(self);
            Healer healer = known instanceof WeakReference<?> ref ? (Healer) ref.get() : null;
            if (healer != null) {
                healer.transactionEnded();
            }
        } catch (Throwable unexpected) {
            logOnce("ended:" + unexpected.getClass().getName(), "SchemaHeal agent could not heal after a transaction ended: {}",
                    unexpected.toString());
        } finally {
            IN_HEAL.remove();
        }
    }

    /**
     * {@link #transactionEnded} when {@code value} is {@code endsWhen}: a commit or rollback ({@code true, true}),
     * {@code setAutoCommit(true)} (which commits), {@code setReadOnly(false)}; their opposites end nothing.
     */
    public static void transactionEndedIf(Object self, boolean value, boolean endsWhen) {
        if (value == endsWhen) {
            transactionEnded(self);
        }
    }

    /** A driver, and the URL and properties a connection was opened with. */
    record Login(Driver driver, String url, Properties info) {

        Connection open() throws SQLException {
            return driver.connect(url, (Properties) info.clone());
        }

        @Override
        public String toString() {
            return "login to " + Redact.text(url); // never the properties: they hold the password
        }
    }

    /**
     * After a driver's {@code Driver.connect(url, info)} returned {@code connection}: remembers how it logged in, and with
     * {@code schemaheal.heal-on-connect} the first connection to each database heals everything missing before the driver
     * returns it (what the proxy driver does; see {@code Doctor.healOnConnect}). Fails open.
     */
    public static void onConnect(Object connection, Object driver, String url, Properties info, boolean healOnConnect) {
        if (!(connection instanceof Connection) || IN_HEAL.get() != null) {
            return; // a heal's own connection
        }
        Connection c = (Connection) connection;
        if (driver instanceof Driver && url != null) {
            Properties copy = new Properties();
            if (info != null) {
                for (String name : info.stringPropertyNames()) {
                    copy.setProperty(name, info.getProperty(name));
                }
            }
            AgentState.get().logins.put(c, new Login((Driver) driver, url, copy));
        }
        if (healOnConnect) {
            healOnConnect(c);
        }
    }

    private static void healOnConnect(Connection c) {
        IN_HEAL.set(Boolean.TRUE);
        try {
            String url = c.getMetaData().getURL();
            if (url == null || !AgentState.get().connected.add(url)) {
                return;
            }
            HealingSetup setup = HealingSetup.prepare(url, new Properties(), c.getClass().getClassLoader());
            Healer healer = setup == null || !setup.settings().healOnConnect() ? null : healerFor(c);
            if (healer != null) {
                setup.healEverythingMissing(c, url, healer);
            }
        } catch (Throwable unexpected) {
            logOnce("connect:" + unexpected.getClass().getName(), "SchemaHeal agent could not heal on connect: {}",
                    unexpected.toString());
        } finally {
            IN_HEAL.remove();
        }
    }

    /**
     * What {@link #guard} returns for an unguarded execution that begins its transaction: should it fail, the transaction
     * it aborted holds nothing of the application's, and may be rolled back to heal and run it again.
     */
    private static final Object BEGINS_TRANSACTION = new Object();

    /** A guarded execution: its savepoint, and the database and SQL it is known good for once it succeeds. */
    private record Guard(Savepoint savepoint, String databaseKey, String sql) {
    }

    /** What {@link AgentState#guarded} holds for a URL whose statements are not guarded. */
    static final String NOT_GUARDED = "";

    /**
     * Before a pgjdbc execution: inside a transaction, a {@link Guard} (a savepoint) when the statement's SQL
     * has not yet run without failing on its database (as the proxy driver takes one); else null. Outside a
     * transaction it costs the auto-commit check. Fails open (null).
     */
    public static Object guard(Object self, Object firstArgument) {
        if (!(self instanceof Statement)) {
            return null; // prepareStatement: pgjdbc asks the server nothing then
        }
        try {
            Connection c = ((Statement) self).getConnection();
            if (c == null || c.getAutoCommit() || IN_HEAL.get() != null) {
                return null;
            }
            String sql = firstArgument instanceof String ? (String) firstArgument : PreparedSql.of(self);
            if (sql == null) {
                return null;
            }
            String key = guardedKey(c);
            if (key == NOT_GUARDED) {
                return null;
            }
            if (StatementGuards.needsGuard(key, sql)) {
                return new Guard(c.setSavepoint(), key, sql);
            }
            return PgJdbcTransactionState.notBegun(c) ? BEGINS_TRANSACTION : null;
        } catch (Throwable unexpected) {
            logOnce("guard:" + unexpected.getClass().getName(), "SchemaHeal agent could not guard a statement: {}",
                    unexpected.toString());
            return null;
        }
    }

    /** The database key of a connection's URL when its statements are guarded, else {@link #NOT_GUARDED}. */
    private static String guardedKey(Connection c) throws SQLException {
        String url = c.getMetaData().getURL();
        if (url == null) {
            return NOT_GUARDED;
        }
        java.util.Map<String, String> guarded = AgentState.get().guarded;
        String key = guarded.get(url);
        if (key == null) {
            HealingSetup setup;
            try {
                setup = HealingSetup.prepare(url, new Properties(), c.getClass().getClassLoader());
            } catch (SQLException misconfigured) {
                setup = null; // reported at the first failure, as before
            }
            key = setup == null || !setup.guardsStatements() ? NOT_GUARDED : setup.databaseKey(url, c);
            guarded.put(url, key);
        }
        return key;
    }

    /**
     * After a guarded pgjdbc execution succeeded: the guard goes, and the SQL is known to work — unless it ran
     * after a heal, which is part of the application's transaction: should that roll back, the SQL needs its guard.
     */
    public static void passed(Object self, Object guard, Object previous) {
        if (!(guard instanceof Guard g)) {
            return; // nothing was taken (BEGINS_TRANSACTION)
        }
        try {
            ((Statement) self).getConnection().releaseSavepoint(g.savepoint());
            if (!(previous instanceof HealAttempt)) {
                StatementGuards.ranWithoutFailing(g.databaseKey(), g.sql());
            }
        } catch (Throwable unexpected) {
            logOnce("passed:" + unexpected.getClass().getName(), "SchemaHeal agent could not release a guard: {}",
                    unexpected.toString());
        }
    }

    private static Healer healerFor(Object self) throws SQLException {
        Connection c = self instanceof Connection || self instanceof Statement ? connectionOf(self) : null;
        return c == null ? null : healerOf(c);
    }

    private static Connection connectionOf(Object self) throws SQLException {
        return self instanceof Connection ? (Connection) self : ((Statement) self).getConnection();
    }

    @SuppressWarnings("unchecked")
    private static Healer healerOf(Connection c) {
        Object known = AgentState.get().healers.get(c);
        if (known == NOT_HEALED) {
            return null;
        }
        Healer healer = known == null ? null : ((WeakReference<Healer>) known).get();
        if (healer != null) {
            return healer;
        }
        Object created = create(c);
        // a Healer holds its connection: kept weakly (see AgentState#healers)
        AgentState.get().healers.put(c, created == NOT_HEALED ? NOT_HEALED : new WeakReference<>((Healer) created));
        return created == NOT_HEALED ? null : (Healer) created;
    }

    private static Object create(Connection c) {
        String url;
        try {
            url = c.getMetaData().getURL();
        } catch (SQLException e) {
            return NOT_HEALED;
        }
        try {
            HealingSetup setup = url == null ? null : HealingSetup.prepare(url, new Properties(), c.getClass().getClassLoader());
            if (setup == null) {
                return NOT_HEALED;
            }
            String healUser = setup.settings().healUser();
            String healPassword = setup.settings().healPassword();
            ClassLoader driverLoader = c.getClass().getClassLoader();
            // a second connection logs in as schemaheal.heal-user, else as the application did (its driver, URL and
            // properties, seen at connect); never from the URL alone (that logs in as whoever the driver defaults to)
            Login login = AgentState.get().logins.get(c);
            HealConnections.Opener separate = healUser != null ? () -> HealingDriver.openAs(url, healUser, healPassword, driverLoader)
                    : login != null ? login::open : null;
            ApplicationListeners.bridge(driverLoader);
            ApplicationListeners.bridge(Thread.currentThread().getContextClassLoader());
            Healer healer = setup.healer(c, url, separate);
            healer.completeInterrupted(); // under the agent: at the connection's first failure, when not in a transaction
            return healer;
        } catch (SQLException e) {
            logOnce("setup:" + url, "SchemaHeal agent does not heal {}: {}", url, e.getMessage());
            return NOT_HEALED;
        }
    }

    static void logOnce(String key, String format, Object... args) {
        if (AgentState.get().logged.add(key)) {
            LOG.error(format, args);
        }
    }
}
