package io.schemaheal.heal;

import io.schemaheal.manifest.MigrationManifest.Entry;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.StatementKind;
import io.schemaheal.sql.TableConstraint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a migration set's end state says of each table's columns: where each column comes from (the {@code CREATE TABLE}
 * that declares it or the {@code ALTER TABLE} that adds it), and what a database that lost a column lost with it (the
 * constraints, indexes, triggers and views that involve it). Part of {@link EndState}, made once with it.
 */
public final class EndStateColumns {

    private final EndState end;

    EndStateColumns(EndState end) {
        this.end = end;
    }

    /**
     * The end state's table constraints on {@code table} that involve {@code column} (CHECK, UNIQUE, FOREIGN
     * KEY, EXCLUDE; a primary key is not added to a table that has rows), each as an {@code ALTER TABLE ... ADD}
     * in migration order: what a database that lost the column lost with it (PostgreSQL drops a table's
     * constraints with a column they involve). Those a later migration drops by name are left out.
     */
    public List<Entry> constraintsInvolving(String table, String column) {
        String c = column.toLowerCase(Locale.ROOT);
        List<Entry> all = end.entries();
        List<Entry> out = new ArrayList<>();
        for (Entry e : all) {
            SqlStatement s = e.statement();
            if (s.kind() == StatementKind.CREATE_TABLE && s.object() != null && s.object().key().equals(table)) {
                String name = s.writtenName();
                for (TableConstraint constraint : StatementClassifier.tableConstraintsOf(s)) {
                    if (name != null && constraint.involves(c) && !EndState.droppedLater(all, e, s.object(), constraint.name())) {
                        String sql = "ALTER TABLE " + name + " ADD " + constraint.text();
                        out.add(new Entry(e.seq(), e.migration(), StatementClassifier.classifyWritten(sql, s.line(), s.flavor())));
                    }
                }
            } else if (s.kind() == StatementKind.ALTER_TABLE && s.table().key().equals(table)) {
                // each ADD CONSTRAINT clause on its own (ADD COLUMN c ..., ADD CONSTRAINT fk ... (c)); a statement that is
                // one such clause is itself
                for (AlterAction a : s.actions()) {
                    TableConstraint constraint = a.constraint(); // ADD [CONSTRAINT n] ...
                    if (constraint != null && constraint.involves(c) && !EndState.droppedLater(all, e, s.table(), constraint.name())) {
                        out.add(s.actions().size() == 1 ? e : new Entry(e.seq(), e.migration(), StatementClassifier
                                .classifyWritten("ALTER TABLE " + s.table() + " " + a.clause(), s.line(), s.flavor())));
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
        for (Entry e : end.entries()) {
            SqlStatement s = e.statement();
            boolean view = s.kind() == StatementKind.CREATE_VIEW || s.kind() == StatementKind.CREATE_MATERIALIZED_VIEW;
            if (view && end.isFinalDefinition(e) && (s.references().contains(table) && s.identifiers().contains(c)
                    || s.references().stream().anyMatch(views::contains))) {
                views.add(s.object().key()); // reads the column, or a view that does
                out.add(e);
                continue;
            }
            boolean attached = s.kind() == StatementKind.CREATE_INDEX
                    || s.kind() == StatementKind.CREATE_TRIGGER && end.isFinalDefinition(e);
            if (attached && s.table() != null && s.table().key().equals(table) && s.identifiers().contains(c)) {
                if (s.kind() == StatementKind.CREATE_TRIGGER) {
                    for (Entry[] firstAndLast : end.typesAndFunctionsUsedBy(e)) {
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

    /**
     * The source of a column in a table's end state, or null when the end state has no such column (never
     * added, or dropped or renamed later). Keys are lower case.
     */
    public synchronized ColumnSource source(String table, String column) {
        if (columns == null) {
            columns = endStateColumns();
        }
        Map<String, ColumnSource> t = columns.get(table);
        return t == null ? null : t.get(column.toLowerCase(Locale.ROOT));
    }

    private Map<String, Map<String, ColumnSource>> endStateColumns() {
        Map<String, Map<String, ColumnSource>> out = new HashMap<>();
        for (Entry e : end.entries()) {
            SqlStatement s = e.statement();
            if (s.kind() == StatementKind.CREATE_TABLE) {
                Map<String, ColumnSource> t = out.computeIfAbsent(s.object().key(), k -> new LinkedHashMap<>());
                StatementClassifier.columnDefinitionsOf(s).forEach((name, definition) ->
                        t.put(name.toLowerCase(Locale.ROOT), new ColumnSource(e, definition)));
            } else if (s.kind() == StatementKind.ALTER_TABLE) {
                Map<String, ColumnSource> t = out.computeIfAbsent(s.table().key(), k -> new LinkedHashMap<>());
                // a column added beside other changes in one statement comes back on its own, from its clause
                for (AlterAction a : s.actions()) {
                    if (a.column() == null) {
                        continue;
                    }
                    String column = a.column().toLowerCase(Locale.ROOT);
                    switch (a.type()) {
                        case ADD_COLUMN -> t.put(column, new ColumnSource(e, s.actions().size() > 1 ? a.definition() : null));
                        case DROP_COLUMN, RENAME_COLUMN -> t.remove(column); // not healed: its history ends here
                        default -> {
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The columns the migrations leave a table with (lower case, in order), or null where that cannot be read: a table
     * they do not keep, one made by {@code AS SELECT} or {@code LIKE}, or one a block ({@code DO}, a procedure) changes:
     * it may add or drop a column under a condition.
     */
    public List<String> columnsOf(String relation) {
        EndState.Incarnation inc = end.incarnation(relation, Integer.MAX_VALUE);
        java.util.LinkedHashSet<String> columns = null;
        for (Entry e : inc.gone() == null ? inc.entries() : List.<Entry>of()) {
            SqlStatement s = e.statement();
            if (s.effects().unreadable() != null || s.kind() == StatementKind.PROCEDURAL) {
                return null; // a block may add or drop a column under a condition the reading does not follow
            }
            if (s.kind() == StatementKind.CREATE_TABLE) {
                List<String> declared = StatementClassifier.columnsOf(s);
                if (declared.isEmpty()) {
                    return null;
                }
                columns = new java.util.LinkedHashSet<>();
                for (String c : declared) {
                    columns.add(c.toLowerCase(Locale.ROOT));
                }
            } else if (columns == null) {
                return null; // a view or virtual table: no column list of its own
            }
            if (s.kind() == StatementKind.ALTER_TABLE) {
                for (AlterAction a : s.actions()) {
                    boolean names = a.type() == AlterAction.Type.ADD_COLUMN || a.type() == AlterAction.Type.DROP_COLUMN
                            || a.type() == AlterAction.Type.RENAME_COLUMN;
                    if (names && (a.column() == null || a.type() == AlterAction.Type.RENAME_COLUMN && a.newName() == null)) {
                        return null; // a column whose name was not read
                    }
                    String column = a.column() == null ? null : a.column().toLowerCase(Locale.ROOT);
                    switch (a.type()) {
                        case ADD_COLUMN -> columns.add(column);
                        case DROP_COLUMN -> columns.remove(column);
                        case RENAME_COLUMN -> {
                            columns.remove(column);
                            columns.add(a.newName().name().toLowerCase(Locale.ROOT));
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        return columns == null ? null : List.copyOf(columns);
    }
}
