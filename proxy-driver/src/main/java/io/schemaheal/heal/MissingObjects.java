package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.MissingColumn;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.VersionTables;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.StatementTables;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What a failure says is missing, read against the migrations: the relation and the schema a heal creates it in, or
 * the table a missing column belongs to. Nothing here writes; it reads the exception, the statement and the session.
 */
final class MissingObjects {

    /**
     * A relation to heal: its manifest key, and the schema the heal's unqualified statements go to (null
     * where the connection has only its own, SQLite).
     */
    record Target(String key, String schema) {
    }

    private final Dialect dialect;
    private final MigrationManifest manifest;
    private final HealPlanner planner;
    private final Connection connection;
    /** The history table's own key: a table a heal never creates. */
    private final String historyKey;

    MissingObjects(Dialect dialect, MigrationManifest manifest, HealPlanner planner, Connection connection,
                   String historyKey) {
        this.dialect = dialect;
        this.manifest = manifest;
        this.planner = planner;
        this.connection = connection;
        this.historyKey = historyKey;
    }

    /** The missing relation an exception (or the exceptions it wraps: a batch's cause) reports, or null. */
    ObjectName relation(SQLException e, String sql) {
        return firstInChain(e, sql, dialect.errors()::missingRelation);
    }

    /** The missing column an exception (or the exceptions it wraps) reports, or null. */
    MissingColumn column(SQLException e, String sql) {
        return firstInChain(e, sql, dialect.errors()::missingColumn);
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

    /** Whether the migrations define the missing relation or column at all: what an aborted transaction cost. */
    boolean ours(SQLException failure, String sql, ObjectName missing) {
        return missing != null ? manifest.knows(missing.key()) || manifest.knows(missing.bareKey())
                : column(failure, sql) != null;
    }

    /**
     * Where the failing statement looked: a name it qualifies is healed in that schema (from the
     * migrations' definition of that qualified name, else of the bare one); an unqualified name in the
     * session's current schema. Null when the migrations do not define it there, or it is a table a heal
     * never creates.
     */
    Target target(ObjectName missing) throws SQLException {
        Target t = locate(missing);
        if (t == null || t.key().equals(historyKey) || ObjectName.bareKeyOf(t.key()).equals(historyKey)
                || VersionTables.contains(t.key())) {
            return null;
        }
        return t;
    }

    /**
     * For a relation the migrations do not define: why, when a script that could not be read names it (it may be what
     * creates it), else null. The history table and version tables are never a heal's.
     */
    String unreadableNaming(ObjectName missing) {
        String bare = missing.bareKey();
        return bare.equals(historyKey) || VersionTables.contains(bare) ? null : manifest.refusal(missing.key());
    }

    private Target locate(ObjectName missing) throws SQLException {
        String bare = missing.bareKey();
        if (missing.schema() != null) {
            if (manifest.knows(missing.key())) {
                return new Target(missing.key(), dialect.catalog().currentSchema(connection));
            }
            // the migrations' unqualified name, in the schema the statement named: only where the heal can go there
            return manifest.knows(bare) && dialect.catalog().currentSchema(connection) != null ? new Target(bare, missing.schema()) : null;
        }
        String current = dialect.catalog().currentSchema(connection);
        if (manifest.knows(bare)) {
            return new Target(bare, current);
        }
        String truncated = truncatedName(bare);
        if (truncated != null) {
            return new Target(truncated, current);
        }
        String qualified = current == null ? null : current.toLowerCase(Locale.ROOT) + "." + bare;
        return qualified != null && manifest.knows(qualified) ? new Target(qualified, current) : null;
    }

    /**
     * The relation whose name the database cut to {@code name} (PostgreSQL keeps 63 bytes of a name), when
     * exactly one relation of the migrations has that cut name; else null.
     */
    private String truncatedName(String name) {
        int max = dialect.ddl().maxNameLength();
        if (max <= 0 || name.length() != max) {
            return null;
        }
        String found = null;
        for (String relation : manifest.relations()) {
            if (relation.length() > max && relation.startsWith(name)) {
                if (found != null) {
                    return null;
                }
                found = relation;
            }
        }
        return found;
    }

    /**
     * The table a missing column belongs to: the one the error names (an alias is resolved from the
     * statement), or else the only table of the statement whose end state has that column; in the schema the
     * statement named, as for a relation ({@link #target}). Null when it is unknown or ambiguous.
     */
    Target tableOf(MissingColumn mc, String sql) throws SQLException {
        Map<String, String> tables = StatementTables.of(sql, dialect.flavor());
        if (mc.table() != null) {
            return columnTable(tables.getOrDefault(mc.table().key(), mc.table().key()), mc.column());
        }
        Set<Target> candidates = new LinkedHashSet<>();
        for (String table : tables.values()) {
            Target t = columnTable(table, mc.column());
            if (t != null) {
                candidates.add(t);
            }
        }
        return candidates.size() == 1 ? candidates.iterator().next() : null;
    }

    /**
     * Where {@code named} (a key, perhaps schema-qualified) is healed when the migrations' end state gives it the
     * column: by the migrations' own name in the session's schema, or the migrations' unqualified name in the schema
     * the statement named (never in another).
     */
    private Target columnTable(String named, String column) throws SQLException {
        if (planner.endState().columns().source(named, column) != null) {
            return new Target(named, dialect.catalog().currentSchema(connection));
        }
        ObjectName name = ObjectName.fromKey(named);
        return name.schema() != null && planner.endState().columns().source(name.bareKey(), column) != null
                && dialect.catalog().currentSchema(connection) != null ? new Target(name.bareKey(), name.schema()) : null;
    }

    /** True when the column is in the table already, as the application's connection sees it in the target's schema. */
    boolean columnIsThere(Target table, String column) {
        LiveCatalog here = new LiveCatalog(connection, dialect, manifest, table.schema());
        try {
            return here.relationExists(table.key()) && here.columnExists(manifest.name(table.key()), column);
        } catch (SQLException e) {
            return false; // cannot tell: the heal decides under its lock
        }
    }
}
