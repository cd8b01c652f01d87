package io.schemaheal.heal;

import io.schemaheal.config.HealSettings;
import io.schemaheal.config.Mode;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.function.Function;

/**
 * The healing engine for one connection: what the JDBC wrappers and the agent call. Its {@link GuardedCalls} take a
 * guard savepoint before a statement where the database needs one and run the retry loop after a failure (one
 * {@link HealAttempt} per call), whose heals run under the locks and in the transaction of a {@link HealRun}.
 * Nothing here is on the path of a call that succeeds but the guard.
 */
public final class Healer {

    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealPlanner planner;
    private final HealSettings settings;
    private final Connection connection;
    private final HealConnections connections;
    private final String databaseKey;
    private final String url;
    private final HealConnections.Opener separate;
    private final GuardedCalls calls;
    private final MissingObjects missing;
    private final InterruptedHeals interrupted;
    private final HealRun run;
    private final Heals heals;
    /** Heals run again by {@link #transactionEnded}, when this connection holds no lock and may write. */
    private final TransactionEndHeals afterTransaction = new TransactionEndHeals(this);

    /**
     * @param connection the application's connection (the driver's own)
     * @param separate   opens a separate connection to the same database, as {@code schemaheal.heal-user} when set
     */
    public Healer(Dialect dialect, MigrationManifest manifest, HealSettings settings, String url, Connection connection,
                  HealConnections.Opener separate) {
        this.dialect = dialect;
        this.manifest = manifest;
        this.url = url;
        this.separate = separate;
        this.planner = new HealPlanner(manifest, !dialect.transactionalDdl());
        this.settings = settings;
        this.connection = connection;
        this.connections = new HealConnections(connection, separate, settings.healUser() != null, dialect.transactions()::inTransaction,
                dialect.transactions()::readOnly);
        this.databaseKey = dialect.transactions().databaseKey(url, connection);
        // report mode changes nothing about how statements run: no guards
        boolean guards = dialect.errorAbortsTransaction() && settings.mode() == Mode.HEAL;
        this.calls = new GuardedCalls(this, connection, guards, new StatementGuards(guards ? connection : null, databaseKey));
        String h = settings.historyTable();
        HealHistory.Names history = HealHistory.Names.of(dialect, h);
        this.missing = new MissingObjects(dialect, manifest, planner, connection,
                ObjectName.of(h.substring(h.lastIndexOf('.') + 1)).key());
        this.interrupted = new InterruptedHeals(dialect, manifest, planner, databaseKey, history);
        this.run = new HealRun(dialect, manifest, new HealRules(manifest, planner), settings, connections, databaseKey,
                history);
        this.heals = new Heals(dialect, manifest, planner, connection, run, databaseKey, this::held);
    }

    /** The migrations this healer heals from, as its connection reads them. */
    public MigrationManifest manifest() {
        return manifest;
    }

    /**
     * A healer of the same connection that heals from {@code migrations} (part of this one's set: those the version
     * table says ran), with the same settings, locks and history.
     */
    public Healer from(MigrationManifest migrations) {
        return new Healer(dialect, migrations, settings, url, connection, separate);
    }

    static String quoteQualified(Dialect dialect, String name) {
        int dot = name.indexOf('.');
        return dialect.ddl().quoteQualified(new ObjectName(dot < 0 ? null : name.substring(0, dot), name.substring(dot + 1), false));
    }

    /**
     * Where DDL is not transactional (MariaDB), completes the heals whose connection died halfway (see
     * {@link InterruptedHeals}). Looked at once per database by each process (and again after it interrupted a heal
     * itself), on a connection that is not in a transaction, before the application uses it.
     */
    public void completeInterrupted() {
        if (!dialect.transactionalDdl() && settings.mode() == Mode.HEAL && HealMarker.firstLook(databaseKey)
                && whyNoWrites() == null) {
            interrupted.complete(connection, run, false);
        }
    }

