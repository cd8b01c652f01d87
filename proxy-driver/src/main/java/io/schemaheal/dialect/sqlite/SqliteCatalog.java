package io.schemaheal.dialect.sqlite;

import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.CatalogQueries;
import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** SQLite: what its catalog is asked (the part of its {@link SqliteDialect} that is a {@link CatalogQueries}). */
final class SqliteCatalog implements CatalogQueries {

    private final DdlWriter ddl;

    SqliteCatalog(DdlWriter ddl) {
        this.ddl = ddl;
    }

    @Override
    public boolean exists(Connection c, ObjectType type, ObjectName name, ObjectName table) throws SQLException {
        String types = switch (type) {
            case RELATION -> "'table', 'view'";
            case INDEX -> "'index'";
            case TRIGGER -> "'trigger'";
            default -> null; // SQLite has no types, sequences or functions of its own
        };
        if (types == null) {
            return false;
        }
        return Catalog.anyRow(c, "SELECT 1 FROM " + master(name) + " WHERE type IN (" + types + ") AND name = ? COLLATE NOCASE",
                name.name());
    }

    @Override
    public boolean columnExists(Connection c, ObjectName table, String column) throws SQLException {
        String schema = table.schema() == null ? "main" : table.schema();
        return Catalog.anyRow(c, "SELECT 1 FROM pragma_table_info(?, ?) WHERE name = ? COLLATE NOCASE",
                table.name(), schema, column);
    }

    @Override
    public List<String> columns(Connection c, ObjectName table) throws SQLException {
        return Catalog.strings(c, "SELECT name FROM pragma_table_info(?, ?) ORDER BY cid", table.name(),
                table.schema() == null ? "main" : table.schema());
    }

    @Override
    public List<String> tablesWithColumns(Connection c, List<String> columns) throws SQLException {
        return Catalog.havingAll(c, "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' "
                + "AND lower(p.name) IN (%s) GROUP BY m.name HAVING count(*) = CAST(? AS INTEGER) ORDER BY 1", columns);
    }

    private String master(ObjectName name) {
        return name.schema() == null || name.schema().equalsIgnoreCase("main")
                ? "sqlite_master" : ddl.quote(name.schema()) + ".sqlite_master";
    }
}
