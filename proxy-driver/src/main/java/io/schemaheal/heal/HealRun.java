package io.schemaheal.heal;

import io.schemaheal.config.HealSettings;
import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.HealTransaction;
import io.schemaheal.log.HealLog;
import io.schemaheal.manifest.Migration;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.StatementKind;
import io.schemaheal.sql.StatementRewrites;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * One heal of one database, as a template: take the in-process and the database's heal lock (bounded by
 * {@code schemaheal.lock-timeout}), open the heal's transaction in the schema it heals, make the plan
 * from the live catalog under the lock, apply what {@link HealRules} allows, check that the heal did what
 * it was for, record the history row and log the line. Run-time heals and {@code doctor --fix} both run here.
 */
final class HealRun {

    private static final HealLog LOG = HealLog.get();
    private static final String PLAN_SAVEPOINT = "schemaheal_plan";

    /** Makes the plan under the lock, from the live catalog; null when there is nothing left to do. */
    @FunctionalInterface
    interface PlanFactory {
        HealPlan make(HealScope scope) throws SQLException;
    }

    /** Whether the heal achieved what it was for (the relation or column is there now). */
    @FunctionalInterface
    interface Goal {
        /** Completing what exists ({@code doctor --fix}): whatever the rules allow is the whole of it. */
        Goal NONE = scope -> false;

        boolean reached(HealScope scope) throws SQLException;
    }

    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealRules rules;
    private final HealSettings settings;
    private final HealConnections connections;
    private final String databaseKey;
    private final String historyTable;
    private final ForeignKeysLater later;

    HealRun(Dialect dialect, MigrationManifest manifest, HealRules rules, HealSettings settings,
            HealConnections connections, String databaseKey, String historyTable) {
        this.dialect = dialect;
        this.manifest = manifest;
        this.rules = rules;
        this.settings = settings;
        this.connections = connections;
        this.databaseKey = databaseKey;
        this.historyTable = historyTable;
        this.later = new ForeignKeysLater(dialect, connections);
    }

    /** The foreign keys the heals since the last call set aside until the application's transaction ends. */
    List<ForeignKeysLater.SetAside> setAside() {
        return later.take();
    }

    /** Adds the foreign keys of {@code table} (a key) that a heal set aside, and checks its rows against them. */
    HealFailedException addSetAside(String table, String schema, List<HealPlanner.ForeignKeyTo> keys) {
        return run(table, schema, scope -> HealPlan.foreignKeys(table, keys), Goal.NONE);
    }

    /** The same heal, for right after the application's transaction ended: see {@link HealConnections#betweenTransactions}. */
    HealRun betweenTransactions() {
        return new HealRun(dialect, manifest, rules, settings, connections.betweenTransactions(), databaseKey, historyTable);
    }

    /** How a refusal's message begins (its history row says why); a refusal is known by its type, not this text. */
    private static final String REFUSED = "SchemaHeal did not heal ";

    /**
     * Heals under the locks what {@code factory} plans, in {@code schema}. Returns null on success, or why not.
     * {@link HealListeners} are told of each table healed, of a refusal, and of a failure.
     */
    HealFailedException run(String target, String schema, PlanFactory factory, Goal goal) {
        long started = System.nanoTime();
        HealFailedException why = attempt(target, schema, factory, goal);
        if (why != null && !why.isRefusal()) {
            HealListeners.tell(HealPlan.display(target), "failed", Duration.ofNanos(System.nanoTime() - started));
        }
        return why;
    }