    /** {@code doctor --fix}: completes the heals that were cut off and those that stopped at a failing statement. */
    public void completeUnfinished() {
        if (!dialect.transactionalDdl() && settings.mode() == Mode.HEAL && whyNoWrites() == null) {
            interrupted.complete(connection, run, true);
        }
    }

    // ---- the statement's side: guard, success, failure ----

    /** The application's calls on this connection: their guard before they run and their retry after a heal. */
    public GuardedCalls calls() {
        return calls;
    }

    /** See {@link io.schemaheal.dialect.DatabaseErrors#batchStatementsDone}. */
    public int batchStatementsDone(java.sql.BatchUpdateException e, int batchSize) {
        return dialect.errors().batchStatementsDone(e, batchSize);
    }

    // ---- what an attempt asks of its connection's healer ----

    Dialect dialect() {
        return dialect;
    }

    MissingObjects missing() {
        return missing;
    }

    /**
     * Rolls back the application's transaction that its first statement's failure aborted, so that the statement can
     * heal and run again in a new one (the application had done nothing in it, so nothing of its is lost); false when
     * the rollback failed.
     */
    boolean restartTransaction(SQLException failure) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    /** The statement's transaction was aborted before it could heal: it runs under a guard again next time. */
    void forgetGuard(String sql) {
        calls.forget(sql);
    }

    /** Why {@code key} is not to be healed now in {@code schema} (a read-only server, heals that keep failing), or null. */
    HealResult.Refused refusal(String key, String schema) {
        HealResult.Refused noWrites = serverRefusal(key);
        if (noWrites != null) {
            return noWrites;
        }
        String relation = HealPlan.isColumn(key) ? HealPlan.tableOf(key) : key;
        // SQL built at run time: where the set can be replayed on a scratch database, the heal asks that (HealRun)
        String unknown = dialect.scratch() != null && !HealPlan.isColumn(key) ? manifest.notInTheText(relation)
                : manifest.refusal(relation);
        if (unknown != null) {
            return HealReason.NOT_KNOWN.of(HealPlan.display(key), unknown);
        }
        String blocked = HealBackoff.blocked(databaseKey, held(schema, key), manifest);
        return blocked == null ? null : HealReason.BACKING_OFF.of(HealPlan.display(key), blocked);
    }

    /**
     * Why nothing may be healed through this connection's database (a standby, a server started read-only, a
     * replica), or null. A read-only transaction of the application's is no reason: the heal runs on a connection of
     * its own.
     */
    public String whyNoWrites() {
        try {
            String why = dialect.transactions().whyNoWrites(connection);
            return why == null ? null : why + ", and a heal never writes there (the application's connections to "
                    + "a server that takes writes heal it: the primary)";
        } catch (SQLException e) {
            return "whether the server takes writes cannot be read (" + e.getMessage() + ")";
        }
    }

    /**
     * Runs one heal of {@code key} and keeps its back-off; a heal that a lock cut off inside the application's own
     * transaction, where DDL is not transactional, runs again when it ends.
     */
    HealResult heal(String key, String schema, Function<HealRun, HealResult> heal) {
        if (connections.separate() == null && appReadOnly()) {
            // never written through a read-only transaction, and no connection of its own to open (the agent, which did
            // not see how this connection logged in, without schemaheal.heal-user): this connection heals once it is out
            // of that transaction and takes writes again
            afterTransaction.add(new TransactionEndHeals.Waiting(key, schema, heal));
            return HealReason.AFTER_READ_ONLY_TRANSACTION.of(HealPlan.display(key));
        }
        HealResult result = backingOff(new TransactionEndHeals.Waiting(key, schema, heal), run);
        afterTransaction.add(run.setAside());
        if (result instanceof HealResult.Failed f && f.momentary(dialect) && !dialect.transactionalDdl() && appMayHoldLocks()) {
            // the lock may be this transaction's own (MariaDB keeps one on a dropped child table's name in
            // a transaction that wrote its parent): once it has ended, this connection heals again
            afterTransaction.add(new TransactionEndHeals.Waiting(key, schema, heal));
            return new HealResult.Failed(f.exception().getMessage() + "; this connection heals " + HealPlan.display(key)
                    + " again as soon as its transaction ends (commit or rollback)", f.exception().getCause());
        }
        return result;
    }

