package io.schemaheal.heal;

import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where one heal runs and what it has made so far: the connection and schema its statements go to (the
 * {@link LiveCatalog} it asks), and the relations and triggers it created. {@link HealRules} judges every statement against it; a name a
 * migration writes without a schema means this heal's schema.
 */
final class HealScope extends LiveCatalog {

    private final Set<String> created = new LinkedHashSet<>();
    /** Types and sequences this heal created (bare keys). */
    private final Set<String> createdObjects = new java.util.HashSet<>();
    /** Columns this heal added to tables it did not create ({@code table.column}, lower case). */
    private final Set<String> addedColumns = new LinkedHashSet<>();
    private final Map<String, List<SqlStatement>> triggers = new ConcurrentHashMap<>();
    /** Where DDL is not transactional: the heal's {@code started} row, once written. */
    private HealMarker marker;
    /** What the database says this heal changed of what existed before it (see {@link HealRun}). */
    private ChangeWatch watch = ChangeWatch.NONE;
    private boolean resumed;
    private Set<String> lost = Set.of();

    /** @param schema the schema unqualified names resolve to, or null for the connection's own (SQLite) */
    HealScope(Connection connection, Dialect dialect, MigrationManifest manifest, String schema) {
        super(connection, dialect, manifest, schema);
    }

    /** True when this heal added the column (lower case) to the table (manifest key): it was not there before. */
    boolean addedColumn(String table, String column) {
        return addedColumns.contains(table + "." + column.toLowerCase(java.util.Locale.ROOT));
    }

    /** True when this heal created the relation (manifest key). */
    boolean created(String key) {
        return created.contains(key);
    }

    Set<String> created() {
        return created;
    }

    ChangeWatch watch() {
        return watch;
    }

    /** Starts watching the database for changes to what exists now; ends the watch before (see {@link #endWatch}). */
    void watch(ChangeWatch watch) {
        endWatch();
        this.watch = watch;
    }

    /** Ends the watch, removing what it set up; the heal's record and commit follow. */
    void endWatch() {
        watch.close();
        watch = ChangeWatch.NONE;
    }

    HealMarker marker() {
        return marker;
    }

    void mark(HealMarker marker) {
        this.marker = marker;
    }

    /**
     * Continues a heal that was interrupted: what it created counts as created by this one.
     *
     * @param lost what it created that is gone since (dropped, or dropped and made again by someone else)
     */
    void resume(HealMarker marker, Set<String> createdBefore, Set<String> lost) {
        this.marker = marker;
        this.resumed = true;
        created.addAll(createdBefore);
        this.lost = Set.copyOf(lost);
    }

    /** What the interrupted heal this one completes had created and is gone since. */
    Set<String> lost() {
        return lost;
    }

    /** True when this heal completes one that was interrupted. */
    boolean resumed() {
        return resumed;
    }

    /** Triggers this heal created on a relation. */
    List<SqlStatement> triggersOn(String key) {
        return triggers.getOrDefault(key, List.of());
    }

    /** True when this heal created the type or sequence. */
    boolean createdObject(ObjectName typeOrSequence) {
        return createdObjects.contains(typeOrSequence.bareKey());
    }

    /** True when the sequence came with a table this heal created (a {@code serial} or identity column's). */
    boolean sequenceOfACreatedTable(ObjectName sequence) throws SQLException {
        for (String table : created) {
            if (dialect.catalog().sequenceOwnedBy(connection, sequence.inSchema(schema), manifest.name(table).inSchema(schema))) {
                return true;
            }
        }
        return false;
    }

    /** Records what a statement that ran created (a relation, a trigger, a type) or renamed. */
    void ran(SqlStatement s) {
        switch (s.kind()) {
            case CREATE_TYPE -> createdObjects.add(s.object().bareKey());
            case CREATE_SEQUENCE -> {
                createdObjects.add(s.object().bareKey());
                if (manifest.isSequence(s.object().bareKey())) {
                    created.add(s.object().bareKey()); // a sequence of its own: healed as a relation is
                }
            }
            case CREATE_TABLE, CREATE_VIRTUAL_TABLE, CREATE_VIEW, CREATE_MATERIALIZED_VIEW -> created.add(s.object().key());
            case CREATE_TRIGGER -> {
                if (s.table() != null) {
                    triggers.computeIfAbsent(s.table().key(), k -> new ArrayList<>()).add(s);
                }
            }
            case ALTER_TABLE -> s.actions().forEach(a -> {
                if (a.type() == io.schemaheal.sql.AlterAction.Type.RENAME_TABLE && a.newName() != null
                        && created.remove(s.table().key())) {
                    created.add(a.newName().key());
                } else if (a.type() == io.schemaheal.sql.AlterAction.Type.ADD_COLUMN && a.column() != null) {
                    addedColumns.add(s.table().key() + "." + a.column().toLowerCase(java.util.Locale.ROOT));
                }
            });
            default -> {
            }
        }
    }
}
