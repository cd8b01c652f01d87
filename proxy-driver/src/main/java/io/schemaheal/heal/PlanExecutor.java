package io.schemaheal.heal;

import io.schemaheal.dialect.Deadline;
import io.schemaheal.config.HealSettings;
import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealTransaction;
import io.schemaheal.log.Redact;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;
import io.schemaheal.sql.StatementRewrites;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one heal's plan, once {@link HealRun} holds the locks and has opened the heal's transaction: each statement
 * the rules allow, asked of the database's watch after it ran; the foreign keys other tables had to what it created;
 * the identities those tables' rows require; what must wait for the commit. One per run: it holds the transaction,
 * the plan, the scope and the outcome that every step shares.
 */
final class PlanExecutor {

    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealRules rules;
    private final HealSettings settings;
    private final ForeignKeysLater later;
    private final HealTransaction tx;
    private final Statement st;
    private final HealPlan plan;
    private final HealScope scope;
    private final HealOutcome outcome;
    /** Statements that cannot run in a transaction, for {@link #applyDeferred} after the commit. */
    private final List<HealPlan.Step> deferred = new ArrayList<>();

    PlanExecutor(Dialect dialect, MigrationManifest manifest, HealRules rules, HealSettings settings, ForeignKeysLater later,
                 HealTransaction tx, Statement st, HealPlan plan, HealScope scope, HealOutcome outcome) {
        this.dialect = dialect;
        this.manifest = manifest;
        this.rules = rules;
        this.settings = settings;
        this.later = later;
        this.tx = tx;
        this.st = st;
        this.plan = plan;
        this.scope = scope;
        this.outcome = outcome;
    }

    /** Runs each statement of the plan that the rules allow; the others are counted as skipped, with why. */
    void apply() throws SQLException {
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
                String changed = execute(fold == null ? null : fold.sql(), s, step);
                outcome.ran(step, changed);
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
                            && execute(null, part, step) == null) {
                        partly = true;
                    }
                }
            }
            outcome.count(step, partly ? HealRules.Verdict.RUN : verdict);
        }
        ForeignKeyRestore restore = new ForeignKeyRestore(this, dialect, manifest, rules, settings, st, plan, scope, outcome);
        restore.foreignKeys();
        restore.identitiesPastTheirChildren();
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
    static final String CHANGED = "the database showed that it changed what existed before the heal, so it was undone: ";

    private static final String STATEMENT_SAVEPOINT = "schemaheal_statement";

    /**
     * Runs one statement of the plan and asks the watch what it changed. Returns null when it ran and stays, or
     * the reason it was undone (it changed what existed before the heal): then it counts as skipped.
     *
     * @param sql the text to run in place of the statement's own (a CREATE TABLE with its indexes), or null
     */
    String execute(String sql, SqlStatement s, HealPlan.Step step) throws SQLException {
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
            String changed = run(sql, s, step, scope.watch(), definesOnlyNew(s, scope));
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
                        created ? dialect.catalog().incarnation(c, s.object().inSchema(scope.schema())) : null);
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

    /** For clean-up on a connection that may be gone: the failure that got here is what counts. */
    private static void quietly(SqlAction action) {
        try {
            action.run();
        } catch (SQLException ignored) {
            // reported by the failure being handled
        }
    }

    /** Runs the statement; returns what the watch says it changed of what existed before, or null. */
    private String run(String sql, SqlStatement s, HealPlan.Step step, ChangeWatch watch, boolean definesOnlyNew)
            throws HealFailedException {
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
                    + step.entry().where() + " failed: " + s.summary() + ": " + Redact.databaseMessage(e.getMessage())
                    + (dialect.transactionalDdl() ? "; nothing was applied"
                    : "; the statements before it stay applied; doctor --fix completes the rest"), e);
        }
    }

    /**
     * Statements that cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}) run after the commit, each
     * bounded by what is left of schemaheal.lock-timeout ({@link io.schemaheal.dialect.Transactions#runOutsideTransaction}). One that does not
     * finish in time is left to {@code doctor --fix}: the table it is for is there, and the heal stands.
     */
    void applyDeferred(Deadline deadline) throws SQLException {
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
                    dialect.transactions().runOutsideTransaction(scope.connection(), s.sql(),
                            s.object() == null ? null : s.object().indexOn(s.table()), scope.schema, deadline);
                } catch (SQLException e) {
                    if (!dialect.errors().momentary(e)) {
                        throw e;
                    }
                    skipped = "it did not finish within schemaheal.lock-timeout (" + Redact.databaseMessage(e.getMessage())
                            + "); doctor --fix adds it";
                }
            }
            outcome.count(step, skipped);
        }
    }
}
