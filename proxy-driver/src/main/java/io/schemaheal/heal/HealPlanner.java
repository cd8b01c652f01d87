package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.MigrationManifest.Entry;
import io.schemaheal.manifest.VersionTables;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.ForeignKeyClauses;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.StatementKind;
import io.schemaheal.sql.TableConstraints;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /** The statements of a relation's current incarnation, or why there is none. */
    private record Incarnation(List<Entry> entries, String gone) {
    }

    private final MigrationManifest manifest;
    private final boolean completeExisting;

    /**
     * @param completeExisting also plan the end state of dependencies that exist (every statement is guarded):
     *                         where DDL is not transactional, this completes a heal that was interrupted halfway
     */
    public HealPlanner(MigrationManifest manifest, boolean completeExisting) {
        this.manifest = manifest;
        this.completeExisting = completeExisting;
    }

    public HealPlan plan(String target, Catalog catalog) throws SQLException {
        if (manifest.isSequence(target)) {
            return sequencePlan(target);
        }
        Incarnation own = incarnation(target, Integer.MAX_VALUE);
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
            Incarnation inc = relation.equals(target) ? own : incarnation(relation, Integer.MAX_VALUE);
            if (inc.gone() != null) {
                planned.remove(relation);
                continue;
            }
            List<Entry> mine = new ArrayList<>(inc.entries());
            for (Entry e : manifest.mentioning(relation)) {
                StatementKind k = e.statement().kind();
                if (k == StatementKind.CREATE_TRIGGER && isFinalDefinition(e)) {
                    mine.add(e); // a trigger elsewhere that writes to or reads this relation
                } else if ((k == StatementKind.CREATE_VIRTUAL_TABLE || k == StatementKind.CREATE_VIEW
                        || k == StatementKind.CREATE_MATERIALIZED_VIEW)) {
                    enqueueIfMissing(e.statement().object().key(), planned, todo, catalog); // FTS shadow, view
                }
            }
            for (Entry e : mine) {
                steps.putIfAbsent(e.seq(), new HealPlan.Step(e, relation));
                for (String ref : e.statement().references()) {
                    enqueueIfMissing(ref, planned, todo, catalog);
                }
                for (Entry[] firstAndLast : typesAndFunctionsUsedBy(e)) {
                    // the final definition, placed where the object was first created: before anything that uses it
                    steps.putIfAbsent(firstAndLast[0].seq(), new HealPlan.Step(firstAndLast[1], relation));
                    for (Entry change : changesAfter(firstAndLast[1])) {
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
     * A sequence the migrations create on their own ({@code CREATE SEQUENCE}, as Spring Batch's {@code BATCH_JOB_SEQ}
     * that the application's code calls {@code nextval} on): its final definition and the changes after it.
     */
    private HealPlan sequencePlan(String sequence) {
        List<HealPlan.Step> steps = new ArrayList<>();
        for (Entry d : manifest.definitionsOf(sequence)) {
            if (d.statement().kind() == StatementKind.CREATE_SEQUENCE && isFinalDefinition(d)) {
                steps.add(new HealPlan.Step(d, sequence));
                changesAfter(d).forEach(change -> steps.add(new HealPlan.Step(change, sequence)));
            }
        }
        return new HealPlan(sequence, steps, new LinkedHashSet<>(List.of(sequence)), null);
    }

    /** True when the migrations leave the relation in place (not dropped or renamed away). */
    boolean inEndState(String relation) {
        return incarnation(relation, Integer.MAX_VALUE).gone() == null;
    }

    /**
     * The statements that make up the end state of every relation the migrations leave in place: for each
     * relation not dropped or renamed away, its current incarnation and the final definitions of its
     * indexes, triggers and shadows. What the doctor expects to find.
     */
    public List<Entry> endState() {
        TreeMap<Integer, Entry> out = new TreeMap<>();
        for (String relation : manifest.relations()) {
            Incarnation inc = incarnation(relation, Integer.MAX_VALUE);
            if (inc.gone() == null && !VersionTables.contains(relation)) {
                for (Entry e : inc.entries()) {
                    out.put(e.seq(), e);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** A foreign key that {@code child}'s end state declares, in {@code entry}, to another relation. */
    public record ForeignKeyTo(Entry entry, ObjectName child, ForeignKeyClauses.ForeignKey key) {
    }

    /**
     * The foreign keys other relations' end states declare to {@code parent} (a key): what a database that
     * lost the parent lost with it (PostgreSQL drops them with {@code DROP TABLE ... CASCADE}). A key a later
     * migration drops by name is not part of the end state.
     */
    public List<ForeignKeyTo> foreignKeysTo(String parent) {
        String bare = ObjectName.bareKeyOf(parent);
        return foreignKeys().stream().filter(fk -> fk.key().parent().bareKey().equals(bare)
                && !fk.child().key().equals(parent)).toList();
    }

    /** Every foreign key of the end state, in migration order. */
    public List<ForeignKeyTo> foreignKeys() {
        List<Entry> end = endState();
        List<ForeignKeyTo> out = new ArrayList<>();
        for (Entry e : end) {
            SqlStatement s = e.statement();
            ObjectName child = s.kind() == StatementKind.CREATE_TABLE ? s.object()
                    : s.kind() == StatementKind.ALTER_TABLE ? s.table() : null;
            if (child == null || s.references().isEmpty()) {
                continue;
            }
            for (ForeignKeyClauses.ForeignKey fk : ForeignKeyClauses.declaredBy(s)) {
                if (!droppedLater(end, e, child, fk)) {
                    out.add(new ForeignKeyTo(e, child, fk));
                }
            }
        }
        return out;
    }

    /** True when a later statement of the end state drops the key by its name (or PostgreSQL's name for it). */
    private static boolean droppedLater(List<Entry> end, Entry declared, ObjectName child, ForeignKeyClauses.ForeignKey fk) {
        String name = fk.name() != null ? ObjectName.of(ObjectName.unquote(fk.name())).bareKey()
                : (child.name() + "_" + String.join("_", fk.columns()) + "_fkey").toLowerCase(Locale.ROOT);
        return droppedLater(end, declared, child, name);
    }

    /** True when a later statement of the end state drops the constraint {@code name} (lower case) of {@code table}. */
    private static boolean droppedLater(List<Entry> end, Entry declared, ObjectName table, String name) {
        for (Entry e : end) {
            SqlStatement s = e.statement();
            if (e.seq() > declared.seq() && s.kind() == StatementKind.ALTER_TABLE && s.table().key().equals(table.key())
                    && s.actions().stream().anyMatch(a -> a.type() == AlterAction.Type.DROP_OBJECT && a.newName() != null
                    && a.newName().bareKey().equals(name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The end state's table constraints on {@code table} that involve {@code column} (CHECK, UNIQUE, FOREIGN
     * KEY, EXCLUDE; a primary key is not added to a table that has rows), each as an {@code ALTER TABLE ... ADD}
     * in migration order: what a database that lost the column lost with it (PostgreSQL drops a table's
     * constraints with a column they involve). Those a later migration drops by name are left out.
     */
    public List<Entry> constraintsInvolving(String table, String column) {
        String c = column.toLowerCase(Locale.ROOT);
        List<Entry> end = endState();
        List<Entry> out = new ArrayList<>();
        for (Entry e : end) {
            SqlStatement s = e.statement();
            if (s.kind() == StatementKind.CREATE_TABLE && s.object() != null && s.object().key().equals(table)) {
                String name = TableConstraints.writtenName(s);
                for (String constraint : StatementClassifier.tableConstraintsOf(s)) {
                    if (name != null && TableConstraints.involves(constraint, s.flavor(), c)
                            && !droppedLater(end, e, s.object(), TableConstraints.nameOf(constraint, s.flavor()))) {
                        String sql = "ALTER TABLE " + name + " ADD " + constraint;
                        out.add(new Entry(e.seq(), e.migration(), StatementClassifier.classifyWritten(sql, s.line(), s.flavor())));
                    }
                }
            } else if (s.kind() == StatementKind.ALTER_TABLE && s.table().key().equals(table)) {
                // each ADD CONSTRAINT clause on its own (ADD COLUMN c ..., ADD CONSTRAINT fk ... (c)); a statement that is
                // one such clause is itself
                List<String> clauses = StatementClassifier.alterClausesOf(s);
                for (int k = 0; k < clauses.size(); k++) {
                    String clause = clauses.get(k); // ADD [CONSTRAINT n] ...
                    if (s.actions().get(k).type() == AlterAction.Type.ADD_CONSTRAINT
                            && TableConstraints.involves(clause, s.flavor(), c)
                            && !droppedLater(end, e, s.table(), TableConstraints.nameOf(clause, s.flavor()))) {
                        out.add(clauses.size() == 1 ? e : new Entry(e.seq(), e.migration(), StatementClassifier
                                .classifyWritten("ALTER TABLE " + s.table() + " " + clauses.get(k), s.line(), s.flavor())));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Where a column of a table's end state comes from: the ALTER TABLE that adds it, or the CREATE TABLE
     * that declares it ({@code definition} is then its definition as written, for an ADD COLUMN).
     */
    public record ColumnSource(Entry entry, String definition) {
    }

    private Map<String, Map<String, ColumnSource>> columns;

    /**
     * The end state's indexes and triggers on {@code table} that involve {@code column} (as a key column or
     * in an expression; a trigger's {@code UPDATE OF}, condition or body), in migration order, each trigger
     * after the final definitions of the functions and types it uses: what a database that lost the column
     * lost with it (PostgreSQL drops them with the column; SQLite cannot drop an indexed column, so an older
     * shape never had them). Also the end state's views that read the column, and the views over those
     * (PostgreSQL's {@code DROP COLUMN ... CASCADE} drops them all). Each is judged when it runs: added only when
     * missing.
     */
    public List<Entry> attachedInvolving(String table, String column) {
        String c = column.toLowerCase(Locale.ROOT);
        List<Entry> out = new ArrayList<>();
        Set<String> views = new HashSet<>();
        for (Entry e : endState()) {
            SqlStatement s = e.statement();
            boolean view = s.kind() == StatementKind.CREATE_VIEW || s.kind() == StatementKind.CREATE_MATERIALIZED_VIEW;
            if (view && isFinalDefinition(e) && (s.references().contains(table) && s.identifiers().contains(c)
                    || s.references().stream().anyMatch(views::contains))) {
                views.add(s.object().key()); // reads the column, or a view that does
                out.add(e);
                continue;
            }
            boolean attached = s.kind() == StatementKind.CREATE_INDEX
                    || s.kind() == StatementKind.CREATE_TRIGGER && isFinalDefinition(e);
            if (attached && s.table() != null && s.table().key().equals(table) && s.identifiers().contains(c)) {
                if (s.kind() == StatementKind.CREATE_TRIGGER) {
                    for (Entry[] firstAndLast : typesAndFunctionsUsedBy(e)) {
                        if (!out.contains(firstAndLast[1])) {
                            out.add(firstAndLast[1]);
                        }
                    }
                }
                out.add(e);
            }
        }
        return out;
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
        ColumnSource source = columnSource(table, column);
        if (source == null) {
            return null;
        }
        Entry entry = source.entry();
        ObjectName tableName = source.definition() != null ? entry.statement().object() : entry.statement().table();
        if (source.definition() != null) {
            String sql = "ALTER TABLE " + dialect.written(tableName) + " ADD COLUMN " + source.definition();
            entry = new Entry(entry.seq(), entry.migration(), StatementClassifier.classifyWritten(sql, entry.statement().line()));
        }
        List<HealPlan.Step> steps = new ArrayList<>(List.of(new HealPlan.Step(entry, table)));
        for (Entry attached : attachedInvolving(table, column)) {
            steps.add(new HealPlan.Step(attached, table)); // each judged: added only when missing
        }
        for (Entry constraint : constraintsInvolving(table, column)) {
            String sql = dialect.addConstraint(constraint.statement().sql());
            if (sql != null) {
                // run only once this heal has added the column (HealRules): a constraint on it cannot be there yet
                steps.add(new HealPlan.Step(new Entry(constraint.seq(), constraint.migration(),
                        StatementClassifier.classifyWritten(sql, constraint.statement().line())), table));
            }
        }
        return new ColumnPlan(tableName, new HealPlan(HealPlan.columnTarget(table, column), steps, Set.of(table), null));
    }

    /**
     * The source of a column in a table's end state, or null when the end state has no such column (never
     * added, or dropped or renamed later). Keys are lower case.
     */
    public synchronized ColumnSource columnSource(String table, String column) {
        if (columns == null) {
            columns = endStateColumns();
        }
        Map<String, ColumnSource> t = columns.get(table);
        return t == null ? null : t.get(column.toLowerCase(Locale.ROOT));
    }

    private Map<String, Map<String, ColumnSource>> endStateColumns() {
        Map<String, Map<String, ColumnSource>> out = new HashMap<>();
        for (Entry e : endState()) {
            SqlStatement s = e.statement();
            if (s.kind() == StatementKind.CREATE_TABLE) {
                Map<String, ColumnSource> t = out.computeIfAbsent(s.object().key(), k -> new LinkedHashMap<>());
                StatementClassifier.columnDefinitionsOf(s).forEach((name, definition) ->
                        t.put(name.toLowerCase(Locale.ROOT), new ColumnSource(e, definition)));
            } else if (s.kind() == StatementKind.ALTER_TABLE) {
                Map<String, ColumnSource> t = out.computeIfAbsent(s.table().key(), k -> new LinkedHashMap<>());
                // a column added beside other changes in one statement comes back on its own, from its clause
                List<String> clauses = s.actions().size() > 1 ? StatementClassifier.alterClausesOf(s) : List.of();
                for (int k = 0; k < s.actions().size(); k++) {
                    AlterAction a = s.actions().get(k);
                    if (a.column() == null) {
                        continue;
                    }
                    String column = a.column().toLowerCase(Locale.ROOT);
                    switch (a.type()) {
                        case ADD_COLUMN -> t.put(column, new ColumnSource(e, clauses.isEmpty() ? null
                                : TableConstraints.addedDefinition(clauses.get(k))));
                        case DROP_COLUMN, RENAME_COLUMN -> t.remove(column); // not healed: its history ends here
                        default -> {
                        }
                    }
                }
            }
        }
        return out;
    }

    private void enqueueIfMissing(String relation, Set<String> planned, Deque<String> todo, Catalog catalog)
            throws SQLException {
        if (manifest.knows(relation) && !VersionTables.contains(relation) && !planned.contains(relation)
                && !todo.contains(relation) && (completeExisting || !catalog.exists(manifest.name(relation)))) {
            todo.add(relation);
        }
    }

    /**
     * The statements that make up a relation as of statement {@code limit}: its latest CREATE (or the
     * incarnation of the relation renamed into it), and after that its ALTERs, indexes, triggers and data.
     */
    private Incarnation incarnation(String relation, int limit) {
        List<Entry> list = new ArrayList<>();
        String gone = "no migration creates it";
        for (Entry e : manifest.about(relation)) {
            if (e.seq() > limit) {
                break;
            }
            SqlStatement s = e.statement();
            switch (s.kind()) {
                case CREATE_TABLE, CREATE_VIRTUAL_TABLE, CREATE_VIEW, CREATE_MATERIALIZED_VIEW -> {
                    if (s.object().key().equals(relation)) {
                        list.clear();
                        list.add(e);
                        gone = null;
                    }
                }
                case DROP_TABLE, DROP_VIEW -> {
                    if (s.objects().stream().anyMatch(n -> n.key().equals(relation))) {
                        list.clear();
                        gone = "its history ends in a drop (" + e.where() + ")";
                    }
                }
                case ALTER_TABLE -> gone = alter(relation, e, list, gone);
                case CREATE_INDEX, CREATE_TRIGGER, DATA, PROCEDURAL -> {
                    if (gone == null) {
                        list.add(e);
                    }
                }
                default -> {
                }
            }
        }
        if (gone != null) {
            return new Incarnation(List.of(), gone);
        }
        list.removeIf(e -> (e.statement().kind() == StatementKind.CREATE_INDEX
                || e.statement().kind() == StatementKind.CREATE_TRIGGER) && !isFinalDefinition(e));
        return new Incarnation(list, null);
    }

    /** Applies one ALTER TABLE to the incarnation being built; returns the new "gone" reason. */
    private String alter(String relation, Entry e, List<Entry> list, String gone) {
        SqlStatement s = e.statement();
        for (AlterAction a : s.actions()) {
            if (a.type() != AlterAction.Type.RENAME_TABLE || a.newName() == null) {
                continue;
            }
            if (s.table().key().equals(relation)) {
                list.clear();
                return "it was renamed to " + a.newName() + " (" + e.where() + ")";
            }
            if (a.newName().key().equals(relation)) {
                Incarnation before = incarnation(s.table().key(), e.seq() - 1);
                list.clear();
                if (before.gone() != null) {
                    return "it was renamed from " + s.table() + ", which " + before.gone();
                }
                list.addAll(before.entries());
                list.add(e);
                return null;
            }
        }
        if (gone != null || !s.table().key().equals(relation)) {
            return gone;
        }
        if (s.actions().size() == 1 && s.actions().get(0).type() == AlterAction.Type.DROP_COLUMN) {
            // a later drop cancels the earlier ADD COLUMN: the end state has no such column, and nothing is dropped
            String column = s.actions().get(0).column();
            if (!list.removeIf(prev -> addsOnly(prev.statement(), column))) {
                list.add(e); // the column came with the CREATE: removed from the new table, in the heal's transaction
            }
            return null;
        }
        list.add(e);
        return null;
    }

    private static boolean addsOnly(SqlStatement s, String column) {
        return s.kind() == StatementKind.ALTER_TABLE && s.actions().size() == 1
                && s.actions().get(0).type() == AlterAction.Type.ADD_COLUMN
                && s.actions().get(0).column() != null && s.actions().get(0).column().equalsIgnoreCase(column);
    }

    /** For each enum type, sequence or function a statement names: its first and its final definition. */
    private List<Entry[]> typesAndFunctionsUsedBy(Entry e) {
        List<Entry[]> out = new ArrayList<>();
        for (String id : e.statement().identifiers()) {
            Entry first = null;
            Entry last = null;
            for (Entry d : manifest.definitionsOf(id)) {
                StatementKind k = d.statement().kind();
                if (k == StatementKind.CREATE_TYPE || k == StatementKind.CREATE_SEQUENCE || k == StatementKind.CREATE_FUNCTION) {
                    first = first == null ? d : first;
                    last = d;
                }
            }
            if (first != null && first.seq() < e.seq()) {
                out.add(new Entry[] {first, last});
            }
        }
        return out;
    }

    /**
     * The later changes to a type or sequence after its final {@code CREATE}: {@code ALTER TYPE ... ADD VALUE},
     * {@code ALTER SEQUENCE}. {@link HealRules} runs them only on what the heal created.
     */
    private List<Entry> changesAfter(Entry definition) {
        StatementKind change = switch (definition.statement().kind()) {
            case CREATE_TYPE -> StatementKind.ALTER_TYPE;
            case CREATE_SEQUENCE -> StatementKind.ALTER_SEQUENCE;
            default -> null;
        };
        List<Entry> out = new ArrayList<>();
        for (Entry d : change == null ? List.<Entry>of() : manifest.definitionsOf(definition.statement().object().bareKey())) {
            if (d.statement().kind() == change && d.seq() > definition.seq()) {
                out.add(d);
            }
        }
        return out;
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

    /** True when no later statement drops or redefines the index, trigger or view that {@code e} creates. */
    private boolean isFinalDefinition(Entry e) {
        ObjectName name = e.statement().object();
        if (name == null) {
            return true;
        }
        Entry last = null;
        for (Entry d : manifest.definitionsOf(MigrationManifest.objectKey(e.statement().kind(), name))) {
            StatementKind k = d.statement().kind();
            if (k == e.statement().kind() && sameTable(d, e)) {
                last = d; // a same-name CREATE on another table does not replace it (IF NOT EXISTS makes it a no-op)
            } else if (k == dropOf(e.statement().kind()) || k == StatementKind.ALTER_TABLE && sameTable(d, e)) {
                last = null; // dropped: DROP INDEX, or ALTER TABLE ... DROP INDEX|KEY|CONSTRAINT
            }
        }
        return last == e;
    }

    private static boolean sameTable(Entry a, Entry b) {
        ObjectName ta = a.statement().table();
        ObjectName tb = b.statement().table();
        return ta == null || tb == null || ta.key().equals(tb.key());
    }

    private static StatementKind dropOf(StatementKind create) {
        return switch (create) {
            case CREATE_INDEX -> StatementKind.DROP_INDEX;
            case CREATE_TRIGGER -> StatementKind.DROP_TRIGGER;
            case CREATE_VIEW, CREATE_MATERIALIZED_VIEW -> StatementKind.DROP_VIEW;
            case CREATE_SEQUENCE -> StatementKind.DROP_SEQUENCE;
            default -> StatementKind.DROP_TABLE;
        };
    }
}
