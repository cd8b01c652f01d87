package io.schemaheal.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The JDBC work the hot-path benchmarks measure, the same for every variant and database. */
final class HotPath {

    static final String CREATE = "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL)";
    static final String SELECT_BY_ID = "SELECT id, name, qty FROM items WHERE id = ?";
    static final String SELECT_TEN = "SELECT id, name FROM items ORDER BY id LIMIT 10";
    static final String INSERT = "INSERT INTO items (id, name, qty) VALUES (?, ?, ?)";
    static final int ROWS = 1000;

    private HotPath() {
    }

    static void fill(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(CREATE);
            st.execute("DELETE FROM items");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 1; i <= ROWS; i++) {
                ps.setInt(1, i);
                ps.setString(2, "item " + i);
                ps.setInt(3, i % 17);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(auto);
    }

    /** A prepared primary-key select, reading its one row. */
    static String selectById(PreparedStatement select, int id) throws SQLException {
        select.setInt(1, id);
        try (ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getString(2);
        }
    }

    /** create statement → executeQuery → iterate ten rows → close. */
    static int roundTrip(Connection c) throws SQLException {
        int sum = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SELECT_TEN)) {
            while (rs.next()) {
                sum += rs.getInt(1);
            }
        }
        return sum;
    }

    /** 100 rows in one batch, in a transaction that is rolled back so the table stays as it was. */
    static int[] batch100(Connection c, PreparedStatement insert, int base) throws SQLException {
        for (int i = 0; i < 100; i++) {
            insert.setInt(1, base + i);
            insert.setString(2, "batch");
            insert.setInt(3, i);
            insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        c.rollback();
        return counts;
    }
}
