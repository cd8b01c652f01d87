package io.schemaheal.dialect.postgres;

import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.CatalogQueries;
import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** PostgreSQL: what its catalog is asked (the part of its {@link PostgresDialect} that is a {@link CatalogQueries}). */
final class PostgresCatalog implements CatalogQueries {

    @Override
    public boolean anyReferencingRow(Connection c, ObjectName child, List<String> columns) throws SQLException {
        String set = columns.stream().map(col -> col + " IS NOT NULL").collect(java.util.stream.Collectors.joining(" AND "));
        return Catalog.anyRow(c, "SELECT 1 FROM " + PostgresDialect.regName(child) + " WHERE " + set + " LIMIT 1");
    }

    @Override
    public boolean foreignKeyExists(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 " + PostgresDialect.FOREIGN_KEY, PostgresDialect.regName(child), PostgresDialect.regName(parent), DdlWriter.columnList(columns));
    }

    @Override
    public boolean exists(Connection c, ObjectType type, ObjectName name, ObjectName table) throws SQLException {
        return switch (type) {
            case RELATION, INDEX, SEQUENCE -> Catalog.anyRow(c, "SELECT 1 WHERE to_regclass(?) IS NOT NULL", PostgresDialect.regName(name));
            case TYPE -> Catalog.anyRow(c, "SELECT 1 WHERE to_regtype(?) IS NOT NULL", PostgresDialect.regName(name));
            case TRIGGER -> table == null
                    ? Catalog.anyRow(c, "SELECT 1 FROM pg_trigger WHERE tgname = ? AND NOT tgisinternal", PostgresDialect.folded(name))
                    : Catalog.anyRow(c, "SELECT 1 FROM pg_trigger WHERE tgname = ? AND tgrelid = to_regclass(?) "
                            + "AND NOT tgisinternal", PostgresDialect.folded(name), PostgresDialect.regName(table));
            // in the schema the name has (a heal qualifies every name with the schema it heals), else on the search path
            case FUNCTION -> name.schema() == null
                    ? Catalog.anyRow(c, "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE p.proname = ? AND n.nspname = ANY (current_schemas(true))", PostgresDialect.folded(name))
                    : Catalog.anyRow(c, "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE p.proname = ? AND n.nspname = ?", PostgresDialect.folded(name), name.schema().toLowerCase(java.util.Locale.ROOT));
        };
    }

    @Override
    public ObjectName firstExisting(Connection c, List<ObjectName> relations) throws SQLException {
        String[] names = relations.stream().map(PostgresDialect::regName).toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement("SELECT min(i) FROM unnest(?::text[]) WITH ORDINALITY AS r(n, i) "
                + "WHERE to_regclass(n) IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("text", names));
            try (ResultSet rs = ps.executeQuery()) {
                int first = rs.next() ? rs.getInt(1) : 0;
                return first == 0 ? null : relations.get(first - 1);
            }
        }
    }

    @Override
    public boolean columnExists(Connection c, ObjectName table, String column) throws SQLException {
        // as an error names it (exact: "startsAt") or as a script writes it unquoted (folded: StartsAt is startsat)
        return Catalog.anyRow(c, "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname IN (?, lower(?)) "
                + "AND attnum > 0 AND NOT attisdropped", PostgresDialect.regName(table), column, column);
    }

    @Override
    public List<String> columns(Connection c, ObjectName table) throws SQLException {
        return Catalog.strings(c, "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 "
                + "AND NOT attisdropped ORDER BY attnum", PostgresDialect.regName(table));
    }

    @Override
    public List<String> tablesWithColumns(Connection c, List<String> columns) throws SQLException {
        // pg_attribute, not information_schema.columns: a heal asks this, and the view is slow on a schema of many
        // tables; each table's columns by its index, not one scan of every column of the database
        return Catalog.havingAll(c, "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                + "AND c.relkind IN ('r', 'p') AND (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 "
                + "AND NOT a.attisdropped AND lower(a.attname) IN (%s)) = ?::int AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1",
                columns);
    }

    @Override
    public boolean sequenceOwnedBy(Connection c, ObjectName sequence, ObjectName table) throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 FROM pg_depend WHERE classid = 'pg_class'::regclass AND refclassid = "
                + "'pg_class'::regclass AND deptype IN ('a', 'i') AND objid = to_regclass(?) AND refobjid = to_regclass(?)",
                PostgresDialect.regName(sequence), PostgresDialect.regName(table));
    }

    @Override
    public String currentSchema(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_schema()"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
