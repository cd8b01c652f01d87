package io.schemaheal.heal;

import io.schemaheal.dialect.ObjectType;
import io.schemaheal.manifest.FlywayPlaceholders;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.VersionTables;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.Effects;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one rule for what a heal may run, for run-time heals and {@code doctor --fix} alike: a statement
 * runs only when it is proven
 * <ul>
 *   <li>to create an object that is not there (a table, view, index, trigger, type, sequence, function), or</li>
 *   <li>to add to an existing table only columns its end state has and it lacks, or</li>
 *   <li>to change, fill or drop only relations this same heal created, with every effect it has (a
 *       multi-table UPDATE's tables, the triggers it fires, the functions it calls, a {@code DO} block's
 *       body) readable from its text.</li>
 * </ul>
 * Everything else is skipped, and the reason is named in the history row and the log line. Nothing is
 * ever renamed, moved, rewritten, deleted or dropped that existed before the heal.
 * <p>Reading SQL is the first filter, cheap and with a reason to give; the proof is the database's own
 * account of what each statement changed ({@link io.schemaheal.dialect.ChangeWatch}), which {@link HealRun}
 * asks after every statement these rules let through. (Not final: a test replaces these rules with
 * "run everything" to show that the watch alone holds the promise.)
 */
class HealRules {

    /**
     * What the rule says of one statement: run it, or skip it for {@code reason}; {@code done} when skipped because its
     * work is done already ("already there", "already gone"): no news for the log.
     */
    record Verdict(boolean run, String reason, boolean done) {
        static final Verdict RUN = new Verdict(true, null, false);

        static Verdict skip(String reason) {
            return new Verdict(false, reason, false);
        }

        static Verdict done(String how) {
            return new Verdict(false, how, true);
        }
    }

    private final MigrationManifest manifest;
    private final HealPlanner planner;

    HealRules(MigrationManifest manifest, HealPlanner planner) {
        this.manifest = manifest;
        this.planner = planner;
    }

    /** The end state the rules judge by: what a heal also reads (the foreign keys other tables declare to a table). */
    HealPlanner planner() {
        return planner;
    }

    /**
     * The foreign keys other tables declare to {@code relation}, which this heal created, that are missing:
     * each child table is there (not created by this heal, which made its keys with it) with the key's
     * columns, and has no foreign key on them to the relation. Adding one changes no row.
     */
    List<EndState.ForeignKeyTo> foreignKeysToRestore(String relation, HealScope scope) throws SQLException {
        List<EndState.ForeignKeyTo> out = new ArrayList<>();
        ObjectName parent = manifest.name(relation);
        List<EndState.ForeignKeyTo> declared = planner.endState().foreignKeysTo(relation);
        boolean columnReferencesIgnored = !declared.isEmpty() && scope.ignoresColumnReferences();
        for (EndState.ForeignKeyTo fk : declared) {
            ObjectName child = fk.child();
            if (fk.key().onColumn() && columnReferencesIgnored) {
                continue; // the server never made this one
            }
            if (scope.created(child.key()) || !scope.exists(ObjectType.RELATION, child)) {
                continue; // its own heal makes it with its keys
            }
            boolean columns = true;
            for (String column : fk.key().columns()) {
                columns &= scope.columnExists(child, ObjectName.unquote(column));
            }
            if (columns && !scope.foreignKeyExists(child, fk.key().columns(), parent)) {
                out.add(fk);
            }
        }
        return out;
    }