    private HealFailedException attempt(String target, String schema, PlanFactory factory, Goal goal) {
        if (connections.separate() == null && needsSeparate()) {
            return new HealFailedException("SchemaHeal does not heal " + HealPlan.display(target) + " here: the heal would need a "
                    + "connection of its own (this one is in a transaction, or schemaheal.heal-user is set), and the "
                    + "agent cannot open one as the application's account without knowing its password; set "
                    + "schemaheal.heal-user and schemaheal.heal-password, or run the statement outside a transaction");
        }
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(settings.lockTimeout());
        if (!dialect.inProcessHealLock() && appMayHoldLocks()) {
            return locked(target, schema, started, deadline, factory, goal);
        }
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
            return locked(target, schema, started, deadline, factory, goal);
        } finally {
            lock.unlock();
        }
    }

    private boolean appMayHoldLocks() {
        try {
            return connections.appMayHoldLocks();
        } catch (SQLException e) {
            return true;
        }
    }

    private boolean needsSeparate() {
        try {
            return dialect.healsOnSeparateConnection(connections);
        } catch (SQLException e) {
            return true; // cannot tell whether the application is in a transaction: do not touch its connection
        }
    }

    private HealFailedException locked(String target, String schema, long started, Instant deadline,
                                       PlanFactory factory, Goal goal) {
        HealScope scope = null;
        try (HealTransaction tx = begin(deadline, schema)) {
            scope = new HealScope(tx.connection(), dialect, manifest, schema);
            HealPlan plan = factory.make(scope);
            if (plan == null) {
                tx.commit();
                return null;
            }
            if (plan.notHealable() != null) {
                return new HealFailedException("SchemaHeal does not heal " + target + ": " + plan.notHealable());
            }
            Set<String> relations = new LinkedHashSet<>(plan.relations());
            relations.add(HealPlan.isColumn(target) ? HealPlan.tableOf(target) : target);
            for (String relation : relations) {
                // a relation the scripts do not say for certain: unreadable, two owners, two names
                String unknown = manifest.refusal(relation);
                String split = manifest.twoNames(relation, schema);
                if (unknown != null || split != null) {
                    return new HealFailedException("SchemaHeal does not heal " + HealPlan.display(target) + ": "
                            + (relation.equals(target) ? "" : "it needs " + relation + ", and ")
                            + (unknown != null ? unknown : split));
                }
            }
            String newer = newerRelease(scope);
            if (newer != null) {
                LOG.warn("did not heal {}: {}", target, newer);
                return new HealFailedException("SchemaHeal does not heal " + target + ": " + newer);
            }
            if (settings.checksums() != null) {
                ChecksumPins.load(settings.checksums()).verify(new ArrayList<>(plan.migrations()));
            }
            List<HealPlan.Step> deferred = new ArrayList<>();
            Outcome outcome = new Outcome(plan, scope.created());
            List<HealHistory.Row> rows;
            try (Statement st = tx.connection().createStatement()) {
                st.execute(dialect.createHistoryTable(historyTable));
                if (dialect.transactionalDdl()) {
                    st.execute("SAVEPOINT " + PLAN_SAVEPOINT);
                } else if (scope.marker() == null) {
                    // DDL commits as it goes: should this heal be cut off, the next connection completes it from here
                    scope.mark(HealMarker.start(tx.connection(), historyTable, plan, schema));
                }
                // from here on the database says what the heal changed of what exists now (begun inside the plan's
                // savepoint, so that rolling back to it takes whatever the watch set up with it)
                scope.watch(dialect.watch(tx.connection(), historyTable, deadline));
                apply(plan, scope, tx, st, deferred, outcome);
                // a change a statement that only defined something new made cannot be laid to it alone: all of it goes
                String late = scope.watch().changedCatalog();
                scope.endWatch();
                String why = late != null ? CHANGED + late
                        : goal != Goal.NONE && !goal.reached(scope) ? outcome.skippedReasons() : null;
                if (why != null) {
                    // what the rules allowed does not make the target, or the database refused it: leave nothing behind
                    if (dialect.transactionalDdl()) {
                        st.execute("ROLLBACK TO SAVEPOINT " + PLAN_SAVEPOINT);
                    }
                    later.forget();
                    HealHistory.insert(tx.connection(), historyTable, outcome.refusal(target, elapsed(started), why));
                    finished(scope);
                    tx.commit();
                    LOG.warn("did not heal {}: {}", target, why);
                    HealListeners.tell(HealPlan.display(target), "refused", Duration.ofMillis(elapsed(started)));
                    return HealFailedException.refused(REFUSED + target + ": " + why);
                }
                if (dialect.transactionalDdl()) {
                    st.execute("RELEASE SAVEPOINT " + PLAN_SAVEPOINT);
                }
                rows = outcome.rows(elapsed(started));
                for (HealHistory.Row row : rows) {
                    HealHistory.insert(tx.connection(), historyTable, row);
                }
                finished(scope);
            } catch (HealFailedException e) {
                scope.endWatch();
                tx.rollback();
                later.forget();
                cutOff(scope, e);
                if (dialect.transactionalDdl() && goal.reached(scope)) {
                    // nothing of this heal is left, yet the relation is there: another session created it meanwhile
                    // (its CREATE committed while ours waited for it), so the statement can run again
                    return null;
                }
                return e;
            }
            tx.commit();
            for (HealHistory.Row row : rows) {
                HealListeners.tell(row.table(), row.outcome().replace(' ', '-'), Duration.ofMillis(row.durationMs()));
            }
            applyDeferred(scope, deferred, outcome, deadline);
            if (outcome.applied() > 0) {
                LOG.warn("{} {}{}: applied {} ({} statements, {} skipped) in {} ms{}",
                        scope.resumed() ? "completed the interrupted heal of" : HealPlan.isColumn(target)
                                ? "healed missing column" : outcome.created().contains(target)
                                ? "healed missing table" : "completed table", HealPlan.display(target),
                        outcome.alsoCreated(target), files(plan.migrations()), outcome.applied(), outcome.skipped(),
                        elapsed(started), outcome.skippedNote());
            }
            later.said();
            return null;
        } catch (HealFailedException e) {
            return e;
        } catch (SQLException e) {
            later.forget();
            if (scope != null) {
                scope.endWatch();
            }
            HealFailedException failed = new HealFailedException("SchemaHeal could not heal " + HealPlan.display(target)
                    + ": " + e.getMessage(), e);
            cutOff(scope, failed);
            return failed;
        }
    }

    /**
     * Why the database is not this application's to heal: its version table records a version newer than every
     * migration the application has (a rolled-back deploy, the old color of a blue/green), so a heal would build an
     * older shape next to the newer release's data. Null when it does not.
     */
    private String newerRelease(HealScope scope) throws SQLException {
        VersionTable versions = VersionTable.find(scope.connection(), dialect);
        String ahead = versions.ahead(manifest);
        return ahead == null ? null : "its version table " + versions.name() + " records version " + ahead
                + ", newer than the newest migration this application has: the database belongs to a newer release, "
                + "and a heal would build an older shape next to its data";
    }

    private static void finished(HealScope scope) throws SQLException {
        if (scope.marker() == null) {
            return;
        }
        if (scope.lost().isEmpty()) {
            scope.marker().finished(scope.connection());
        } else {
            // the interrupted heal's own record stays, saying what became of what it made
            scope.marker().undone(scope.connection(), String.join(", ", scope.lost()) + " was created, but was gone "
                    + "again before the heal was done (dropped by another session meanwhile); the rest was completed");
        }
    }

    /**
     * A heal that stopped halfway where DDL is not transactional. Cut off by the moment (the connection
     * died, a lock was not granted in time, a deadlock), its marker stays {@code started} for the next
     * connection to complete; stopped by the script or the account (a broken statement, a missing right),
     * it is marked {@code failed}, which {@code doctor --fix} completes.
     */
    private void cutOff(HealScope scope, HealFailedException why) {
        if (scope == null || scope.marker() == null) {
            return;
        }
        ObjectName gone = why.getCause() instanceof SQLException cause ? dialect.missingRelation(cause, null) : null;
        if (gone != null && scope.created(gone.bareKey())) {
            scope.marker().undone(scope.connection(), gone.bareKey() + " was created, but was gone again before the heal was "
                    + "done (dropped by another session meanwhile): " + why.getMessage());
            return;
        }
        boolean alive = HealMarker.alive(scope.connection());
        if (!why.momentary(dialect) && alive) {
            scope.marker().failed(scope.connection(), why.getMessage());
        } else if (!alive || !scope.marker().abandonedUntouched(scope.connection())) {
            HealMarker.lookAgain(databaseKey);
        }
    }

    private static long elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    private HealTransaction begin(Instant deadline, String schema) throws HealFailedException {
        try {
            return dialect.begin(connections, historyTable, deadline, schema);
        } catch (SQLException e) {
            throw new HealFailedException("SchemaHeal could not start the heal of " + databaseKey + ": "
                    + e.getMessage(), e);
        }
    }

    /** Runs each statement of the plan that the rules allow; the others are counted as skipped, with why. */
    private void apply(HealPlan plan, HealScope scope, HealTransaction tx, Statement st, List<HealPlan.Step> deferred,
                       Outcome outcome) throws SQLException {
        Set<HealPlan.Step> builtWithTable = new HashSet<>();
        List<HealPlan.Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            HealPlan.Step step = steps.get(i);
            SqlStatement s = step.entry().statement();
            if (builtWithTable.contains(step)) {
                continue; // its index was built by its table's CREATE TABLE
            }
            if (s.nonTransactional() && !createdTableOf(s, scope)) {
                deferred.add(step);
                continue;
            }
            s = later.toRun(step, s, scope);
            HealRules.Verdict verdict = rules.judge(s, scope);
            if (verdict.run()) {
                NewTableIndexes.Fold fold = dialect.buildsIndexesWithNewTable() ? NewTableIndexes.fold(steps, i) : null;
                String changed = execute(tx, st, fold == null ? null : fold.sql(), s, step, plan, scope);
                outcome.count(step, changed);
                if (changed != null) {
                    continue;
                }
                if (fold != null && scope.created(s.object().key())) {
                    for (HealPlan.Step index : fold.steps()) {
                        if (scope.marker() != null) {
                            scope.marker().ran(scope.connection(), index.entry().where(), index.entry().statement().summary(),
                                    null, null);
                        }
                        outcome.count(index, HealRules.Verdict.RUN);
                        builtWithTable.add(index);
                    }
                }
                continue;
            }
            boolean partly = false;
            if (s.kind() == StatementKind.PROCEDURAL) {
                // the block as a whole may not run: its column changes to the relations this heal created still may,
                // in the block's order, each judged just before it runs
                for (SqlStatement part : s.embedded()) {
                    if (scope.created(part.table().key()) && rules.judge(part, scope).run()
                            && execute(tx, st, null, part, step, plan, scope) == null) {
                        partly = true;
                    }
                }
            }
            outcome.count(step, partly ? HealRules.Verdict.RUN : verdict);
        }
        restoreForeignKeys(plan, scope, tx, st, outcome);
        startIdentitiesPastTheirChildren(plan, scope);
    }

    private static final String FOREIGN_KEY_SAVEPOINT = "schemaheal_foreign_key";

    /**
     * Adds back the foreign keys other tables declare to the relations this heal created, which went with
     * them (PostgreSQL {@code DROP TABLE ... CASCADE}), without checking those tables' rows. One that cannot be
     * added (a lock not granted in time, rows the database will not accept) is skipped with the reason; the
     * relation is healed all the same, and the doctor reports the key missing.
     */
    private void restoreForeignKeys(HealPlan plan, HealScope scope, HealTransaction tx, Statement st, Outcome outcome)
            throws SQLException {
        for (String relation : List.copyOf(scope.created())) {
            if (!plan.relations().contains(relation)) {
                continue;
            }
            for (HealPlanner.ForeignKeyTo fk : rules.foreignKeysToRestore(relation, scope)) {
                String sql = dialect.addForeignKey(fk.child(), fk.key().name(), fk.key().columns(), fk.key().references());
                if (sql == null) {
                    return; // this database never loses them
                }
                String unpinned = unpinned(fk);
                if (unpinned != null) {
                    outcome.count(step(fk, sql, relation), "the foreign key of " + fk.child() + " to " + relation
                            + " is not added back: " + unpinned + "; the doctor reports it missing");
                } else {
                    addForeignKey(fk, relation, false, plan, scope, tx, st, outcome);
                }
            }
        }
        for (HealPlanner.ForeignKeyTo fk : plan.foreignKeys()) {
            ObjectName parent = fk.key().parent();
            if (!scope.exists(io.schemaheal.dialect.ObjectType.RELATION, fk.child())
                    || !scope.exists(io.schemaheal.dialect.ObjectType.RELATION, parent)) {
                outcome.count(step(fk, "", fk.child().key()), "the foreign key of " + fk.child() + " to " + parent
                        + " is not added: one of the two tables is gone");
            } else if (scope.foreignKeyExists(fk.child(), fk.key().columns(), parent)) {
                outcome.count(step(fk, "", fk.child().key()), HealRules.Verdict.done("already there"));
            } else {
                addForeignKey(fk, fk.child().key(), true, plan, scope, tx, st, outcome);
            }
        }
    }

    /**
     * Adds one foreign key without checking the rows (then, with {@code validate}, checks them), under a savepoint: one
     * that cannot be added (a lock not granted in time, rows the database will not accept) is skipped with the reason.
     */
    private void addForeignKey(HealPlanner.ForeignKeyTo fk, String relation, boolean validate, HealPlan plan,
                                  HealScope scope, HealTransaction tx, Statement st, Outcome outcome) throws SQLException {
        String sql = dialect.addForeignKey(fk.child(), fk.key().name(), fk.key().columns(), fk.key().references());
        if (sql == null) {
            outcome.count(step(fk, "", relation), "this database cannot add a foreign key to an existing table");
            return;
        }
        HealPlan.Step add = step(fk, sql, relation);
        if (dialect.transactionalDdl()) {
            st.execute("SAVEPOINT " + FOREIGN_KEY_SAVEPOINT);
        }
        String what = "the foreign key of " + fk.child() + " to " + fk.key().parent();
        String changed = underSavepoint(add, plan, scope, tx, st, what + " could not be added");
        outcome.count(add, changed);
        String check = changed != null || !validate ? null : dialect.validateForeignKey(scope.connection(), fk.child(),
                fk.key().columns(), fk.key().parent().inSchema(scope.schema()));
        if (check != null) {
            // the key stays, holding every new row, even when the rows written meanwhile do not all pass
            HealPlan.Step validation = step(fk, check, relation);
            outcome.count(validation, underSavepoint(validation, plan, scope, tx, st, what + " was added, but the rows "
                    + "written before it were not all accepted"));
        }
    }

    /** Runs a foreign key's statement under a savepoint: null when it ran and stays, else why it was taken back. */
    private String underSavepoint(HealPlan.Step step, HealPlan plan, HealScope scope, HealTransaction tx, Statement st,
                                  String failed) throws SQLException {
        if (dialect.transactionalDdl()) {
            st.execute("SAVEPOINT " + FOREIGN_KEY_SAVEPOINT);
        }
        try {
            String changed = execute(tx, st, null, step.entry().statement(), step, plan, scope);
            if (dialect.transactionalDdl()) {
                st.execute("RELEASE SAVEPOINT " + FOREIGN_KEY_SAVEPOINT);
            }
            return changed;
        } catch (HealFailedException e) {
            if (dialect.transactionalDdl()) {
                st.execute("ROLLBACK TO SAVEPOINT " + FOREIGN_KEY_SAVEPOINT);
            }
            return failed + " (" + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                    + "); the doctor reports it";
        }
    }

    /** A step of the heal that runs {@code sql} for the foreign key, counted as the migration that declares it. */
    private static HealPlan.Step step(HealPlanner.ForeignKeyTo fk, String sql, String relation) {
        SqlStatement s = sql.isEmpty() ? fk.entry().statement() : StatementClassifier.classifyWritten(sql, fk.entry().statement().line());
        return new HealPlan.Step(new MigrationManifest.Entry(fk.entry().seq(), fk.entry().migration(), s), relation);
    }

    /**
     * A table this heal created whose end state other tables' foreign keys reference: its identity or serial
     * sequence starts past every value their rows still hold, so that a new row never inherits the children of a
     * row that was lost with the table (a new pet 1 would own the old pet 1's visits).
     */
    private void startIdentitiesPastTheirChildren(HealPlan plan, HealScope scope) throws SQLException {
        for (String relation : List.copyOf(scope.created())) {
            if (!plan.relations().contains(relation)) {
                continue;
            }
            Map<ObjectName, List<ObjectName[]>> byColumn = new LinkedHashMap<>();
            for (HealPlanner.ForeignKeyTo fk : rules.planner().foreignKeysTo(relation)) {
                List<ObjectName> referenced = fk.key().referencedColumns();
                if (fk.key().columns().size() != 1 || referenced.size() != 1 || scope.created(fk.child().key())
                        || !scope.exists(io.schemaheal.dialect.ObjectType.RELATION, fk.child())) {
                    continue;
                }
                byColumn.computeIfAbsent(referenced.get(0), k -> new ArrayList<>()).add(new ObjectName[] {
                        fk.child().inSchema(scope.schema), ObjectName.written(fk.key().columns().get(0))});
            }
            for (Map.Entry<ObjectName, List<ObjectName[]>> e : byColumn.entrySet()) {
                dialect.startPast(scope.connection(), manifest.name(relation).inSchema(scope.schema), e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Why the scripts a restored foreign key is read from may not be used ({@code schemaheal.checksums}): the one that
     * declares it and every one of its child table's history (a later script may alter the key). Null when they are
     * pinned, or nothing is pinned.
     */
    private String unpinned(HealPlanner.ForeignKeyTo fk) {
        if (settings.checksums() == null) {
            return null;
        }
        Set<Migration> read = new LinkedHashSet<>();
        read.add(fk.entry().migration());
        for (MigrationManifest.Entry e : manifest.about(fk.child().key())) {
            read.add(e.migration());
        }
        try {
            ChecksumPins.load(settings.checksums()).verify(new ArrayList<>(read));
            return null;
        } catch (HealFailedException e) {
            return e.getMessage();
        }
    }

    /**
     * A statement that only defines something new and reads no existing row: a plain {@code CREATE TABLE}; an index,
     * a trigger or an {@code ALTER TABLE} of a table this heal created (empty, and no object of it existed before).
     * Its catalog check may wait for the one before commit ({@link ChangeWatch#changedRows}); its rows are looked at.
     */
    private static boolean definesOnlyNew(SqlStatement s, HealScope scope) {
        return s.definesOnlyNew() || (s.kind() == StatementKind.CREATE_INDEX || s.kind() == StatementKind.CREATE_TRIGGER
                || s.kind() == StatementKind.ALTER_TABLE) && s.table() != null && scope.created(s.table().key());
    }

    /** {@code CREATE INDEX CONCURRENTLY} on a table this heal created: it is empty, so the index is built at once. */
    private static boolean createdTableOf(SqlStatement s, HealScope scope) {
        return s.kind() == StatementKind.CREATE_INDEX && s.table() != null && scope.created(s.table().key());
    }

    /** What a statement that the database caught changing what existed before is skipped with: it was undone. */
    private static final String CHANGED = "the database showed that it changed what existed before the heal, so it was undone: ";

    private static final String STATEMENT_SAVEPOINT = "schemaheal_statement";

    /**
     * Runs one statement of the plan and asks the watch what it changed. Returns null when it ran and stays, or
     * the reason it was undone (it changed what existed before the heal): then it counts as skipped.
     *
     * @param sql the text to run in place of the statement's own (a CREATE TABLE with its indexes), or null
     */
    private String execute(HealTransaction tx, Statement st, String sql, SqlStatement s, HealPlan.Step step, HealPlan plan,
                           HealScope scope) throws SQLException {
        if (sql == null) {
            sql = createdTableOf(s, scope) && s.nonTransactional() ? StatementRewrites.withoutConcurrently(s.sql()) : s.sql();
        }
        sql = StatementRewrites.withoutDefiner(sql);
        HealMarker marker = scope.marker();
        Connection c = scope.connection();
        // where DDL is transactional, a statement the watch objects to is taken back alone; where it is not (MariaDB),
        // a data statement and the line that says it ran commit together (rows: never inserted twice), or not at all
        boolean savepoint = marker == null && dialect.transactionalDdl();
        boolean together = marker != null && s.kind() == StatementKind.DATA;
        if (together) {
            c.setAutoCommit(false);
        }
        try {
            if (savepoint) {
                st.execute("SAVEPOINT " + STATEMENT_SAVEPOINT);
            }
            String changed = run(tx, st, sql, s, step, plan, scope.watch(), definesOnlyNew(s, scope));
            if (changed != null) {
                if (savepoint) {
                    st.execute("ROLLBACK TO SAVEPOINT " + STATEMENT_SAVEPOINT);
                } else if (together) {
                    c.rollback();
                }
                return CHANGED + changed;
            }
            if (savepoint) {
                st.execute("RELEASE SAVEPOINT " + STATEMENT_SAVEPOINT);
            }
            int before = scope.created().size();
            scope.ran(s);
            if (marker != null) {
                boolean created = scope.created().size() > before;
                marker.ran(c, step.entry().where(), s.summary(), created ? s.object().key() : null,
                        created ? dialect.incarnation(c, s.object().inSchema(scope.schema())) : null);
            }
            if (together) {
                c.commit();
            }
            return null;
        } catch (SQLException e) {
            if (together) {
                quietly(c::rollback);
            }
            throw e;
        } finally {
            if (together) {
                quietly(() -> c.setAutoCommit(true));
            }
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    /** For clean-up on a connection that may be gone: the failure that got here is what counts. */
    private static void quietly(SqlAction action) {
        try {
            action.run();
        } catch (SQLException ignored) {
            // reported by the failure being handled
        }
    }

    /** Runs the statement; returns what the watch says it changed of what existed before, or null. */
    private String run(HealTransaction tx, Statement st, String sql, SqlStatement s, HealPlan.Step step, HealPlan plan,
                       ChangeWatch watch, boolean definesOnlyNew) throws HealFailedException {
        try {
            tx.beforeStatement();
            while (true) {
                try {
                    long rows = st.execute(sql) ? -1 : st.getUpdateCount();
                    return definesOnlyNew ? watch.changedRows(rows) : watch.changed(rows);
                } catch (SQLException e) {
                    String stopped = watch.stopped(e);
                    if (stopped != null) {
                        return stopped;
                    }
                    if (!tx.again(e)) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new HealFailedException("SchemaHeal could not heal " + plan.target() + ": statement at "
                    + step.entry().where() + " failed: " + s.summary() + ": " + e.getMessage()
                    + (dialect.transactionalDdl() ? "; nothing was applied"
                    : "; the statements before it stay applied; doctor --fix completes the rest"), e);
        }
    }

    /**
     * Statements that cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}) run after the commit, each
     * bounded by what is left of schemaheal.lock-timeout ({@link Dialect#runOutsideTransaction}). One that does not
     * finish in time is left to {@code doctor --fix}: the table it is for is there, and the heal stands.
     */
    private void applyDeferred(HealScope scope, List<HealPlan.Step> deferred, Outcome outcome, Instant deadline)
            throws SQLException {
        for (HealPlan.Step step : deferred) {
            SqlStatement s = step.entry().statement();
            if (!scope.connection().getAutoCommit()) {
                outcome.count(step, "it cannot run inside the application's transaction; doctor --fix adds it");
                continue;
            }
            HealRules.Verdict verdict = rules.judge(s, scope);
            String skipped = verdict.reason();
            if (verdict.run()) {
                try {
                    dialect.runOutsideTransaction(scope.connection(), s.sql(),
                            s.object() == null ? null : s.object().indexOn(s.table()), scope.schema, deadline);
                } catch (SQLException e) {
                    if (!dialect.momentary(e)) {
                        throw e;
                    }
                    skipped = "it did not finish within schemaheal.lock-timeout (" + e.getMessage() + "); doctor --fix adds it";
                }
            }
            outcome.count(step, skipped);
        }
    }

    static String files(Set<Migration> migrations) {
        return migrations.stream().map(Migration::fileName).collect(Collectors.joining(", "));
    }

    /** What a heal did, per relation, for the history rows and the log line. */
    private static final class Outcome {
        private final HealPlan plan;
        private final Map<String, int[]> counts = new LinkedHashMap<>();
        private final Map<String, Set<Migration>> migrations = new LinkedHashMap<>();
        private final Map<String, StringBuilder> detail = new LinkedHashMap<>();
        private final Map<String, String> reasons = new LinkedHashMap<>();
        private final Set<String> created;

        /** @param created the relations the heal creates, as it goes */
        Outcome(HealPlan plan, Set<String> created) {
            this.plan = plan;
            this.created = created;
        }

        /** @param skippedBecause null when the statement ran */
        void count(HealPlan.Step step, String skippedBecause) {
            count(step, skippedBecause, false);
        }

        /** As the rules said: run, skipped with a reason, or done already (no news). */
        void count(HealPlan.Step step, HealRules.Verdict verdict) {
            count(step, verdict.reason(), verdict.done());
        }

        private void count(HealPlan.Step step, String skippedBecause, boolean done) {
            boolean applied = skippedBecause == null;
            counts.computeIfAbsent(step.relation(), k -> new int[2])[applied ? 0 : 1]++;
            migrations.computeIfAbsent(step.relation(), k -> new LinkedHashSet<>()).add(step.entry().migration());
            StringBuilder d = detail.computeIfAbsent(step.relation(), k -> new StringBuilder())
                    .append(applied ? "applied " : "skipped ").append(step.entry().where()).append(' ')
                    .append(step.entry().statement().summary());
            if (!applied) {
                d.append(" -- ").append(skippedBecause);
                if (!done) {
                    reasons.put(step.entry().where(), step.entry().statement().summary() + ": " + skippedBecause);
                }
            }
            d.append('\n');
        }

        Set<String> created() {
            return created;
        }

        int applied() {
            return counts.values().stream().mapToInt(c -> c[0]).sum();
        }

        int skipped() {
            return counts.values().stream().mapToInt(c -> c[1]).sum();
        }

        /** Every statement the rules would not run, with why (those already there are not news). */
        String skippedReasons() {
            String skipped = skippedList();
            if (created.contains(plan.target())) {
                // where DDL commits as it goes, another session can drop what the heal created before it is done
                // (the statements after that then find no table)
                return "it was created, but was gone again when the heal checked it (dropped by another session "
                        + "meanwhile)" + (skipped.isEmpty() ? "" : "; " + skipped);
            }
            return reasons.isEmpty() ? "its plan did not create it" : skipped;
        }

        /** "; skipped v2.sql:3 ...: why" for the log line, when a statement was skipped for a reason of its own. */
        String skippedNote() {
            return reasons.isEmpty() ? "" : "; " + skippedList();
        }

        private String skippedList() {
            return reasons.entrySet().stream().map(e -> "skipped " + e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining("; "));
        }

        /** " (and chat_sessions, which it needs)" when the heal also created other relations. */
        String alsoCreated(String target) {
            List<String> others = created.stream().filter(r -> !r.equals(target)).toList();
            return others.isEmpty() ? "" : " (and " + String.join(", ", others) + ", which it needs)";
        }

        HealHistory.Row refusal(String target, long durationMs, String why) {
            Set<Migration> ms = plan.migrations();
            return new HealHistory.Row(HealPlan.display(target), files(ms), checksums(ms), 0, skipped(), durationMs,
                    "refused", why);
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
                rows.add(new HealHistory.Row(relation, files(ms), checksums(ms), c[0], c[1], durationMs,
                        created.contains(relation) ? "healed" : HealPlan.isColumn(plan.target()) ? "healed column" : "completed",
                        detail.getOrDefault(relation, new StringBuilder()).toString()));
            }
            return rows;
        }

        private static String checksums(Set<Migration> ms) {
            return ms.stream().map(m -> m.fileName() + "=" + m.sha256()).collect(Collectors.joining(", "));
        }
    }
}
