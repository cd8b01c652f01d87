package io.schemaheal.dialect.mariadb;

import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** MariaDB (and MySQL): how its DDL is written (the part of its {@link MariaDbDialect} that is a {@link DdlWriter}). */
final class MariaDbDdl implements DdlWriter {

    /**
     * With foreign-key checks off for this one statement: the child's existing rows are not checked, and
     * the ALTER waits for no transaction that wrote the parent.
     */
    @Override
    public String addForeignKey(ObjectName child, String name, List<String> columns, String references) {
        return "SET STATEMENT foreign_key_checks = 0 FOR " + DdlWriter.alterTableAddForeignKey(written(child), name, columns, references);
    }

    @Override
    public String quote(String identifier) {
        return MariaDbDialect.quoted(identifier);
    }

    @Override
    public String autoIncrementPrimaryKey() {
        return "BIGINT AUTO_INCREMENT PRIMARY KEY";
    }

    /**
     * {@code ALTER TABLE parent AUTO_INCREMENT = n} past the children's largest value, where {@code column} is the
     * table's {@code AUTO_INCREMENT} column (the table is this heal's, just created); otherwise, or where a child column
     * holds no numbers, nothing.
     */
    @Override
    public void startPast(Connection c, ObjectName parent, ObjectName column, List<ObjectName[]> referencing)
            throws SQLException {
        if (referencing.isEmpty() || !Catalog.anyRow(c, "SELECT 1 FROM information_schema.columns WHERE table_schema = "
                + "COALESCE(?, DATABASE()) AND table_name = ? AND column_name = ? AND extra LIKE '%auto_increment%'",
                parent.schema(), parent.name(), column.name())) {
            return;
        }
        StringBuilder max = new StringBuilder();
        for (ObjectName[] r : referencing) {
            max.append(max.length() == 0 ? "" : " UNION ALL ").append("SELECT max(").append(MariaDbDialect.quoted(r[1].name()))
                    .append(") AS m FROM ").append(quoteQualified(r[0]));
        }
        long past;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(m) FROM (" + max + ") u")) {
            if (!rs.next() || rs.getObject(1) == null) {
                return;
            }
            past = rs.getLong(1) + 1;
        } catch (SQLException notNumbers) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + quoteQualified(parent) + " AUTO_INCREMENT = " + past);
        }
    }
}
