package io.schemaheal.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC questions the tests ask of a database: a count, a column of strings, rows, a table's columns. */
final class Queries {

    private Queries() {
    }

    static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Each row as its columns' values joined with {@code |} (null as "null"). */
    static List<String> rows(Connection c, String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int k = 1; k <= n; k++) {
                    row.append(k > 1 ? "|" : "").append(rs.getString(k));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    /** A table's columns in their order, in lower case, as a query of it returns them. */
    static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0"); ResultSet rs = ps.executeQuery()) {
            for (int k = 1; k <= rs.getMetaData().getColumnCount(); k++) {
                out.add(rs.getMetaData().getColumnLabel(k).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    /** Whether a query of the table runs (on a connection outside a transaction). */
    static boolean tableExists(Connection c, String table) {
        try {
            columns(c, table);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
