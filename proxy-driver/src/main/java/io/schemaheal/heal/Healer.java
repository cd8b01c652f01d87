package io.schemaheal.heal;

import io.schemaheal.config.HealSettings;
import io.schemaheal.config.Mode;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.MissingColumn;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.VersionTables;
import io.schemaheal.log.HealLog;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.StatementTables;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The healing engine for one connection. {@link #recover} is called only after a JDBC call has thrown:
 * it classifies the exception, plans and applies the heal under the database's locks, and runs the call
 * again. Nothing here is on the path of a call that succeeds.
 */
public final class Healer {

    private static final HealLog LOG = HealLog.get();

    /** At most this many relations are healed for one call; a statement naming more is rethrown. */
    static final int MAX_RELATIONS_PER_CALL = 8;

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
    private final String historyKey;
    private final String historyTable;
    private final HealRun run;
    /**
     * Heals that a lock cut off inside the application's transaction where DDL is not transactional
     * (MariaDB), by key: run again by {@link #transactionEnded}, when this connection holds no lock.
     */
    private final Map<String, Function<HealRun, HealFailedException>> afterTransaction =
            new LinkedHashMap<>();

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
        this.connections = new HealConnections(connection, separate, settings.healUser() != null);
        this.databaseKey = dialect.databaseKey(url, connection);
        // report mode changes nothing about how statements run: no guards
        this.guards = dialect.errorAbortsTransaction() && settings.mode() == Mode.HEAL;
        this.guarded = new StatementGuards(guards ? connection : null, databaseKey);
        String h = settings.historyTable();
        this.historyKey = ObjectName.of(h.substring(h.lastIndexOf('.') + 1)).key();
        this.historyTable = quoteQualified(dialect, h);
        this.run = new HealRun(dialect, manifest, new HealRules(manifest, planner), settings, connections, databaseKey,
                historyTable);
    }

    /** The migrations this healer heals from, as its connection reads them. */
    public MigrationManifest manifest() {
        return manifest;
    }

    /**
     * Where DDL is not transactional (MariaDB), completes the heals whose connection died halfway: their
     * {@code started} history rows say what they had applied. Looked at once per database by each process
     * (and again after it interrupted a heal itself), on a connection that is not in a transaction, before
     * the application uses it. Every statement is judged again under the heal lock; what the interrupted
     * heal created counts as created by this one.
     */
    public void completeInterrupted() {
        if (!dialect.transactionalDdl() && settings.mode() == Mode.HEAL && HealMarker.firstLook(databaseKey)) {
            complete(false);
        }
    }

    /** {@code doctor --fix}: completes the heals that were cut off and those that stopped at a failing statement. */
    public void completeUnfinished() {
        if (!dialect.transactionalDdl()) {
            complete(true);
        }
    }

    private void complete(boolean alsoFailed) {
        List<HealMarker.Open> open;
        try {
            if (!connection.getAutoCommit() || dialect.readOnly(connection)) {
                HealMarker.lookAgain(databaseKey); // not now: the next connection that can looks
                return;
            }
            if (!HealHistory.exists(connection, dialect, settings.historyTable())) {
                return; // nothing was ever healed here
            }
            open = HealMarker.open(connection, historyTable, alsoFailed);
        } catch (SQLException e) {
            HealMarker.lookAgain(databaseKey);
            LOG.warn("could not look for unfinished heals in {}: {}", historyTable, e.getMessage());
            return;
        }
        for (HealMarker.Open o : open) {
            HealFailedException why = run.run(o.target(), o.schema(), scope -> resumed(scope, o.id()), HealRun.Goal.NONE);
            if (why != null) {
                LOG.warn("could not complete the unfinished heal of {}: {}", o.target(), why.getMessage());
            }
        }
    }

    /** The rest of an interrupted heal, planned under the lock: what it created, less the statements that ran. */
    private HealPlan resumed(HealScope scope, long markerId) throws SQLException {
        HealMarker.Open o = HealMarker.reread(scope.connection(), historyTable, markerId);
        if (o == null) {
            return null; // completed meanwhile by another process
        }
        // only what is still the interrupted heal's own: a table dropped since, or dropped and made again by
        // another heal, is not (its creation time tells)
        Set<String> ours = new LinkedHashSet<>();
        Set<String> lost = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : o.created().entrySet()) {
            ObjectName name = manifest.name(e.getKey()).inSchema(scope.schema());
            boolean same = scope.relationExists(e.getKey())
                    && e.getValue().equals(String.valueOf(dialect.incarnation(scope.connection(), name)));
            (same ? ours : lost).add(e.getKey());
        }
        scope.resume(HealMarker.resume(historyTable, o), ours, lost);
        TreeMap<Integer, HealPlan.Step> steps = new TreeMap<>();
        for (String relation : ours) {
            HealPlan plan = planner.plan(relation, name -> !ours.contains(name.key())
                    && scope.exists(ObjectType.RELATION, name));
            for (HealPlan.Step step : plan.steps()) {
                if (!o.done(step.entry().where())) {
                    steps.putIfAbsent(step.entry().seq(), step);
                }
            }
        }
        String target = ours.isEmpty() ? o.target() : ours.iterator().next();
        return new HealPlan(target, new ArrayList<>(steps.values()), ours, null);
    }

    static String quoteQualified(Dialect dialect, String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? dialect.quote(name)
                : dialect.quote(name.substring(0, dot)) + "." + dialect.quote(name.substring(dot + 1));
    }

    /**
     * Called before a statement runs: a savepoint where the database needs one for the statement to be
     * run again after a failure (see {@link Dialect#errorAbortsTransaction()}), else null. Pass it to {@link #passed} or
     * {@link #recover}.
     */
    public Savepoint guard(String sql) throws SQLException {
        return guards ? guarded.before(sql) : null;
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
        return recover(original, sql, null, retry);
    }

    /**
     * Called with the exception a JDBC call threw. When it says a relation that the migrations own is
     * missing, heals it and returns the result of {@code retry}; otherwise throws {@code original}
     * untouched. A heal that fails throws the original exception with the reason suppressed on it.
     */
    public <T> T recover(SQLException original, String sql, Savepoint guard, SqlCall<T> retry) throws SQLException {
        if (guard != null) {
            rollbackTo(guard, original);
        }
        // without a savepoint taken before it, a failure has aborted a PostgreSQL transaction for good
        Attempt attempt = new Attempt(original, !guards || guard != null || connection.getAutoCommit(), true);
        SQLException failure = original;
        while (true) {
            SQLException stop = attempt.afterFailure(failure, sql);
            if (stop != null) {
                throw stop;
            }
            Savepoint again = guard == null ? null : connection.setSavepoint();
            try {
                T result = retry.call();
                if (again != null) {
                    connection.releaseSavepoint(again);
                    if (attempt.healed.isEmpty()) {
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
    public Attempt attempt(SQLException original) throws SQLException {
        return attempt(original, null);
    }

    /**
     * As {@link #attempt(SQLException)}, for a call the agent ran under {@code guard} (see {@link #guard}): the
     * transaction is rolled back to it, so the failure has not aborted it, and the call can run again after
     * a heal, as under the proxy driver. The guard stays for the call's next run.
     */
    public Attempt attempt(SQLException original, Savepoint guard) throws SQLException {
        if (guard != null) {
            connection.rollback(guard);
        }
        return new Attempt(original, guard != null || !guards || connection.getAutoCommit(), guard != null);
    }

    /**
     * The healing state of one application call, across its retries: which tables it healed, and its
     * original exception. {@link #afterFailure} is one step of the loop that the proxy driver runs around
     * the call and that the agent's advice runs by repeating the driver's method.
     */
    public final class Attempt {
        private final SQLException original;
        private final boolean canRetry;
        /** False for the agent's attempts, which run statements without guard savepoints. */
        private final boolean underGuard;
        private final Set<String> healed = new HashSet<>();

        private Attempt(SQLException original, boolean canRetry, boolean underGuard) {
            this.original = original;
            this.canRetry = canRetry;
            this.underGuard = underGuard;
        }

        /**
         * Called with the latest failure of the call: heals what it says is missing and returns null when
         * the call should run again, or the exception to throw.
         */
        public SQLException afterFailure(SQLException failure, String sql) {
            if (HealFailedException.isHandled(failure)) {
                return failure;
            }
            if (!healed.isEmpty() && dialect.snapshotPredatesHeal(failure)) {
                original.addSuppressed(new HealFailedException("SchemaHeal healed " + HealPlan.display(String.join(", ", healed))
                        + ", but this transaction's snapshot is older than the heal, so the statement cannot see it; "
                        + "roll back and run the transaction again", failure));
                return original;
            }
            ObjectName missing = missingRelation(failure, sql);
            String key;
            String column = null;
            Target target = null;
            if (!canRetry) {
                return aborted(failure, sql, missing);
            }
            if (missing != null) {
                try {
                    target = resolve(missing);
                } catch (SQLException e) {
                    failure.addSuppressed(new HealFailedException("SchemaHeal could not tell which schema the statement "
                            + "looked in for " + missing + ", so it did not heal it: " + e.getMessage(), e));
                    return failure;
                }
                if (target == null) {
                    return failure;
                }
                key = target.key();
            } else {
                MissingColumn mc = missingColumn(failure, sql);
                String table = mc == null ? null : tableOfColumn(mc, sql);
                if (table == null) {
                    return failure; // not a missing column, or one whose table is unknown or ambiguous: no guessing
                }
                column = mc.column();
                key = HealPlan.columnTarget(table, column.toLowerCase(Locale.ROOT));
                if (columnIsThere(table, column)) {
                    return failure; // an error about a column that exists (an FTS query's "no such column") is not ours
                }
            }
            String display = HealPlan.display(key);
            if (healed.contains(key)) {
                original.addSuppressed(new HealFailedException("SchemaHeal healed " + display
                        + " but the statement still reports it missing; not retrying again", failure));
                return original;
            }
            if (healed.size() >= MAX_RELATIONS_PER_CALL) {
                failure.addSuppressed(new HealFailedException("SchemaHeal healed " + healed.size()
                        + " tables for this statement, the most it heals for one call; not healing " + display));
                return failure;
            }
            if (settings.mode() == Mode.REPORT) {
                if (column == null) {
                    report(key);
                } else if (REPORTED.add(databaseKey + "\u0000" + key)) {
                    HealListeners.tell(display, "reported", java.time.Duration.ZERO);
                    LOG.warn("would heal missing column {} [schemaheal.mode=report]", display);
                }
                return failure;
            }
            String readOnly = readOnly();
            if (readOnly != null) {
                failure.addSuppressed(new HealFailedException("SchemaHeal does not heal " + display + ": " + readOnly));
                return failure;
            }
            String backingOff = HealBackoff.blocked(backoffKey(), key, manifest);
            if (backingOff != null) {
                failure.addSuppressed(new HealFailedException(backingOff));
                return failure;
            }
            Target t = target;
            String c = column;
            Function<HealRun, HealFailedException> healing = column == null ? r -> heal(r, t)
                    : r -> healColumn(r, HealPlan.tableOf(key), c);
            HealFailedException why = healing.apply(run);
            if (why != null) {
                HealBackoff.failed(backoffKey(), key, manifest, why.getMessage(), why.momentary(dialect));
                if (why.momentary(dialect) && !dialect.transactionalDdl() && appMayHoldLocks()) {
                    // the lock may be this transaction's own (MariaDB keeps one on a dropped child table's name in
                    // a transaction that wrote its parent): once it has ended, this connection heals again
                    synchronized (afterTransaction) {
                        afterTransaction.put(key, healing);
                    }
                    why = new HealFailedException(why.getMessage() + "; this connection heals " + display
                            + " again as soon as its transaction ends (commit or rollback)", why.getCause());
                }
                failure.addSuppressed(why);
                return failure;
            }
            HealBackoff.succeeded(backoffKey(), key);
            healed.add(key);
            return null;
        }

        /**
         * The failure has aborted the application's transaction (PostgreSQL, a statement that ran without a
         * guard savepoint): nothing can be asked of the session any more, not even where it looked, so there is
         * no heal now. The statement loses its known-good standing: in the next transaction it runs under a
         * guard again, and heals there.
         */
        private SQLException aborted(SQLException failure, String sql, ObjectName missing) {
            boolean ours = missing != null ? manifest.knows(missing.key()) || manifest.knows(missing.bareKey())
                    : missingColumn(failure, sql) != null;
            if (ours) {
                guarded.forget(sql);
                failure.addSuppressed(new HealFailedException("SchemaHeal did not heal " + (missing != null ? missing
                        : "the missing column") + ": the error had already aborted this transaction; " + (underGuard
                        ? "roll back and run the transaction again, and the statement heals then"
                        : "it ran without a savepoint (under the agent, or in a batch), so it heals when it runs outside a "
                        + "transaction")));
            }
            return failure;
        }
    }

    /**
     * Called after the application's transaction ended (commit or rollback): runs again the heals a lock cut
     * off inside it ({@link #afterTransaction}). The connection holds no lock now, so these may wait for
     * other sessions, within schemaheal.lock-timeout. Never throws: the transaction's outcome stands.
     */
    public void transactionEnded() {
        List<Map.Entry<String, Function<HealRun, HealFailedException>>> todo;
        synchronized (afterTransaction) {
            if (afterTransaction.isEmpty()) {
                return;
            }
            todo = new ArrayList<>(afterTransaction.entrySet());
            afterTransaction.clear();
        }
        HealRun between = run.betweenTransactions();
        for (Map.Entry<String, Function<HealRun, HealFailedException>> e : todo) {
            HealFailedException why = e.getValue().apply(between);
            if (why == null) {
                HealBackoff.succeeded(backoffKey(), e.getKey());
            } else {
                HealBackoff.failed(backoffKey(), e.getKey(), manifest, why.getMessage(), why.momentary(dialect));
                LOG.warn("could not heal {} after the transaction that needed it ended: {}", HealPlan.display(e.getKey()),
                        why.getMessage());
            }
        }
    }

    private boolean appMayHoldLocks() {
        try {
            return connections.appMayHoldLocks();
        } catch (SQLException e) {
            return false; // a connection that cannot say is not one to heal on later
        }
    }

    /** Failed heals back off per database and account: another account (a heal user) may well succeed. */
    private String backoffKey() {
        return databaseKey + "\u0000" + settings.healUser();
    }

    /** True when the column is in the table already, as the application's connection sees it. */
    private boolean columnIsThere(String table, String column) {
        HealScope here = new HealScope(connection, dialect, manifest, null);
        try {
            return here.relationExists(table) && here.columnExists(manifest.name(table), column);
        } catch (SQLException e) {
            return false; // cannot tell: the heal decides under its lock
        }
    }

    /** Why the application's connection must not heal (it may only read), or null. */
    private String readOnly() {
        try {
            return dialect.readOnly(connection) ? "the connection is read-only, and a heal never writes through "
                    + "a read-only connection" : null;
        } catch (SQLException e) {
            return "whether the connection is read-only cannot be read (" + e.getMessage() + ")";
        }
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

    /** The missing column an exception (or the exceptions it wraps) reports, or null. */
    private MissingColumn missingColumn(SQLException e, String sql) {
        return firstInChain(e, sql, dialect::missingColumn);
    }

    /**
     * The table a missing column belongs to: the one the error names (an alias is resolved from the
     * statement), or else the only table of the statement whose end state has that column. Null when it
     * is unknown or ambiguous.
     */
    private String tableOfColumn(MissingColumn mc, String sql) {
        Map<String, String> tables = StatementTables.of(sql);
        if (mc.table() != null) {
            String named = tables.getOrDefault(mc.table().key(), mc.table().key());
            return planner.columnSource(named, mc.column()) != null ? named : null;
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (String table : tables.values()) {
            if (planner.columnSource(table, mc.column()) != null) {
                candidates.add(table);
            }
        }
        return candidates.size() == 1 ? candidates.iterator().next() : null;
    }

    /**
     * Adds one missing column, as its migration defines it, and the end state's indexes, triggers and
     * constraints that involve it,
     * under the same lock, rules and history as a table.
     */
    private HealFailedException healColumn(HealRun run, String table, String column) {
        HealPlanner.ColumnSource source = planner.columnSource(table, column);
        if (source == null) {
            return new HealFailedException("SchemaHeal does not heal column " + table + "." + column
                    + ": the migrations' end state has no such column");
        }
        MigrationManifest.Entry entry = source.entry();
        // the table as the migration names it (a quoted name keeps its case)
        ObjectName tableName = source.definition() != null ? entry.statement().object() : entry.statement().table();
        if (source.definition() != null) {
            // declared by the CREATE TABLE of a table that exists in an older shape: add just that column
            String name = tableName.quoted() ? dialect.quote(tableName.name()) : tableName.name();
            String sql = "ALTER TABLE " + (tableName.schema() == null ? "" : tableName.schema() + ".") + name
                    + " ADD COLUMN " + source.definition();
            entry = new MigrationManifest.Entry(entry.seq(), entry.migration(),
                    StatementClassifier.classifyWritten(sql, entry.statement().line()));
        }
        String target = HealPlan.columnTarget(table, column);
        List<HealPlan.Step> steps = new ArrayList<>(List.of(new HealPlan.Step(entry, table)));
        for (MigrationManifest.Entry attached : planner.attachedInvolving(table, column)) {
            steps.add(new HealPlan.Step(attached, table)); // each judged: added only when missing
        }
        for (MigrationManifest.Entry constraint : planner.constraintsInvolving(table, column)) {
            String sql = dialect.addConstraint(constraint.statement().sql());
            if (sql != null) {
                // run only once this heal has added the column (HealRules): a constraint on it cannot be there yet
                steps.add(new HealPlan.Step(new MigrationManifest.Entry(constraint.seq(), constraint.migration(),
                        StatementClassifier.classifyWritten(sql, constraint.statement().line())), table));
            }
        }
        HealPlan plan = new HealPlan(target, steps, Set.of(table), null);
        String schema;
        try {
            schema = dialect.currentSchema(connection);
        } catch (SQLException e) {
            return new HealFailedException("SchemaHeal could not read the session's schema to heal column " + table
                    + "." + column + ": " + e.getMessage(), e);
        }
        return run.run(target, schema, scope -> {
            if (!scope.exists(ObjectType.RELATION, tableName)) {
                return HealPlan.notHealable(table, "the table itself is missing");
            }
            return scope.columnExists(tableName, column) ? null : plan;
        }, scope -> scope.columnExists(tableName, column));
    }

    /** The missing relation an exception (or the exceptions it wraps: a batch's cause) reports, or null. */
    private ObjectName missingRelation(SQLException e, String sql) {
        return firstInChain(e, sql, dialect::missingRelation);
    }

    /** What {@code reader} finds in an exception or, failing that, in the exceptions it wraps (a batch's cause). */
    private static <R> R firstInChain(SQLException e, String sql, BiFunction<SQLException, String, R> reader) {
        SQLException current = e;
        for (int depth = 0; current != null && depth < 4; depth++) {
            R found = reader.apply(current, sql);
            if (found != null) {
                return found;
            }
            current = current.getCause() instanceof SQLException cause ? cause : current.getNextException();
        }
        return null;
    }

    /** See {@link Dialect#batchStatementsDone}. */
    public int batchStatementsDone(java.sql.BatchUpdateException e, int batchSize) {
        return dialect.batchStatementsDone(e, batchSize);
    }

    /** The plan for a relation, checked against the live catalog of {@code c}. */
    public HealPlan plan(String relationKey, Connection c) throws SQLException {
        HealScope scope = new HealScope(c, dialect, manifest, null);
        return planner.plan(relationKey, name -> scope.exists(ObjectType.RELATION, name));
    }

    private void report(String key) {
        if (!REPORTED.add(databaseKey + "\u0000" + key)) {
            return;
        }
        HealListeners.tell(HealPlan.display(key), "reported", java.time.Duration.ZERO);
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
                    HealRun.files(plan.migrations()), plan.steps().size());
        }
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
            if (why == null) {
                HealBackoff.succeeded(backoffKey(), key);
            }
            return why;
        } catch (SQLException e) {
            return new HealFailedException("SchemaHeal could not read the connection's schema: " + e.getMessage(), e);
        }
    }

    /** Creates a missing relation in {@code target}'s schema, with what it needs. Null on success, or why not. */
    private HealFailedException heal(HealRun run, Target target) {
        return run.run(target.key(), target.schema(), scope -> scope.relationExists(target.key())
                        ? null // healed meanwhile by another thread or process
                        : planner.plan(target.key(), name -> scope.exists(ObjectType.RELATION, name)),
                scope -> scope.relationExists(target.key()));
    }

    /**
     * A relation to heal: its manifest key, and the schema the heal's unqualified statements go to (null
     * where the connection has only its own, SQLite).
     */
    private record Target(String key, String schema) {
    }

    /**
     * Where the failing statement looked: a name it qualifies is healed in that schema (from the
     * migrations' definition of that qualified name, else of the bare one); an unqualified name in the
     * session's current schema. Null when the migrations do not define it there, or it is a table a heal
     * never creates.
     */
    private Target resolve(ObjectName missing) throws SQLException {
        Target t = locate(missing);
        if (t == null || t.key().equals(historyKey) || ObjectName.bareKeyOf(t.key()).equals(historyKey)
                || VersionTables.contains(t.key())) {
            return null;
        }
        return t;
    }

    /**
     * The relation whose name the database cut to {@code name} (PostgreSQL keeps 63 bytes of a name), when
     * exactly one relation of the migrations has that cut name; else null.
     */
    private String truncatedName(String name) {
        int max = dialect.maxNameLength();
        if (max <= 0 || name.length() != max) {
            return null;
        }
        String found = null;
        for (String relation : manifest.relations()) {
            if (relation.length() > max && relation.startsWith(name)) {
                if (found != null) {
                    return null;
                }
                found = relation;
            }
        }
        return found;
    }

    private Target locate(ObjectName missing) throws SQLException {
        String bare = missing.bareKey();
        if (missing.schema() != null) {
            if (manifest.knows(missing.key())) {
                return new Target(missing.key(), dialect.currentSchema(connection));
            }
            // the migrations' unqualified name, in the schema the statement named: only where the heal can go there
            return manifest.knows(bare) && dialect.currentSchema(connection) != null ? new Target(bare, missing.schema()) : null;
        }
        String current = dialect.currentSchema(connection);
        if (manifest.knows(bare)) {
            return new Target(bare, current);
        }
        String truncated = truncatedName(bare);
        if (truncated != null) {
            return new Target(truncated, current);
        }
        String qualified = current == null ? null : current.toLowerCase(Locale.ROOT) + "." + bare;
        return qualified != null && manifest.knows(qualified) ? new Target(qualified, current) : null;
    }
}
