package io.schemaheal.dialect.postgres;

import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.TableConstraint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** PostgreSQL: how its DDL is written (the part of its {@link PostgresDialect} that is a {@link DdlWriter}). */
final class PostgresDdl implements DdlWriter {

    /** CHECK and FOREIGN KEY as {@code NOT VALID}: the table's existing rows are not read for them. */
    @Override
    public String addConstraint(SqlStatement alterTableAdd) {
        List<AlterAction> actions = alterTableAdd.actions();
        TableConstraint added = actions.size() == 1 ? actions.get(0).constraint() : null;
        boolean readsRows = added != null && !added.notValid()
                && (added.kind() == TableConstraint.Kind.CHECK || added.kind() == TableConstraint.Kind.FOREIGN_KEY);
        return readsRows ? alterTableAdd.sql() + " NOT VALID" : alterTableAdd.sql();
    }

    /** {@code NOT VALID}: the child's existing rows are not checked (they may point at rows the lost parent had). */
    @Override
    public String addForeignKey(ObjectName child, String name, List<String> columns, String references) {
        return DdlWriter.alterTableAddForeignKey(written(child), name, columns, references) + " NOT VALID";
    }

    @Override
    public String validateForeignKey(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(k.conname) " + PostgresDialect.FOREIGN_KEY + " AND NOT k.convalidated")) {
            ps.setString(1, PostgresDialect.regName(child));
            ps.setString(2, PostgresDialect.regName(parent));
            ps.setString(3, DdlWriter.columnList(columns));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "ALTER TABLE " + PostgresDialect.regName(child) + " VALIDATE CONSTRAINT " + rs.getString(1) : null;
            }
        }
    }

    @Override
    public String autoIncrementPrimaryKey() {
        return "BIGSERIAL PRIMARY KEY";
    }

    /** NAMEDATALEN - 1: the server cuts longer names. */
    @Override
    public int maxNameLength() {
        return 63;
    }

    /**
     * {@code setval} of the column's serial or identity sequence (one this heal created with its table), under a
     * savepoint: where there is none, or a child column holds no numbers, the sequence stays as it is and the heal
     * goes on.
     */
    @Override
    public void startPast(Connection c, ObjectName parent, ObjectName column, List<ObjectName[]> referencing)
            throws SQLException {
        if (referencing.isEmpty()) {
            return;
        }
        StringBuilder max = new StringBuilder();
        for (ObjectName[] r : referencing) {
            max.append(max.length() == 0 ? "" : " UNION ALL ").append("SELECT max(").append(quote(PostgresDialect.folded(r[1])))
                    .append(")::bigint AS m FROM ").append(PostgresDialect.regName(r[0]));
        }
        try (Statement st = c.createStatement()) {
            st.execute("SAVEPOINT schemaheal_identity");
            try (PreparedStatement ps = c.prepareStatement("SELECT setval(s, m) FROM (SELECT pg_get_serial_sequence(?, ?) AS s) q, "
                    + "(SELECT max(m) AS m FROM (" + max + ") u) v WHERE s IS NOT NULL AND m IS NOT NULL")) {
                ps.setString(1, PostgresDialect.regName(parent));
                ps.setString(2, PostgresDialect.folded(column)); // pg_get_serial_sequence takes the column name as it is kept
                ps.executeQuery().close();
                st.execute("RELEASE SAVEPOINT schemaheal_identity");
            } catch (SQLException none) {
                st.execute("ROLLBACK TO SAVEPOINT schemaheal_identity");
                st.execute("RELEASE SAVEPOINT schemaheal_identity");
            }
        }
    }
}
