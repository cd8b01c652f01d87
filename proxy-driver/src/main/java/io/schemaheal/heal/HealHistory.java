package io.schemaheal.heal;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** Writes the rows of the heal history table ({@code schemaheal.history-table}). */
public final class HealHistory {

    /** One row: a relation the heal created, with what was applied for it. */
    record Row(String table, String migrations, String checksums, int applied, int skipped, long durationMs,
               String outcome, String detail) {
    }

    private static final String HOST = host();
    /** The process id; the host has a column of its own. */
    private static final String PROCESS = String.valueOf(ProcessHandle.current().pid());

    private HealHistory() {
    }

    static void insert(Connection c, String quotedTable, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT.formatted(quotedTable))) {
            bind(ps, row);
            ps.executeUpdate();
        }
    }

    /** Inserts the row and returns its id. */
    static long insertReturningId(Connection c, String quotedTable, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT.formatted(quotedTable), Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, row);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the history row was written but the database did not return its id");
                }
                return keys.getLong(1);
            }
        }
    }

    private static final String INSERT = "INSERT INTO %s (healed_at, table_name, migrations, checksums, "
            + "statements_applied, statements_skipped, duration_ms, outcome, host, process, detail) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static void bind(PreparedStatement ps, Row row) throws SQLException {
        ps.setString(1, Instant.now().toString());
        ps.setString(2, row.table());
        ps.setString(3, row.migrations());
        ps.setString(4, row.checksums());
        ps.setInt(5, row.applied());
        ps.setInt(6, row.skipped());
        ps.setLong(7, row.durationMs());
        ps.setString(8, row.outcome());
        ps.setString(9, HOST);
        ps.setString(10, PROCESS);
        ps.setString(11, row.detail());
    }

    /**
     * The newest rows of the history table {@code table} ({@code name} or {@code schema.name}), newest first, as
     * column → value; empty when there is no history table yet.
     */
    public static java.util.List<java.util.Map<String, Object>> recent(Connection c, io.schemaheal.dialect.Dialect dialect,
                                                                      String table, int limit) throws SQLException {
        java.util.List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
        if (!dialect.exists(c, io.schemaheal.dialect.ObjectType.RELATION, io.schemaheal.sql.ObjectName.fromKey(table), null)) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT healed_at, table_name, migrations, statements_applied, "
                + "statements_skipped, duration_ms, outcome, host, process, detail FROM "
                + Healer.quoteQualified(dialect, table) + " ORDER BY id DESC")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
