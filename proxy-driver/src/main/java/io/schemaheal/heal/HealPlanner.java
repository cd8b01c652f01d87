package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.MigrationManifest.Entry;
import io.schemaheal.manifest.VersionTables;
import io.schemaheal.sql.ForeignKeyClauses;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlLexer;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.StatementKind;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans the end state of a missing relation from the manifest alone: its latest creation (following
 * renames), the later ALTERs of that incarnation, its indexes and triggers as last defined, the FTS
 * shadows, views and triggers elsewhere that refer to it, the data its creating migrations insert into
 * it, and, first, every missing relation it refers to. A relation whose history ends in a drop or a
 * rename away is not healable.
 */
public final class HealPlanner {

    /** Asks the live catalog whether a relation exists. */
    @FunctionalInterface
    public interface Catalog {
        boolean exists(ObjectName relation) throws SQLException;
    }

    private final MigrationManifest manifest;
    private final boolean completeExisting;
    /** The end state the migrations define: what the plans are made of. */
    private final EndState end;

    /** The end state the migrations define (one object per migration set). */
    public EndState endState() {
        return end;
    }

    /**
     * @param completeExisting also plan the end state of dependencies that exist (every statement is guarded):
     *                         where DDL is not transactional, this completes a heal that was interrupted halfway
     */
    public HealPlanner(MigrationManifest manifest, boolean completeExisting) {
        this.manifest = manifest;
        this.end = EndState.of(manifest);
        this.completeExisting = completeExisting;
    }

    public HealPlan plan(String target, Catalog catalog) throws SQLException {
        if (manifest.isSequence(target)) {
            return sequencePlan(target);
        }
        EndState.Incarnation own = end.incarnation(target, Integer.MAX_VALUE);
        if (own.gone() != null) {
            return HealPlan.notHealable(target, own.gone());
        }
        TreeMap<Integer, HealPlan.Step> steps = new TreeMap<>();
        Set<String> planned = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(target);
        while (!todo.isEmpty()) {
            String relation = todo.poll();
            if (!planned.add(relation)) {
                continue;
            }
            EndState.Incarnation inc = relation.equals(target) ? own : end.incarnation(relation, Integer.MAX_VALUE);
            if (inc.gone() != null) {
                planned.remove(relation);
                continue;
            }
            List<Entry> mine = new ArrayList<>(inc.entries());
            if (!relation.equals(target) && completeExisting && catalog.exists(manifest.name(relation))) {
                // a table that is there under its final name: what made it under an earlier one (its CREATE, the
                // rename, what it was given before) is done, and would make the earlier name again
                mine.removeIf(x -> {
                    ObjectName subject = x.statement().kind() == StatementKind.CREATE_TABLE ? x.statement().object() : x.statement().table();
                    return subject != null && !subject.key().equals(relation);
                });
            }
            for (Entry e : manifest.mentioning(relation)) {
                StatementKind k = e.statement().kind();
                if (k == StatementKind.CREATE_TRIGGER && end.isFinalDefinition(e)) {
                    mine.add(e); // a trigger elsewhere that writes to or reads this relation
                } else if ((k == StatementKind.CREATE_VIRTUAL_TABLE || k == StatementKind.CREATE_VIEW
                        || k == StatementKind.CREATE_MATERIALIZED_VIEW)) {
                    enqueueIfMissing(e.statement().object().key(), planned, todo, catalog); // FTS shadow, view
                }
            }
            for (Entry declared : mine) {
                Entry e = withRenamedParents(declared);
                steps.putIfAbsent(e.seq(), new HealPlan.Step(e, relation));
                for (String ref : e.statement().references()) {
                    enqueueIfMissing(ref, planned, todo, catalog);
                }
                for (Entry[] firstAndLast : end.typesAndFunctionsUsedBy(e)) {
                    // the final definition, placed where the object was first created: before anything that uses it
                    steps.putIfAbsent(firstAndLast[0].seq(), new HealPlan.Step(firstAndLast[1], relation));
                    for (Entry change : end.changesAfter(firstAndLast[1])) {
                        steps.putIfAbsent(change.seq(), new HealPlan.Step(change, relation));
                    }
                }
            }
            for (Entry change : implicitSequenceChanges(relation, mine)) {
                steps.putIfAbsent(change.seq(), new HealPlan.Step(change, relation));
            }
        }
        return new HealPlan(target, new ArrayList<>(steps.values()), planned, null);
    }