    /** True when some connection in this process has heals waiting for its transaction to end. */
    public static boolean anyWaitForTransactionEnd() {
        return TransactionEndHeals.any();
    }

    /**
     * Called after the application's transaction ended (commit or rollback): runs again the heals a lock cut
     * off inside it ({@link #afterTransaction}). The connection holds no lock now, so these may wait for
     * other sessions, within schemaheal.lock-timeout. Never throws: the transaction's outcome stands.
     */
    public void transactionEnded() {
        if (connections.separate() == null && (appMayHoldLocks() || appReadOnly())) {
            return; // no connection of its own: the heals wait until this one is out of its transaction and may write
        }
        List<TransactionEndHeals.Waiting> todo = afterTransaction.take();
        if (todo.isEmpty()) {
            return;
        }
        HealRun between = run.betweenTransactions();
        for (TransactionEndHeals.Waiting w : todo) {
            backingOff(w, between); // a failure is logged by the run, a refusal where it is made
        }
    }

    /** Runs a heal on {@code on} and keeps its back-off: cleared when it healed, counted when not. */
    private HealResult backingOff(TransactionEndHeals.Waiting heal, HealRun on) {
        HealResult result = heal.heal().apply(on);
        if (result instanceof HealResult.Healed) {
            HealBackoff.succeeded(databaseKey, held(heal.schema(), heal.key()));
        } else {
            HealBackoff.failed(databaseKey, held(heal.schema(), heal.key()), manifest, result.exception().getMessage(),
                    result instanceof HealResult.Failed f && f.momentary(dialect));
        }
        return result;
    }

    private boolean appReadOnly() {
        try {
            return connections.appReadOnly();
        } catch (SQLException e) {
            return true; // a connection that cannot say may not be written through
        }
    }

    private boolean appMayHoldLocks() {
        try {
            return connections.appMayHoldLocks();
        } catch (SQLException e) {
            return false; // a connection that cannot say is not one to heal on later
        }
    }

    /** What backs off together with a heal of {@code key} in {@code schema} by this connection's heal account. */
    private HealBackoff.Held held(String schema, String key) {
        return new HealBackoff.Held(settings.healUser(), schema, key);
    }

    /** The heals this connection can make (a relation, a column, one brought to its end state) and report mode's lines. */
    Heals heals() {
        return heals;
    }

    /** The refusal of {@code key} on a server a heal must not write to (see {@link #whyNoWrites}), or null. */
    private HealResult.Refused serverRefusal(String key) {
        String why = whyNoWrites();
        return why == null ? null : HealReason.SERVER_READ_ONLY.of(HealPlan.display(key), why);
    }

    /** True with {@code schemaheal.mode=report}: nothing is healed, what would be is said. */
    public boolean reportsOnly() {
        return settings.mode() == Mode.REPORT;
    }

    /**
     * See {@link Heals#healOrComplete}; in report mode, only said; never on a server a heal must not write to (a
     * standby, a server started read-only, a replica), whoever the account: the doctor's {@code --fix} and
     * heal-on-connect ask here, with no failing statement of the application's before them.
     */
    public HealResult healOrComplete(String key) {
        if (reportsOnly()) {
            heals.report(key, false); // says what it would heal, once per table
            return HealReason.REPORT_ONLY.of(HealPlan.display(key));
        }
        HealResult.Refused noWrites = serverRefusal(key);
        return noWrites != null ? noWrites : heals.healOrComplete(key);
    }

    /** See {@link Heals#plan}. */
    public HealPlan plan(String relationKey, Connection c) throws SQLException {
        return heals.plan(relationKey, c);
    }
}
