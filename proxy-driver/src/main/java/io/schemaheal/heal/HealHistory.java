package io.schemaheal.heal;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** Writes the rows of the heal history table ({@code schemaheal.history-table}). */
final class HealHistory {

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
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + quotedTable
                + " (healed_at, table_name, migrations, checksums, statements_applied, statements_skipped, "
                + "duration_ms, outcome, host, process, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            ps.executeUpdate();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