    Verdict judge(SqlStatement s, HealScope scope) throws SQLException {
        // a Flyway placeholder left in a statement: no schemaheal.placeholders.NAME gave it a value
        FlywayPlaceholders.Left placeholder = manifest.placeholderLeftIn(s.sql());
        if (placeholder != null) {
            return Verdict.skip("it uses Flyway's placeholder " + placeholder.written() + ", which has no value here: set "
                    + "schemaheal.placeholders." + placeholder.name() + " (in Spring Boot, spring.flyway.placeholders."
                    + placeholder.name() + " is used)");
        }
        ObjectName object = s.object();
        ObjectName table = s.table();
        return switch (s.kind()) {
            case CREATE_TABLE, CREATE_VIRTUAL_TABLE, CREATE_VIEW, CREATE_MATERIALIZED_VIEW ->
                    createIfMissing(scope, ObjectType.RELATION, object, null);
            case CREATE_INDEX -> {
                if (table == null) {
                    yield Verdict.skip("the table it indexes cannot be read from the statement");
                }
                if (!scope.exists(ObjectType.RELATION, table)) {
                    yield Verdict.skip("its table " + table + " is not there");
                }
                if (object == null) {
                    yield scope.created(table.key()) ? Verdict.RUN : Verdict.skip("an index without a name on "
                            + table + ", which this heal did not create: whether it is already there cannot be checked");
                }
                yield createIfMissing(scope, ObjectType.INDEX, object, table);
            }
            case CREATE_TRIGGER -> {
                if (table == null || !scope.exists(ObjectType.RELATION, table)) {
                    yield Verdict.skip("its table " + table + " is not there");
                }
                yield createIfMissing(scope, ObjectType.TRIGGER, object, table);
            }
            case CREATE_TYPE -> createIfMissing(scope, ObjectType.TYPE, object, null);
            case ALTER_TYPE -> scope.createdObject(object) ? Verdict.RUN : Verdict.skip("it adds a value to type " + object
                    + ", which existed before this heal: a heal changes no type it did not create");
            case ALTER_SEQUENCE -> scope.createdObject(object) || scope.sequenceOfACreatedTable(object) ? Verdict.RUN
                    : Verdict.skip("it changes sequence " + object + ", which this heal did not create");
            case CREATE_SEQUENCE -> createIfMissing(scope, ObjectType.SEQUENCE, object, null);
            case CREATE_FUNCTION -> createIfMissing(scope, ObjectType.FUNCTION, object, null);
            case ALTER_TABLE -> alter(s, scope);
            case DATA -> writesOnlyCreated(s, scope);
            case PROCEDURAL -> writesOnlyCreated(s, scope);
            default -> Verdict.skip("a heal never runs " + s.kind().name().toLowerCase().replace('_', ' ') + " statements");
        };
    }

    private static Verdict createIfMissing(HealScope scope, ObjectType type, ObjectName object, ObjectName table)
            throws SQLException {
        if (object == null) {
            return Verdict.skip("the name of what it creates cannot be read from the statement");
        }
        return scope.exists(type, object, table) ? Verdict.done("already there") : Verdict.RUN;
    }

    /**
     * On a relation this heal created, its migrations' history runs in full (a later rename, drop column,
     * constraint). On any other table only ADD COLUMN, of columns the end state has and the table lacks.
     */
    private Verdict alter(SqlStatement s, HealScope scope) throws SQLException {
        ObjectName table = s.table();
        if (!scope.exists(ObjectType.RELATION, table)) {
            return Verdict.skip("its table " + table + " is not there");
        }
        if (scope.created(table.key())) {
            return alterCreated(s, scope);
        }
        if (s.actions().size() == 1 && s.actions().get(0).type() == AlterAction.Type.ADD_CONSTRAINT) {
            // a constraint that involves a column this heal added cannot be there already (it went with the
            // column); adding it changes no row (PostgreSQL adds CHECK and FOREIGN KEY as NOT VALID)
            for (String column : s.identifiers()) {
                if (scope.addedColumn(table.key(), column)) {
                    return Verdict.RUN;
                }
            }
            return Verdict.skip("it adds a constraint to " + table + ", which existed before this heal, on columns "
                    + "this heal did not add: whether it is already there, and what it would reject, is not known");
        }
        List<String> missing = new ArrayList<>();
        for (AlterAction a : s.actions()) {
            if (a.type() != AlterAction.Type.ADD_COLUMN || a.column() == null) {
                return Verdict.skip("it " + describe(a) + " on " + table + ", which existed before this heal: "
                        + "a heal only adds missing columns, indexes and triggers to a table it did not create");
            }
            if (planner.endState().columns().source(table.key(), a.column()) == null) {
                return Verdict.skip("column " + a.column() + " is not in the end state of " + table
                        + " (a later migration drops or renames it)");
            }
            if (!scope.columnExists(table, a.column())) {
                missing.add(a.column());
            }
        }
        if (missing.isEmpty()) {
            return Verdict.done("already there");
        }
        if (missing.size() < s.actions().size()) {
            return Verdict.skip("only some of its columns are missing from " + table + " (" + String.join(", ", missing)
                    + "): the statement as a whole would fail");
        }
        return Verdict.RUN;
    }

