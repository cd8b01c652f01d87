package io.schemaheal.heal;

import io.schemaheal.config.HealSettings;
import io.schemaheal.config.Mode;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.log.HealLog;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The healing engine for one connection: what the JDBC wrappers and the agent call. Before a statement, a guard
 * savepoint where the database needs one ({@link #guard}); after a failure, the retry loop ({@link #recover}, one
 * {@link HealAttempt} per call), whose heals run under the locks and in the transaction of a {@link HealRun}.
 * Nothing here is on the path of a call that succeeds but the guard.
 */
public final class Healer {

    private static final HealLog LOG = HealLog.get();

    /** What report mode has reported, per database: each missing table or column once. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealPlanner planner;
    private final HealSettings settings;
    private final Connection connection;
    private final HealConnections connections;
    private final String databaseKey;
    private final boolean guards;
    private final StatementGuards guarded;
    private final MissingObjects missing;
    private final InterruptedHeals interrupted;
    private final HealRun run;
    /** Whether the statement {@link #guard} was asked about last runs unguarded as the first of its transaction. */
    private boolean beginsTransaction;
    /**
     * Heals that a lock cut off inside the application's transaction where DDL is not transactional
     * (MariaDB), by key: run again by {@link #transactionEnded}, when this connection holds no lock.
     */
    private final Map<String, Waiting> afterTransaction = new LinkedHashMap<>();
    /**
     * The healers in the process with heals waiting in {@link #afterTransaction}: held here until they ran, because the
     * agent holds a connection's healer only weakly (a collected healer would lose them); and the agent's cheap gate.
     */
    private static final Set<Healer> WAITING = ConcurrentHashMap.newKeySet();

    /**
     * @param connection the application's connection (the driver's own)
     * @param separate   opens a separate connection to the same database, as {@code schemaheal.heal-user} when set
     */
    public Healer(Dialect dialect, MigrationManifest manifest, HealSettings settings, String url, Connection connection,
                  HealConnections.Opener separate) {
        this.dialect = dialect;
        this.manifest = manifest;
        this.planner = new HealPlanner(manifest, !dialect.transactionalDdl());
        this.settings = settings;
        this.connection = connection;
        this.connections = new HealConnections(connection, separate, settings.healUser() != null, dialect::inTransaction,
                dialect::readOnly);
        this.databaseKey = dialect.databaseKey(url, connection);
        // report mode changes nothing about how statements run: no guards
        this.guards = dialect.errorAbortsTransaction() && settings.mode() == Mode.HEAL;
        this.guarded = new StatementGuards(guards ? connection : null, databaseKey);
        String h = settings.historyTable();
        String historyTable = quoteQualified(dialect, h);
        this.missing = new MissingObjects(dialect, manifest, planner, connection,
                ObjectName.of(h.substring(h.lastIndexOf('.') + 1)).key());
        this.interrupted = new InterruptedHeals(dialect, manifest, planner, databaseKey, historyTable, h);
        this.run = new HealRun(dialect, manifest, new HealRules(manifest, planner), settings, connections, databaseKey,
                historyTable);
    }

    /** The migrations this healer heals from, as its connection reads them. */
    public MigrationManifest manifest() {
        return manifest;
    }

    static String quoteQualified(Dialect dialect, String name) {
        int dot = name.indexOf('.');
        return dialect.quoteQualified(new ObjectName(dot < 0 ? null : name.substring(0, dot), name.substring(dot + 1), false));
    }

    /**
     * Where DDL is not transactional (MariaDB), completes the heals whose connection died halfway (see
     * {@link InterruptedHeals}). Looked at once per database by each process (and again after it interrupted a heal
     * itself), on a connection that is not in a transaction, before the application uses it.
     */
    public void completeInterrupted() {
        if (!dialect.transactionalDdl() && settings.mode() == Mode.HEAL && HealMarker.firstLook(databaseKey)) {
            interrupted.complete(connection, run, false);
        }
    }

    /** {@code doctor --fix}: completes the heals that were cut off and those that stopped at a failing statement. */
    public void completeUnfinished() {
        if (!dialect.transactionalDdl()) {
            interrupted.complete(connection, run, true);
        }
    }

    // ---- the statement's side: guard, success, failure ----

    /**
     * Called before a statement runs: a savepoint where the database needs one for the statement to be
     * run again after a failure (see {@link Dialect#errorAbortsTransaction()}), else null. Pass it to {@link #passed} or
     * {@link #recover}.
     */
    public Savepoint guard(String sql) throws SQLException {
        beginsTransaction = false;
        if (!guards || connection.getAutoCommit()) {
            return null;
        }
        Savepoint savepoint = guarded.before(sql);
        beginsTransaction = savepoint == null && dialect.transactionNotBegun(connection);
        return savepoint;
    }

    /** The guarded statement succeeded: its savepoint is released, and its SQL needs none again. */
    public void passed(Savepoint guard, String sql) throws SQLException {
        if (guard != null) {
            connection.releaseSavepoint(guard);
            guarded.remember(sql);
        }
    }

    /** {@link #recover(SQLException, String, Savepoint, SqlCall)} for a call that took no guard. */
    public <T> T recover(SQLException original, String sql, SqlCall<T> retry) throws SQLException {
        return recover(original, sql, null, retry, false);
    }

    /**
     * The retry loop, called with the exception a JDBC call threw. When it says a relation that the migrations own is
     * missing, heals it and returns the result of {@code retry}; otherwise throws {@code original}
     * untouched. A heal that fails throws the original exception with the reason suppressed on it. The call is the one
     * {@link #guard} was asked about last, and {@code guard} what it returned.
     */
    public <T> T recover(SQLException original, String sql, Savepoint guard, SqlCall<T> retry) throws SQLException {
        boolean began = beginsTransaction; // set only where guard took no savepoint
        beginsTransaction = false;
        return recover(original, sql, guard, retry, began);
    }

    /** @param began the call ran unguarded as the first statement of the application's transaction */
    private <T> T recover(SQLException original, String sql, Savepoint guard, SqlCall<T> retry, boolean began)
            throws SQLException {
        if (guard != null) {
            rollbackTo(guard, original);
        }
        // without a savepoint taken before it, a failure has aborted a PostgreSQL transaction for good
        HealAttempt attempt = new HealAttempt(this, original,
                !guards || guard != null || connection.getAutoCommit(), true, began);
        SQLException failure = original;
        while (true) {
            if (attempt.afterFailure(failure, sql) instanceof HealAttempt.Next.Rethrow stop) {
                throw stop.exception();
            }
            Savepoint again = guard == null ? null : connection.setSavepoint();
            try {
                T result = retry.call();
                if (again != null) {
                    connection.releaseSavepoint(again);
                    if (!attempt.healedAnything()) {
                        guarded.remember(sql);
                    } // else the heal is part of the application's transaction: should it roll back, this SQL needs its guard
                }
                return result;
            } catch (SQLException e) {
                if (again != null) {
                    rollbackTo(again, e);
                }
                failure = e;
            }
        }
    }

    /** A new attempt at one application call whose first failure is {@code original} (the agent's entry point). */
    public HealAttempt attempt(SQLException original) throws SQLException {
        return attempt(original, null);
    }

    /**
     * As {@link #attempt(SQLException)}, for a call the agent ran under {@code guard} (see {@link #guard}): the
     * transaction is rolled back to it, so the failure has not aborted it, and the call can run again after
     * a heal, as under the proxy driver. The guard stays for the call's next run.
     */
    public HealAttempt attempt(SQLException original, Savepoint guard) throws SQLException {
        return attempt(original, guard, false);
    }

    /**
     * As {@link #attempt(SQLException, Savepoint)}; {@code began}: the call ran unguarded as the first statement of the
     * application's transaction (see {@link io.schemaheal.dialect.Dialect#transactionNotBegun}).
     */
    public HealAttempt attempt(SQLException original, Savepoint guard, boolean began) throws SQLException {
        if (guard != null) {
            connection.rollback(guard);
        }
        return new HealAttempt(this, original, guard != null || !guards || connection.getAutoCommit(), guard != null,
                began && guard == null);
    }

    /** Undoes the failed statement and lets the savepoint go, so a long transaction does not collect them. */
    private void rollbackTo(Savepoint savepoint, SQLException failure) {
        try {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** See {@link Dialect#batchStatementsDone}. */
    public int batchStatementsDone(java.sql.BatchUpdateException e, int batchSize) {
        return dialect.batchStatementsDone(e, batchSize);
    }

    // ---- what an attempt asks of its connection's healer ----

    Dialect dialect() {
        return dialect;
    }

    MissingObjects missing() {
        return missing;
    }

    Mode mode() {
        return settings.mode();
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
        guarded.forget(sql);
    }

    /** Why {@code key} is not to be healed now in {@code schema} (a read-only connection, heals that keep failing), or null. */
    String refusal(String key, String schema) {
        String readOnly = readOnly();
        if (readOnly != null) {
            return "SchemaHeal does not heal " + HealPlan.display(key) + ": " + readOnly;
        }
        String unknown = manifest.refusal(HealPlan.isColumn(key) ? HealPlan.tableOf(key) : key);
        if (unknown != null) {
            return "SchemaHeal does not heal " + HealPlan.display(key) + ": " + unknown;
        }
        return HealBackoff.blocked(backoffKey(schema), key, manifest);
    }

    /**
     * Why nothing may be healed through this connection's database (its server takes no writes: a standby), or null. A
     * read-only transaction of the application's is no reason: the heal runs on a connection of its own.
     */
    private String readOnly() {
        try {
            return dialect.serverReadOnly(connection) ? "the server takes no writes (a standby, or started read-only), "
                    + "and a heal never writes there" : null;
        } catch (SQLException e) {
            return "whether the server takes writes cannot be read (" + e.getMessage() + ")";
        }
    }

    /**
     * Runs one heal of {@code key} and keeps its back-off. Null when healed, or why not; a heal that a lock cut
     * off inside the application's own transaction, where DDL is not transactional, runs again when it ends.
     */
    HealFailedException heal(String key, String schema, Function<HealRun, HealFailedException> heal) {
        if (connections.separate() == null && appReadOnly()) {
            // never written through a read-only transaction, and no connection of its own to open (the agent without
            // schemaheal.heal-user): this connection heals once it is out of that transaction and takes writes again
            waitForTransactionEnd(new Waiting(key, schema, heal));
            return new HealFailedException("SchemaHeal heals " + HealPlan.display(key) + " as soon as this connection's "
                    + "read-only transaction ends: a heal is never written through it, and under the agent a connection of "
                    + "its own needs schemaheal.heal-user and schemaheal.heal-password (set them to heal at once)");
        }
        HealFailedException why = backingOff(new Waiting(key, schema, heal), run);
        untilTransactionEnds(run.setAside());
        if (why == null) {
            return null;
        }
        if (why.momentary(dialect) && !dialect.transactionalDdl() && appMayHoldLocks()) {
            // the lock may be this transaction's own (MariaDB keeps one on a dropped child table's name in
            // a transaction that wrote its parent): once it has ended, this connection heals again
            waitForTransactionEnd(new Waiting(key, schema, heal));
            why = new HealFailedException(why.getMessage() + "; this connection heals " + HealPlan.display(key)
                    + " again as soon as its transaction ends (commit or rollback)", why.getCause());
        }
        return why;
    }

    /** The foreign keys a heal set aside: added by {@link #transactionEnded}, per table. */
    private void untilTransactionEnds(List<ForeignKeysLater.SetAside> keys) {
        Map<String, List<ForeignKeysLater.SetAside>> byTable = new LinkedHashMap<>();
        for (ForeignKeysLater.SetAside later : keys) {
            String child = later.key().child().key();
            byTable.computeIfAbsent(later.schema() == null ? child : later.schema() + "." + child, k -> new ArrayList<>())
                    .add(later);
        }
        byTable.forEach((table, fks) -> waitForTransactionEnd(new Waiting("foreign keys of " + table, fks.get(0).schema(),
                r -> r.addSetAside(fks.get(0).key().child().key(), fks.get(0).schema(),
                        fks.stream().map(ForeignKeysLater.SetAside::key).toList()))));
    }

    /** A heal of {@code key} in {@code schema}, to run now or when the application's transaction ends. */
    private record Waiting(String key, String schema, Function<HealRun, HealFailedException> heal) {
    }

    private void waitForTransactionEnd(Waiting heal) {
        synchronized (afterTransaction) {
            afterTransaction.put(heal.key() + "\u0000" + heal.schema(), heal);
            WAITING.add(this);
        }
    }

    /** True when some connection in this process has heals waiting for its transaction to end. */
    public static boolean anyWaitForTransactionEnd() {
        return !WAITING.isEmpty();
    }

    /**
     * Called after the application's transaction ended (commit or rollback): runs again the heals a lock cut
     * off inside it ({@link #afterTransaction}). The connection holds no lock now, so these may wait for
     * other sessions, within schemaheal.lock-timeout. Never throws: the transaction's outcome stands.
     */
    public void transactionEnded() {
        List<Waiting> todo;
        if (connections.separate() == null && (appMayHoldLocks() || appReadOnly())) {
            return; // no connection of its own: the heals wait until this one is out of its transaction and may write
        }
        synchronized (afterTransaction) {
            if (afterTransaction.isEmpty()) {
                return;
            }
            todo = new ArrayList<>(afterTransaction.values());
            afterTransaction.clear();
            WAITING.remove(this);
        }
        HealRun between = run.betweenTransactions();
        for (Waiting w : todo) {
            HealFailedException why = backingOff(w, between);
            if (why != null) {
                LOG.warn("could not heal {} after the transaction that needed it ended: {}", HealPlan.display(w.key()),
                        why.getMessage());
            }
        }
    }

    /** Runs a heal on {@code on} and keeps its back-off: cleared when it healed, counted when not. */
    private HealFailedException backingOff(Waiting heal, HealRun on) {
        HealFailedException why = heal.heal().apply(on);
        if (why == null) {
            HealBackoff.succeeded(backoffKey(heal.schema()), heal.key());
        } else {
            HealBackoff.failed(backoffKey(heal.schema()), heal.key(), manifest, why.getMessage(), why.momentary(dialect));
        }
        return why;
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

    /**
     * Failed heals back off per database, account and schema: another account (a heal user) may well succeed, and
     * the same table in another schema is another table.
     */
    private String backoffKey(String schema) {
        return databaseKey + "\u0000" + settings.healUser() + "\u0000" + schema;
    }

    // ---- the heals ----

    /** Creates a missing relation in {@code target}'s schema, with what it needs. Null on success, or why not. */
    HealFailedException healRelation(HealRun run, MissingObjects.Target target) {
        return run.run(target.key(), target.schema(), scope -> scope.relationExists(target.key())
                        ? null // healed meanwhile by another thread or process
                        : planner.plan(target.key(), name -> scope.exists(ObjectType.RELATION, name)),
                scope -> scope.relationExists(target.key()));
    }

    /**
     * Adds one missing column, as its migration defines it, and the end state's indexes, triggers and
     * constraints that involve it ({@link HealPlanner#columnPlan}), under the same lock, rules and history as a table.
     */
    HealFailedException healColumn(HealRun run, MissingObjects.Target target, String column) {
        String table = target.key();
        HealPlanner.ColumnPlan plan = planner.columnPlan(table, column, dialect);
        if (plan == null) {
            return new HealFailedException("SchemaHeal does not heal column " + table + "." + column
                    + ": the migrations' end state has no such column");
        }
        String schema = target.schema();
        ObjectName tableName = plan.table();
        return run.run(plan.plan().target(), schema, scope -> {
            if (!scope.exists(ObjectType.RELATION, tableName)) {
                return HealPlan.notHealable(table, "the table itself is missing");
            }
            return scope.columnExists(tableName, column) ? null : plan.plan();
        }, scope -> scope.columnExists(tableName, column));
    }

    /**
     * Brings one relation to its end state, as {@code doctor --fix} does: creates it when it is missing,
     * otherwise adds whatever of it is missing (columns, indexes, triggers), each statement judged by
     * {@link HealRules}, under the same locks and history as a run-time heal. Returns null on success, or why
     * it was not healed.
     */
    public HealFailedException healOrComplete(String key) {
        try {
            String schema = dialect.currentSchema(connection);
            HealFailedException why = run.run(key, schema,
                    scope -> planner.plan(key, name -> scope.exists(ObjectType.RELATION, name)), HealRun.Goal.NONE);
            // a column its CREATE TABLE declares (a schema dump declares them all) comes back as a run-time heal adds it
            LiveCatalog live = new LiveCatalog(connection, dialect, manifest, schema);
            for (String column : createdColumns(key)) {
                if (why != null || !live.relationExists(key)) {
                    break;
                }
                if (!live.columnExists(manifest.name(key), column) && planner.columnPlan(key, column, dialect) != null) {
                    why = healColumn(run, new MissingObjects.Target(key, schema), column);
                }
            }
            if (why == null) {
                HealBackoff.succeeded(backoffKey(schema), key);
            }
            return why;
        } catch (SQLException e) {
            return new HealFailedException("SchemaHeal could not read the connection's schema: " + e.getMessage(), e);
        }
    }

    /** The columns the CREATE TABLE of {@code key}'s end state declares. */
    private List<String> createdColumns(String key) {
        for (MigrationManifest.Entry e : planner.endState().entries()) {
            io.schemaheal.sql.SqlStatement s = e.statement();
            if (s.kind() == io.schemaheal.sql.StatementKind.CREATE_TABLE && s.object() != null && s.object().key().equals(key)) {
                return io.schemaheal.sql.StatementClassifier.columnsOf(s);
            }
        }
        return List.of();
    }

    // ---- report mode ----

    /** The plan for a relation, checked against the live catalog of {@code c}. */
    public HealPlan plan(String relationKey, Connection c) throws SQLException {
        LiveCatalog live = LiveCatalog.of(c, dialect, manifest);
        return planner.plan(relationKey, name -> live.exists(ObjectType.RELATION, name));
    }

    /** {@code schemaheal.mode=report}: says once per database what a heal of {@code key} would do, and does nothing. */
    void report(String key, boolean column) {
        if (!REPORTED.add(databaseKey + "\u0000" + key)) {
            return;
        }
        String display = HealPlan.display(key);
        HealListeners.tell(display, "reported", Duration.ZERO);
        if (column) {
            LOG.warn("would heal missing column {} [schemaheal.mode=report]", display);
            return;
        }
        HealPlan plan;
        try {
            plan = plan(key, connection);
        } catch (SQLException e) {
            LOG.warn("would heal missing table {}, but could not plan it: {} [schemaheal.mode=report]", key, e.getMessage());
            return;
        }
        if (plan.notHealable() != null) {
            LOG.warn("would not heal missing table {}: {} [schemaheal.mode=report]", key, plan.notHealable());
        } else {
            LOG.warn("would heal missing table {}: would apply {} ({} statements) [schemaheal.mode=report]", key,
                    HealOutcome.files(plan.migrations()), plan.steps().size());
        }
    }
}
