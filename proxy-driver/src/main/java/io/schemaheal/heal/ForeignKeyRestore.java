package io.schemaheal.heal;

import io.schemaheal.config.HealSettings;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.manifest.Migration;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a heal's plan that is about other tables, run by its {@link PlanExecutor} after the plan's statements:
 * the foreign keys other tables' end states declare to what the heal created (PostgreSQL drops them with the
 * parent), those the plan set to add, and the identities those tables' rows require of a re-created parent.
 */
final class ForeignKeyRestore {

    private final PlanExecutor executor;
    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealRules rules;
    private final HealSettings settings;
    private final Statement st;
    private final HealPlan plan;
    private final HealScope scope;
    private final HealOutcome outcome;

    ForeignKeyRestore(PlanExecutor executor, Dialect dialect, MigrationManifest manifest, HealRules rules, HealSettings settings,
                      Statement st, HealPlan plan, HealScope scope, HealOutcome outcome) {
        this.executor = executor;
        this.dialect = dialect;
        this.manifest = manifest;
        this.rules = rules;
        this.settings = settings;
        this.st = st;
        this.plan = plan;
        this.scope = scope;
        this.outcome = outcome;
    }

    private static final String FOREIGN_KEY_SAVEPOINT = "schemaheal_foreign_key";

    /**
     * Adds back the foreign keys other tables declare to the relations this heal created, which went with
     * them (PostgreSQL {@code DROP TABLE ... CASCADE}): checked (valid) where no row of the child could break it, else
     * without checking those rows ({@code NOT VALID}: they may point at rows the lost parent had). One that cannot be
     * added (a lock not granted in time, rows the database will not accept) is skipped with the reason; the
     * relation is healed all the same, and the doctor reports the key missing.
     */
    void foreignKeys() throws SQLException {
        for (String relation : List.copyOf(scope.created())) {
            if (!plan.relations().contains(relation)) {
                continue;
            }
            for (EndState.ForeignKeyTo fk : rules.foreignKeysToRestore(relation, scope)) {
                String sql = dialect.ddl().addForeignKey(fk.child(), fk.name(), fk.key().columns(), fk.key().references());
                if (sql == null) {
                    return; // this database never loses them
                }
                String unpinned = unpinned(fk);
                if (unpinned != null) {
                    outcome.count(step(fk, sql, relation), "the foreign key of " + fk.child() + " to " + relation
                            + " is not added back: " + unpinned + "; the doctor reports it missing");
                } else {
                    // checked (made valid) when no existing row could break it: none has all its columns set
                    addForeignKey(fk, relation, !dialect.catalog().anyReferencingRow(scope.connection(),
                            fk.child().inSchema(scope.schema()), fk.key().columns()));
                }
            }
        }
        for (EndState.ForeignKeyTo fk : plan.foreignKeys()) {
            ObjectName parent = fk.key().parent();
            if (!scope.exists(ObjectType.RELATION, fk.child())
                    || !scope.exists(ObjectType.RELATION, parent)) {
                outcome.count(step(fk, "", fk.child().key()), "the foreign key of " + fk.child() + " to " + parent
                        + " is not added: one of the two tables is gone");
            } else if (scope.foreignKeyExists(fk.child(), fk.key().columns(), parent)) {
                outcome.count(step(fk, "", fk.child().key()), HealRules.Verdict.done("already there"));
            } else {
                addForeignKey(fk, fk.child().key(), true);
            }
        }
    }

    /**
     * Adds one foreign key without checking the rows (then, with {@code validate}, checks them), under a savepoint: one
     * that cannot be added (a lock not granted in time, rows the database will not accept) is skipped with the reason.
     */
    private void addForeignKey(EndState.ForeignKeyTo fk, String relation, boolean validate) throws SQLException {
        String sql = dialect.ddl().addForeignKey(fk.child(), fk.name(), fk.key().columns(), fk.key().references());
        if (sql == null) {
            outcome.count(step(fk, "", relation), "this database cannot add a foreign key to an existing table");
            return;
        }
        HealPlan.Step add = step(fk, sql, relation);
        if (dialect.transactionalDdl()) {
            st.execute("SAVEPOINT " + FOREIGN_KEY_SAVEPOINT);
        }
        String what = "the foreign key of " + fk.child() + " to " + fk.key().parent();
        String changed = underSavepoint(add, what + " could not be added");
        outcome.count(add, changed);
        String check = changed != null || !validate ? null : dialect.ddl().validateForeignKey(scope.connection(), fk.child(),
                fk.key().columns(), fk.key().parent().inSchema(scope.schema()));
        if (check != null) {
            // the key stays, holding every new row, even when the rows written meanwhile do not all pass
            HealPlan.Step validation = step(fk, check, relation);
            outcome.count(validation, underSavepoint(validation, what + " was added, but the rows "
                    + "written before it were not all accepted"));
        }
    }

    /** Runs a foreign key's statement under a savepoint: null when it ran and stays, else why it was taken back. */
    private String underSavepoint(HealPlan.Step step, String failed) throws SQLException {
        if (dialect.transactionalDdl()) {
            st.execute("SAVEPOINT " + FOREIGN_KEY_SAVEPOINT);
        }
        try {
            String changed = executor.execute(null, step.entry().statement(), step);
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
    private static HealPlan.Step step(EndState.ForeignKeyTo fk, String sql, String relation) {
        SqlStatement s = sql.isEmpty() ? fk.entry().statement() : StatementClassifier.classifyWritten(sql, fk.entry().statement().line());
        return new HealPlan.Step(new MigrationManifest.Entry(fk.entry().seq(), fk.entry().migration(), s), relation);
    }

    /**
     * A table this heal created whose end state other tables' foreign keys reference: its identity or serial
     * sequence starts past every value their rows still hold, so that a new row never inherits the children of a
     * row that was lost with the table (a new pet 1 would own the old pet 1's visits).
     */
    void identitiesPastTheirChildren() throws SQLException {
        for (String relation : List.copyOf(scope.created())) {
            if (!plan.relations().contains(relation)) {
                continue;
            }
            Map<ObjectName, List<ObjectName[]>> byColumn = new LinkedHashMap<>();
            for (EndState.ForeignKeyTo fk : rules.planner().endState().foreignKeysTo(relation)) {
                List<ObjectName> referenced = fk.key().referencedColumns();
                if (fk.key().columns().size() != 1 || referenced.size() != 1 || scope.created(fk.child().key())
                        || !scope.exists(ObjectType.RELATION, fk.child())) {
                    continue;
                }
                byColumn.computeIfAbsent(referenced.get(0), k -> new ArrayList<>()).add(new ObjectName[] {
                        fk.child().inSchema(scope.schema), ObjectName.written(fk.key().columns().get(0))});
            }
            for (Map.Entry<ObjectName, List<ObjectName[]>> e : byColumn.entrySet()) {
                dialect.ddl().startPast(scope.connection(), manifest.name(relation).inSchema(scope.schema), e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Why the scripts a restored foreign key is read from may not be used ({@code schemaheal.checksums}): the one that
     * declares it and every one of its child table's history (a later script may alter the key). Null when they are
     * pinned, or nothing is pinned.
     */
    private String unpinned(EndState.ForeignKeyTo fk) {
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
}
