package io.schemaheal.heal;

import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.MigrationManifest.Entry;
import io.schemaheal.manifest.VersionTables;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.ForeignKeyClauses;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The end state a migration set defines, built once per set ({@link #of}) and shared by every connection that heals
 * from it: each relation's current incarnation (its latest creation, following renames, and what came after), the
 * statements of everything the migrations leave in place, its foreign keys, the source of each column, the final
 * definitions of indexes, triggers, views, types and functions. The planner ({@link HealPlanner}) makes plans of it,
 * the rules ask it what a table should have, and the doctor compares the live catalog with it.
 */
public final class EndState {

    private final MigrationManifest manifest;
    /** Computed once, at first use: the set is immutable. */
    private volatile List<Entry> entries;
    private volatile List<ForeignKeyTo> foreignKeys;
    private EndStateColumns columns;

    private EndState(MigrationManifest manifest) {
        this.manifest = manifest;
    }

    /** What the end state says of each table's columns (made once, at first use). */
    public synchronized EndStateColumns columns() {
        if (columns == null) {
            columns = new EndStateColumns(this);
        }
        return columns;
    }

    /** The end state of {@code manifest}, made once and kept with it. */
    public static EndState of(MigrationManifest manifest) {
        return manifest.derived(EndState.class, EndState::new);
    }

    /** The statements of a relation's current incarnation, or why there is none. */
    record Incarnation(List<Entry> entries, String gone) {
    }

    /** True when the migrations leave the relation in place (not dropped or renamed away). */
    public boolean keeps(String relation) {
        return incarnation(relation, Integer.MAX_VALUE).gone() == null;
    }

    /**
     * The statements that make up the end state of every relation the migrations leave in place: for each
     * relation not dropped or renamed away, its current incarnation and the final definitions of its
     * indexes, triggers and shadows. What the doctor expects to find.
     */
    public List<Entry> entries() {
        List<Entry> known = entries;
        if (known != null) {
            return known;
        }
        TreeMap<Integer, Entry> out = new TreeMap<>();
        for (String relation : manifest.relations()) {
            Incarnation inc = incarnation(relation, Integer.MAX_VALUE);
            if (inc.gone() == null && !VersionTables.contains(relation)) {
                for (Entry e : inc.entries()) {
                    out.put(e.seq(), e);
                }
            }
        }
        entries = List.copyOf(out.values());
        return entries;
    }

    /**
     * A foreign key that {@code child}'s end state declares, in {@code entry}, to another relation, as the end of the
     * chain has it: {@code child}, its columns, the parent and the columns it references by their final names (a later
     * migration may rename each; the key goes along). {@code name}: the key's name, as written, or, for an unnamed key
     * so renamed, the one PostgreSQL gave it when it was declared (it keeps that name; added again now it would be
     * named after the new names); null: let the database name it, as it did.
     */
    public record ForeignKeyTo(Entry entry, ObjectName child, ForeignKeyClauses.ForeignKey key, String name) {

        /** A key a statement about to run declares: as it is written. */
        public ForeignKeyTo(Entry entry, ObjectName child, ForeignKeyClauses.ForeignKey key) {
            this(entry, child, key, key.name());
        }
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

    /** Every foreign key of the end state, in migration order (made once, at first use). */
    public List<ForeignKeyTo> foreignKeys() {
        List<ForeignKeyTo> known = foreignKeys;
        if (known == null) {
            known = new EndStateForeignKeys(this).all();
            foreignKeys = known;
        }
        return known;
    }

    /** True when a later statement of the end state drops the constraint {@code name} (lower case) of {@code table}. */
    static boolean droppedLater(List<Entry> end, Entry declared, ObjectName table, String name) {
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
     * The statements that make up a relation as of statement {@code limit}: its latest CREATE (or the
     * incarnation of the relation renamed into it), and after that its ALTERs, indexes, triggers and data.
     */
    Incarnation incarnation(String relation, int limit) {
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

    /**
     * The name a relation that statement {@code e} names has at the end of the chain: {@code name} itself, or what a
     * later migration renamed it to (the doctor looks for a renamed table's objects under that name).
     */
    public ObjectName finalName(ObjectName name, Entry e) {
        ObjectName renamed = name == null || keeps(name.key()) ? null : renamedAfter(name.key(), e.seq());
        return renamed != null ? renamed : name;
    }

    /** The table a foreign key references at the end of the chain: its parent, or what a later migration renamed it to. */
    public ObjectName parentOf(ForeignKeyTo fk) {
        return finalName(fk.key().parent(), fk.entry()); // the database carried the key along with the rename
    }

    /**
     * The name {@code relation} has at the end of the chain when statements after {@code seq} rename it, and the table
     * so named is kept; else null. A foreign key declared before a rename references the renamed table (the database
     * follows the rename), so a heal that runs its declaration names that table.
     */
    private ObjectName renamedAfter(String relation, int seq) {
        ObjectName[] renamed = {null};
        laterAlters(relation, seq, (s, a) -> {
            if (a.type() == AlterAction.Type.RENAME_TABLE && a.newName() != null) {
                renamed[0] = a.newName();
            }
        });
        return renamed[0] != null && keeps(renamed[0].key()) ? renamed[0] : null;
    }

    /**
     * Each action of the {@code ALTER TABLE} statements after {@code seq} on {@code relation}, in order, following the
     * table as they rename it: what a name declared at {@code seq} becomes by the end of the chain.
     */
    void laterAlters(String relation, int seq, java.util.function.BiConsumer<SqlStatement, AlterAction> action) {
        String current = relation;
        for (Entry e : manifest.entries()) {
            SqlStatement s = e.statement();
            if (e.seq() <= seq || s.kind() != StatementKind.ALTER_TABLE || s.table() == null || !s.table().key().equals(current)) {
                continue;
            }
            for (AlterAction a : s.actions()) {
                action.accept(s, a);
                if (a.type() == AlterAction.Type.RENAME_TABLE && a.newName() != null) {
                    current = a.newName().key();
                }
            }
        }
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
    List<Entry[]> typesAndFunctionsUsedBy(Entry e) {
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
    List<Entry> changesAfter(Entry definition) {
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

    /** True when no later statement drops or redefines the index, trigger or view that {@code e} creates. */
    boolean isFinalDefinition(Entry e) {
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