    /** On a table this heal created, the history runs, each step guarded so that a script that is not idempotent is safe. */
    private static Verdict alterCreated(SqlStatement s, HealScope scope) throws SQLException {
        ObjectName table = s.table();
        List<AlterAction> actions = s.actions();
        for (AlterAction a : actions) {
            if (a.type() == AlterAction.Type.RENAME_TABLE
                    && (a.newName() == null || scope.exists(ObjectType.RELATION, a.newName()))) {
                return Verdict.skip("it renames " + table + " to " + a.newName() + ", which is already there");
            }
        }
        if (!actions.isEmpty() && actions.stream().allMatch(a -> a.type() == AlterAction.Type.ADD_COLUMN)) {
            for (AlterAction a : actions) {
                if (a.column() != null && !scope.columnExists(table, a.column())) {
                    return Verdict.RUN;
                }
            }
            return Verdict.done("already there");
        }
        if (actions.size() == 1 && actions.get(0).type() == AlterAction.Type.DROP_COLUMN) {
            return scope.columnExists(table, actions.get(0).column()) ? Verdict.RUN : Verdict.done("already gone");
        }
        if (actions.size() == 1 && actions.get(0).type() == AlterAction.Type.DROP_OBJECT
                && AlterAction.INDEX.equals(actions.get(0).column()) && actions.get(0).newName() != null) {
            // an index the plan left out (dropped later in the history) is not there to drop
            return scope.exists(ObjectType.INDEX, actions.get(0).newName(), table) ? Verdict.RUN : Verdict.done("already gone");
        }
        if (actions.size() == 1 && actions.get(0).type() == AlterAction.Type.RENAME_COLUMN) {
            AlterAction a = actions.get(0);
            return scope.columnExists(table, a.column()) && !scope.columnExists(table, a.newName().name())
                    ? Verdict.RUN : Verdict.done("already renamed");
        }
        return Verdict.RUN;
    }

    private static String describe(AlterAction a) {
        return switch (a.type()) {
            case RENAME_TABLE -> "renames the table to " + a.newName();
            case RENAME_COLUMN -> "renames column " + a.column();
            case DROP_COLUMN -> "drops column " + a.column();
            case DROP_OBJECT -> "drops " + a.newName();
            default -> "changes the table's definition";
        };
    }

    /**
     * A data statement or {@code DO} block runs only when everything it writes, directly, through the
     * triggers this heal created on those tables, or through functions the migrations define, is a
     * relation this heal created, and every such effect can be read; and every relation of the migrations it
     * reads is there (a data copy from a table a later migration drops has no input in the end state).
     */
    private Verdict writesOnlyCreated(SqlStatement s, HealScope scope) throws SQLException {
        Set<String> writes = new LinkedHashSet<>(s.effects().writes());
        if (s.kind() == StatementKind.DATA) {
            writes.add(s.table().key());
        }
        String unreadable = closure(s.effects(), writes, new HashSet<>());
        // the triggers a write fires on the tables this heal created are effects of the statement too
        for (String w : List.copyOf(writes)) {
            for (SqlStatement trigger : scope.triggersOn(w)) {
                String why = closure(trigger.effects(), writes, new HashSet<>());
                unreadable = unreadable != null ? unreadable : why == null ? null : "trigger " + trigger.object() + ": " + why;
            }
        }
        if (unreadable != null) {
            return Verdict.skip("what it changes cannot be known: " + unreadable);
        }
        for (String w : writes) {
            if (VersionTables.contains(w)) {
                return Verdict.skip("it writes the version table " + w + ", which a heal never touches");
            }
            if (!scope.created(w)) {
                return Verdict.skip("it writes " + w + ", which this heal did not create");
            }
        }
        for (String read : s.references()) {
            if (!writes.contains(read) && manifest.knows(read) && !scope.relationExists(read)) {
                return Verdict.skip("it reads " + read + ", which is not there" + (planner.endState().keeps(read)
                        ? "" : " (a later migration drops or renames it: its input is not in the end state)"));
            }
        }
        return Verdict.RUN;
    }

    /**
     * Adds to {@code writes} what the functions that {@code effects} calls write (their final definitions
     * in the migrations); returns why some of it cannot be read, or null.
     */
    private String closure(Effects effects, Set<String> writes, Set<String> visited) {
        writes.addAll(effects.writes());
        String unreadable = effects.unreadable();
        for (String call : effects.calls()) {
            if (!visited.add(call)) {
                continue;
            }
            MigrationManifest.Entry definition = manifest.functionDefinition(call, Integer.MAX_VALUE);
            if (definition != null) {
                String why = closure(definition.statement().effects(), writes, visited);
                if (unreadable == null && why != null) {
                    unreadable = "function " + call + ": " + why;
                }
            }
        }
        return unreadable;
    }
}
