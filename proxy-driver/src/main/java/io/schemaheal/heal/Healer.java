package io.schemaheal.heal;

import io.schemaheal.config.HealSettings;
import io.schemaheal.config.Mode;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.HealTransaction;
import io.schemaheal.dialect.MissingColumn;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.manifest.Migration;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.VersionTables;
import io.schemaheal.log.HealLog;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.ScriptStatement;
import io.schemaheal.sql.SqlLexer;
import io.schemaheal.sql.SqlParseException;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.StatementKind;
import io.schemaheal.sql.StatementTables;
import io.schemaheal.sql.Token;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

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

    /**
     * Per database, the SQL texts that have run successfully under a guard savepoint: they run without
     * one from then on, which keeps the savepoint's cost to the first execution of each statement.
     */
    private static final Map<String, Set<String>> KNOWN_GOOD = new ConcurrentHashMap<>();
    private static final int KNOWN_GOOD_LIMIT = 10_000;

    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealPlanner planner;
    private final HealSettings settings;
    private final Connection connection;
    private final HealConnections connections;
    private final String databaseKey;
    private final boolean guards;
    private final Set<String> knownGood;
    private final String historyTable;
    private final String historyKey;

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
        this.guards = dialect.errorAbortsTransaction();
        this.knownGood = guards ? KNOWN_GOOD.computeIfAbsent(databaseKey, k -> ConcurrentHashMap.newKeySet()) : Set.of();
        this.historyTable = quoteQualified(dialect, settings.historyTable());
        String h = settings.historyTable();
        this.historyKey = ObjectName.of(h.substring(h.lastIndexOf('.') + 1)).key();
    }

    private static String quoteQualified(Dialect dialect, String name) {
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
        if (!guards || connection.getAutoCommit() || knownGood.contains(sql)) {
            return null;
        }
        return connection.setSavepoint();
    }

    /** The guarded statement succeeded: its savepoint is released, and its SQL needs none again. */
    public void passed(Savepoint guard, String sql) throws SQLException {
        if (guard != null) {
            connection.releaseSavepoint(guard);
            remember(sql);
        }
    }

    private void remember(String sql) {
        if (knownGood.size() < KNOWN_GOOD_LIMIT) {
            knownGood.add(sql);
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
        Attempt attempt = new Attempt(original, !guards || guard != null || connection.getAutoCommit());
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
                    remember(sql);
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
        return new Attempt(original, !guards || connection.getAutoCommit());
    }

    /**
     * The healing state of one application call, across its retries: which tables it healed, and its
     * original exception. {@link #afterFailure} is one step of the loop that the proxy driver runs around
     * the call and that the agent's advice runs by repeating the driver's method.
     */
    public final class Attempt {
        private final SQLException original;
        private final boolean canRetry;
        private final Set<String> healed = new HashSet<>();

        private Attempt(SQLException original, boolean canRetry) {
            this.original = original;
            this.canRetry = canRetry;
        }

        /**
         * Called with the latest failure of the call: heals what it says is missing and returns null when
         * the call should run again, or the exception to throw.
         */
        public SQLException afterFailure(SQLException failure, String sql) {
            if (HealFailedException.isHandled(failure)) {
                return failure;
            }
            ObjectName missing = missingRelation(failure, sql);
            String key;
            String column = null;
            if (missing != null) {
                key = missing.key();
                if (!manifest.knows(key) || key.equals(historyKey) || VersionTables.contains(key)) {
                    return failure;
                }
            } else {
                MissingColumn mc = missingColumn(failure, sql);
                String table = mc == null ? null : tableOfColumn(mc, sql);
                if (table == null) {
                    return failure; // not a missing column, or one whose table is unknown or ambiguous: no guessing
                }
                column = mc.column();
                key = table + "." + column.toLowerCase(Locale.ROOT);
            }
            if (healed.contains(key)) {
                original.addSuppressed(new HealFailedException("SchemaHeal healed " + key
                        + " but the statement still reports it missing; not retrying again", failure));
                return original;
            }
            if (healed.size() >= MAX_RELATIONS_PER_CALL) {
                failure.addSuppressed(new HealFailedException("SchemaHeal healed " + healed.size()
                        + " tables for this statement, the most it heals for one call; not healing " + key));
                return failure;
            }
            if (settings.mode() == Mode.REPORT) {
                if (column == null) {
                    report(key);
                } else if (REPORTED.add(databaseKey + "\u0000" + key)) {
                    LOG.warn("would heal missing column {} [schemaheal.mode=report]", key);
                }
                return failure;
            }
            HealFailedException why = column == null ? heal(key) : healColumn(key.substring(0, key.lastIndexOf('.')), column);
            if (why != null) {
                failure.addSuppressed(why);
                return failure;
            }
            if (!canRetry) {
                failure.addSuppressed(new HealFailedException("SchemaHeal healed " + key + ", but the error had already "
                        + "aborted this transaction, so the statement was not run again; roll back and run the transaction again"));
                return failure;
            }
            healed.add(key);
            return null;
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

    /** Adds one missing column, as its migration defines it, under the same lock and history as a table. */
    private HealFailedException healColumn(String table, String column) {
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
            entry = new MigrationManifest.Entry(entry.seq(), entry.migration(), StatementClassifier.classify(
                    new ScriptStatement(sql, entry.statement().line(), tokens(sql))));
        }
        HealPlan plan = new HealPlan(table + "." + column, List.of(new HealPlan.Step(entry, table)), Set.of(table), null);
        return heal(table + "." + column, c -> {
            if (!dialect.exists(c, ObjectType.RELATION, tableName, null)) {
                return HealPlan.notHealable(table, "the table itself is missing");
            }
            return dialect.columnExists(c, tableName, column) ? null : plan;
        });
    }

    private static List<Token> tokens(String sql) {
        try {
            return SqlLexer.tokenize(sql);
        } catch (SqlParseException e) {
            throw new IllegalStateException("cannot read the column definition " + sql, e);
        }
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
        return planner.plan(relationKey, name -> dialect.exists(c, ObjectType.RELATION, name, null));
    }

    private void report(String key) {
        if (!REPORTED.add(databaseKey + "\u0000" + key)) {
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
                    files(plan.migrations()), plan.steps().size());
        }
    }

    /**
     * Brings one relation to its end state, as {@code doctor --fix} does: creates it when it is missing,
     * otherwise adds whatever of it is missing (columns, indexes, triggers), each statement guarded, under
     * the same locks and history as a run-time heal. Returns null on success, or why it was not healed.
     */
    public HealFailedException healOrComplete(String key) {
        return heal(key, true);
    }

    private HealFailedException heal(String key) {
        return heal(key, false);
    }

    private HealFailedException heal(String key, boolean completeExisting) {
        return heal(key, c -> !completeExisting && dialect.exists(c, ObjectType.RELATION, ObjectName.of(key), null)
                ? null // healed meanwhile by another thread or process
                : plan(key, c));
    }

    /** Makes the plan under the lock, from the live catalog; null when there is nothing left to do. */
    @FunctionalInterface
    private interface PlanFactory {
        HealPlan make(Connection c) throws SQLException;
    }

    /** Heals under the locks what {@code factory} plans. Returns null on success, or why it was not healed. */
    private HealFailedException heal(String key, PlanFactory factory) {
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(settings.lockTimeout());
        ReentrantLock lock = HealLocks.of(databaseKey);
        try {
            if (!lock.tryLock(settings.lockTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return new HealFailedException("SchemaHeal did not acquire the in-process heal lock for " + databaseKey
                        + " within " + settings.lockTimeout().toMillis() + " ms (schemaheal.lock-timeout); "
                        + "another thread is still healing this database");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealFailedException("interrupted while waiting for the heal lock", e);
        }
        try {
            return healLocked(key, started, deadline, factory);
        } finally {
            lock.unlock();
        }
    }

    private HealFailedException healLocked(String key, long started, Instant deadline, PlanFactory factory) {
        List<HealPlan.Step> deferred = new ArrayList<>();
        Outcome outcome;
        try (HealTransaction tx = begin(deadline)) {
            Connection c = tx.connection();
            HealPlan plan = factory.make(c);
            if (plan == null) {
                tx.commit();
                return null;
            }
            if (plan.notHealable() != null) {
                return new HealFailedException("SchemaHeal does not heal " + key + ": " + plan.notHealable());
            }
            if (settings.checksums() != null) {
                ChecksumPins.load(settings.checksums()).verify(new ArrayList<>(plan.migrations()));
            }
            try (Statement st = c.createStatement()) {
                st.execute(dialect.createHistoryTable(historyTable));
                outcome = apply(plan, c, st, deferred);
                long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
                for (HealHistory.Row row : outcome.rows(ms)) {
                    HealHistory.insert(c, historyTable, row);
                }
            } catch (HealFailedException e) {
                tx.rollback();
                return e;
            }
            tx.commit();
            applyDeferred(tx.connection(), deferred, outcome);
            long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
            if (outcome.applied() > 0) {
                LOG.warn("{} {}{}: applied {} ({} statements, {} skipped) in {} ms",
                        key.contains(".") ? "healed missing column" : outcome.created.contains(key) ? "healed missing table"
                                : "completed table", key,
                        outcome.alsoCreated(key), files(plan.migrations()), outcome.applied(), outcome.skipped(), ms);
            }
            return null;
        } catch (HealFailedException e) {
            return e;
        } catch (SQLException e) {
            return new HealFailedException("SchemaHeal could not heal " + key + ": " + e.getMessage(), e);
        }
    }

    private HealTransaction begin(Instant deadline) throws HealFailedException {
        try {
            return dialect.begin(connections, historyTable, deadline);
        } catch (SQLException e) {
            throw new HealFailedException("SchemaHeal did not acquire the heal lock of " + databaseKey + " within "
                    + settings.lockTimeout().toMillis() + " ms (schemaheal.lock-timeout): " + e.getMessage(), e);
        }
    }

    /** Runs the plan's statements, each behind its guard. */
    private Outcome apply(HealPlan plan, Connection c, Statement st, List<HealPlan.Step> deferred)
            throws SQLException {
        Outcome outcome = new Outcome(plan);
        for (HealPlan.Step step : plan.steps()) {
            SqlStatement s = step.entry().statement();
            if (s.nonTransactional()) {
                deferred.add(step);
                continue;
            }
            boolean run = shouldRun(s, c, outcome.created);
            if (run) {
                execute(st, s, step, plan, outcome);
            } else if (s.kind() == StatementKind.PROCEDURAL && !s.destructive()) {
                // the block writes tables this heal did not create: apply only its column changes to the new
                // ones, in the block's order, each guard checked just before its statement runs
                for (SqlStatement part : s.embedded()) {
                    if (outcome.created.contains(part.table().key()) && shouldAlter(part, c, outcome.created)) {
                        execute(st, part, step, plan, outcome);
                        run = true;
                    }
                }
            }
            outcome.count(step, run);
        }
        return outcome;
    }

    private void execute(Statement st, SqlStatement s, HealPlan.Step step, HealPlan plan, Outcome outcome)
            throws HealFailedException {
        try {
            st.execute(s.sql());
        } catch (SQLException e) {
            throw new HealFailedException("SchemaHeal could not heal " + plan.target() + ": statement at "
                    + step.entry().where() + " failed: " + s.summary() + ": " + e.getMessage()
                    + (dialect.transactionalDdl() ? "; nothing was applied"
                    : "; the statements before it stay applied and the next heal completes the rest"), e);
        }
        markCreated(s, outcome.created);
    }

    /** Statements that cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}) run after the commit. */
    private void applyDeferred(Connection c, List<HealPlan.Step> deferred, Outcome outcome) throws SQLException {
        if (deferred.isEmpty()) {
            return;
        }
        try (Statement st = c.createStatement()) {
            for (HealPlan.Step step : deferred) {
                SqlStatement s = step.entry().statement();
                boolean run = shouldRun(s, c, outcome.created);
                if (run) {
                    st.execute(s.sql());
                }
                outcome.count(step, run);
            }
        }
    }

    /** The guard of one statement: false when the object it makes is already there or it is not wanted. */
    private boolean shouldRun(SqlStatement s, Connection c, Set<String> created) throws SQLException {
        ObjectName object = s.object();
        ObjectName table = s.table();
        return switch (s.kind()) {
            case CREATE_TABLE, CREATE_VIRTUAL_TABLE, CREATE_VIEW, CREATE_MATERIALIZED_VIEW ->
                    !exists(c, ObjectType.RELATION, object, null);
            case CREATE_INDEX -> table != null && (object == null
                    ? created.contains(table.key())
                    : !exists(c, ObjectType.INDEX, object, table) && exists(c, ObjectType.RELATION, table, null));
            case CREATE_TRIGGER -> table != null && !exists(c, ObjectType.TRIGGER, object, table)
                    && exists(c, ObjectType.RELATION, table, null);
            case CREATE_TYPE -> !exists(c, ObjectType.TYPE, object, null);
            case CREATE_SEQUENCE -> !exists(c, ObjectType.SEQUENCE, object, null);
            case CREATE_FUNCTION -> !exists(c, ObjectType.FUNCTION, object, null);
            case ALTER_TABLE -> shouldAlter(s, c, created);
            case DATA -> created.contains(table.key()) && !VersionTables.contains(table.key()) && onlyCreated(s, created);
            // a DO block runs only when every table it writes was created by this heal, and never when it deletes
            case PROCEDURAL -> !s.destructive() && s.objects().stream().allMatch(o -> created.contains(o.key()));
            default -> false;
        };
    }

    /** True when every relation of the manifest that the statement mentions was created by this heal. */
    private boolean onlyCreated(SqlStatement s, Set<String> created) {
        return s.references().stream().filter(manifest::knows).allMatch(created::contains);
    }

    private boolean exists(Connection c, ObjectType type, ObjectName name, ObjectName table) throws SQLException {
        return dialect.exists(c, type, name, table);
    }

    /**
     * ADD COLUMN runs when a column is missing; RENAME when the source is there and the target is not;
     * anything else (ADD CONSTRAINT, ALTER COLUMN, and DROP COLUMN, which only ever removes a column from a
     * table this heal itself created, in the same transaction) only on a table created by this heal.
     */
    private boolean shouldAlter(SqlStatement s, Connection c, Set<String> created) throws SQLException {
        ObjectName table = s.table();
        List<AlterAction> actions = s.actions();
        for (AlterAction a : actions) {
            if (a.type() == AlterAction.Type.RENAME_TABLE) {
                return a.newName() != null && exists(c, ObjectType.RELATION, table, null)
                        && !exists(c, ObjectType.RELATION, a.newName(), null);
            }
        }
        if (!exists(c, ObjectType.RELATION, table, null)) {
            return false;
        }
        if (!actions.isEmpty() && actions.stream().allMatch(a -> a.type() == AlterAction.Type.ADD_COLUMN)) {
            for (AlterAction a : actions) {
                if (a.column() != null && !dialect.columnExists(c, table, a.column())) {
                    return true;
                }
            }
            return false;
        }
        if (actions.size() == 1 && actions.get(0).type() == AlterAction.Type.DROP_COLUMN) {
            // only ever on a table this heal created, in its own transaction: no existing data is touched
            return created.contains(table.key()) && dialect.columnExists(c, table, actions.get(0).column());
        }
        if (actions.size() == 1 && actions.get(0).type() == AlterAction.Type.RENAME_COLUMN) {
            AlterAction a = actions.get(0);
            return dialect.columnExists(c, table, a.column()) && !dialect.columnExists(c, table, a.newName().name());
        }
        return created.contains(table.key());
    }

    private static void markCreated(SqlStatement s, Set<String> created) {
        if (s.kind().createsTable() || s.kind() == StatementKind.CREATE_VIEW
                || s.kind() == StatementKind.CREATE_MATERIALIZED_VIEW) {
            created.add(s.object().key());
        } else if (s.kind() == StatementKind.ALTER_TABLE) {
            for (AlterAction a : s.actions()) {
                if (a.type() == AlterAction.Type.RENAME_TABLE && a.newName() != null && created.remove(s.table().key())) {
                    created.add(a.newName().key());
                }
            }
        }
    }

    private static String files(Set<Migration> migrations) {
        return migrations.stream().map(Migration::fileName).collect(Collectors.joining(", "));
    }

    /** What a heal did, per relation, for the history rows and the log line. */
    private static final class Outcome {
        final Set<String> created = new LinkedHashSet<>();
        private final HealPlan plan;
        private final Map<String, int[]> counts = new LinkedHashMap<>();
        private final Map<String, Set<Migration>> migrations = new LinkedHashMap<>();
        private final Map<String, StringBuilder> detail = new LinkedHashMap<>();

        Outcome(HealPlan plan) {
            this.plan = plan;
        }

        void count(HealPlan.Step step, boolean applied) {
            counts.computeIfAbsent(step.relation(), k -> new int[2])[applied ? 0 : 1]++;
            migrations.computeIfAbsent(step.relation(), k -> new LinkedHashSet<>()).add(step.entry().migration());
            detail.computeIfAbsent(step.relation(), k -> new StringBuilder())
                    .append(applied ? "applied " : "skipped ").append(step.entry().where()).append(' ')
                    .append(step.entry().statement().summary()).append('\n');
        }

        int applied() {
            return counts.values().stream().mapToInt(c -> c[0]).sum();
        }

        int skipped() {
            return counts.values().stream().mapToInt(c -> c[1]).sum();
        }

        /** " (and chat_sessions, which it needs)" when the heal also created other relations. */
        String alsoCreated(String target) {
            List<String> others = created.stream().filter(r -> !r.equals(target)).toList();
            return others.isEmpty() ? "" : " (and " + String.join(", ", others) + ", which it needs)";
        }

        List<HealHistory.Row> rows(long durationMs) {
            List<HealHistory.Row> rows = new ArrayList<>();
            Set<String> changed = new LinkedHashSet<>(created);
            counts.forEach((relation, c) -> {
                if (c[0] > 0) {
                    changed.add(relation); // completed by the doctor: columns, indexes or triggers added
                }
            });
            for (String relation : changed) {
                if (!plan.relations().contains(relation)) {
                    continue;
                }
                int[] c = counts.getOrDefault(relation, new int[2]);
                Set<Migration> ms = migrations.getOrDefault(relation, Set.of());
                rows.add(new HealHistory.Row(relation, files(ms),
                        ms.stream().map(m -> m.fileName() + "=" + m.sha256()).collect(Collectors.joining(", ")),
                        c[0], c[1], durationMs, created.contains(relation) ? "healed"
                        : plan.target().contains(".") ? "healed column" : "completed",
                        detail.getOrDefault(relation, new StringBuilder()).toString()));
            }
            return rows;
        }
    }
}
