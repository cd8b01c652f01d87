package io.schemaheal.dialect.mariadb;

import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.CatalogQueries;
import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * MariaDB (and MySQL): what its catalog is asked (the part of its {@link MariaDbDialect} that is a {@link
 * CatalogQueries}).
 */
final class MariaDbCatalog implements CatalogQueries {

    /** Error 1227: the statement needs a privilege the account lacks (PROCESS, for InnoDB's views). */
    private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
    /** Error 1109: no such table in information_schema (a server without that view). */
    private static final int ER_UNKNOWN_TABLE = 1109;

    /** MySQL parses and ignores a column's REFERENCES; MariaDB creates the foreign key (10.5 and later). */
    @Override
    public boolean ignoresColumnReferences(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            return rs.next() && !String.valueOf(rs.getString(1)).contains("MariaDB");
        }
    }

    @Override
    public boolean foreignKeyExists(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 FROM (SELECT constraint_name, GROUP_CONCAT(LOWER(column_name) ORDER BY "
                + "LOWER(column_name)) AS cols FROM information_schema.key_column_usage WHERE table_schema = COALESCE(?, "
                + "DATABASE()) AND table_name = ? AND referenced_table_name = ? GROUP BY constraint_name) k WHERE k.cols = ?",
                child.schema(), child.name(), parent.name(), DdlWriter.columnList(columns).toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean exists(Connection c, ObjectType type, ObjectName name, ObjectName table) throws SQLException {
        String schema = name.schema();
        return switch (type) {
            case RELATION -> Catalog.anyRow(c, "SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) "
                    + "AND table_name = ?", schema, name.name());
            case INDEX -> table == null
                    ? Catalog.anyRow(c, "SELECT 1 FROM information_schema.statistics WHERE table_schema = COALESCE(?, DATABASE()) "
                    + "AND index_name = ?", schema, name.name())
                    : Catalog.anyRow(c, "SELECT 1 FROM information_schema.statistics WHERE table_schema = COALESCE(?, DATABASE()) "
                    + "AND index_name = ? AND table_name = ?", schema, name.name(), table.name());
            case TRIGGER -> Catalog.anyRow(c, "SELECT 1 FROM information_schema.triggers WHERE trigger_schema = COALESCE(?, DATABASE()) "
                    + "AND trigger_name = ?", schema, name.name());
            case SEQUENCE -> Catalog.anyRow(c, "SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) "
                    + "AND table_name = ? AND table_type = 'SEQUENCE'", schema, name.name());
            case FUNCTION -> Catalog.anyRow(c, "SELECT 1 FROM information_schema.routines WHERE routine_schema = COALESCE(?, DATABASE()) "
                    + "AND routine_name = ?", schema, name.name());
            case TYPE -> false;
        };
    }

    @Override
    public boolean columnExists(Connection c, ObjectName table, String column) throws SQLException {
        return Catalog.anyRow(c, "SELECT 1 FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) "
                + "AND table_name = ? AND column_name = ?", table.schema(), table.name(), column);
    }

    @Override
    public List<String> columns(Connection c, ObjectName table) throws SQLException {
        return Catalog.strings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) "
                + "AND table_name = ? ORDER BY ordinal_position", table.schema(), table.name());
    }

    @Override
    public List<String> tablesWithColumns(Connection c, List<String> columns) throws SQLException {
        return Catalog.havingAll(c, "SELECT table_name FROM information_schema.columns WHERE table_schema = DATABASE() "
                + "AND lower(column_name) IN (%s) GROUP BY table_name HAVING count(*) = CAST(? AS SIGNED) ORDER BY 1", columns);
    }

    /**
     * InnoDB's id of the table, new at every {@code CREATE}; where the account may not read it (it needs the PROCESS
     * privilege), or the name is one InnoDB spells otherwise, the table's creation time, to the second: a table dropped
     * and made again within that second then looks the same.
     */
    @Override
    public String incarnation(Connection c, ObjectName relation) throws SQLException {
        if (relation.name().matches("[A-Za-z0-9_]+") && (relation.schema() == null || relation.schema().matches("[A-Za-z0-9_]+"))) {
            // MariaDB's INNODB_SYS_TABLES, MySQL 8's INNODB_TABLES: the name is schema/table
            for (String view : new String[] {"INNODB_SYS_TABLES", "INNODB_TABLES"}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_ID FROM information_schema." + view
                        + " WHERE NAME = CONCAT(COALESCE(?, DATABASE()), '/', ?)")) {
                    ps.setString(1, relation.schema());
                    ps.setString(2, relation.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return "innodb table " + rs.getLong(1);
                        }
                        break; // not there, or not InnoDB's: its creation time says what can be said
                    }
                } catch (SQLException e) {
                    if (e.getErrorCode() != ER_SPECIFIC_ACCESS_DENIED && e.getErrorCode() != ER_UNKNOWN_TABLE) {
                        throw e;
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT CREATE_TIME FROM information_schema.tables "
                + "WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?")) {
            ps.setString(1, relation.schema());
            ps.setString(2, relation.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? String.valueOf(rs.getTimestamp(1)) : null;
            }
        }
    }

    @Override
    public String currentSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