    /**
     * A statement whose foreign keys reference a table a later migration renames: as it would run with each parent
     * named by its final name (the database had carried the key along with the rename), else the statement itself.
     */
    private Entry withRenamedParents(Entry e) {
        Map<String, String> renamed = new HashMap<>();
        for (ForeignKeyClauses.ForeignKey fk : ForeignKeyClauses.declaredBy(e.statement())) {
            ObjectName to = end.finalName(fk.parent(), e);
            if (!to.key().equals(fk.parent().key())) {
                renamed.put(fk.parent().key(), to.writtenIn(e.statement().flavor()));
            }
        }
        if (renamed.isEmpty()) {
            return e;
        }
        SqlStatement s = e.statement();
        String sql = ForeignKeyClauses.withParents(s, parent -> renamed.get(parent.key()));
        return new Entry(e.seq(), e.migration(), StatementClassifier.classifyWritten(sql, s.line(), s.flavor()));
    }

    /**
     * A sequence the migrations create on their own ({@code CREATE SEQUENCE}, as Spring Batch's {@code BATCH_JOB_SEQ}
     * that the application's code calls {@code nextval} on): its final definition and the changes after it.
     */
    private HealPlan sequencePlan(String sequence) {
        List<HealPlan.Step> steps = new ArrayList<>();
        for (Entry d : manifest.definitionsOf(sequence)) {
            if (d.statement().kind() == StatementKind.CREATE_SEQUENCE && end.isFinalDefinition(d)) {
                steps.add(new HealPlan.Step(d, sequence));
                end.changesAfter(d).forEach(change -> steps.add(new HealPlan.Step(change, sequence)));
            }
        }
        return new HealPlan(sequence, steps, new LinkedHashSet<>(List.of(sequence)), null);
    }

    /** The plan that adds one column, and its table as the migration names it (a quoted name keeps its case). */
    public record ColumnPlan(ObjectName table, HealPlan plan) {
    }

    /**
     * Plans adding one missing column, as its migration defines it, with the end state's indexes, triggers, views
     * and constraints that involve it. Null when the end state has no such column. A column declared by the CREATE
     * TABLE of a table that exists in an older shape is added by an {@code ADD COLUMN} of just its definition.
     */
    public ColumnPlan columnPlan(String table, String column, Dialect dialect) {
        EndStateColumns.ColumnSource source = end.columns().source(table, column);
        if (source == null) {
            return null;
        }
        Entry entry = source.entry();
        ObjectName tableName = source.definition() != null ? entry.statement().object() : entry.statement().table();
        if (source.definition() != null) {
            String sql = "ALTER TABLE " + dialect.ddl().written(tableName) + " ADD COLUMN " + source.definition();
            entry = new Entry(entry.seq(), entry.migration(), StatementClassifier.classifyWritten(sql, entry.statement().line()));
        }
        List<HealPlan.Step> steps = new ArrayList<>(List.of(new HealPlan.Step(entry, table)));
        for (Entry attached : end.columns().attachedInvolving(table, column)) {
            steps.add(new HealPlan.Step(attached, table)); // each judged: added only when missing
        }
        for (Entry constraint : end.columns().constraintsInvolving(table, column)) {
            String sql = dialect.ddl().addConstraint(constraint.statement());
            if (sql != null) {
                // run only once this heal has added the column (HealRules): a constraint on it cannot be there yet
                steps.add(new HealPlan.Step(new Entry(constraint.seq(), constraint.migration(),
                        StatementClassifier.classifyWritten(sql, constraint.statement().line())), table));
            }
        }
        return new ColumnPlan(tableName, new HealPlan(HealPlan.columnTarget(table, column), steps, Set.of(table), null));
    }

    private void enqueueIfMissing(String relation, Set<String> planned, Deque<String> todo, Catalog catalog)
            throws SQLException {
        if (manifest.knows(relation) && !VersionTables.contains(relation) && !planned.contains(relation)
                && !todo.contains(relation) && (completeExisting || !catalog.exists(manifest.name(relation)))) {
            todo.add(relation);
        }
    }

    /**
     * {@code ALTER SEQUENCE} statements, after the relation's statements begin, on a sequence named as PostgreSQL
     * names those it makes for a {@code serial} or identity column of it ({@code orders_id_seq}).
     * {@link HealRules} runs one only when the catalog shows the sequence belongs to a table this heal created.
     */
    private List<Entry> implicitSequenceChanges(String relation, List<Entry> mine) {
        List<Entry> out = new ArrayList<>();
        if (mine.isEmpty()) {
            return out;
        }
        String prefix = ObjectName.bareKeyOf(relation) + "_";
        int from = mine.get(0).seq();
        for (Entry e : manifest.entries()) {
            SqlStatement s = e.statement();
            if (e.seq() > from && s.kind() == StatementKind.ALTER_SEQUENCE && s.object().bareKey().startsWith(prefix)
                    && s.object().bareKey().endsWith("_seq")) {
                out.add(e);
            }
        }
        return out;
    }
}
