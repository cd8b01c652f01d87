package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code started} history row of a heal where DDL is not transactional (MariaDB): written before the
 * first statement runs, it names the schema the heal runs in, and gains one {@code applied <file:line> ...}
 * line per statement that ran and one {@code created <relation>} line per relation it created. A heal that finishes replaces it with its
 * history rows; one whose connection died leaves it, and the next connection completes the heal from it
 * ({@link Healer#completeInterrupted}). A statement counts as done only once its line is written: seed
 * rows are written in one transaction with their line, so they are never inserted twice.
 */
final class HealMarker {

    static final String STARTED = "started";
    static final String FAILED = "failed";
    private static final String SCHEMA = "schema\t";
    private static final String CREATED = "created\t";
    /** How a line of the marker that records a statement that ran begins. */
    private static final String APPLIED = "applied ";

    /** A marker read back: its row id, the schema it healed in (null: the connection's), what it created, what ran. */
    record Open(long id, String target, String schema, Map<String, String> created, String detail) {
        /** True when the statement at {@code where} ran before the heal was interrupted. */
        boolean done(String where) {
            return detail.contains("\n" + APPLIED + where + " ");
        }
    }

    /** Databases this process has looked at for interrupted heals, since it last interrupted one itself. */
    /** Per database: whether this process has looked for its interrupted heals. */
    private static final class Looked {
        final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    }

    private static Looked looked(String databaseKey) {
        return io.schemaheal.registry.Registry.ofDatabase(databaseKey, Looked.class, Looked::new);
    }

    private final String historyTable;
    private final long id;
    private final StringBuilder detail;

    private HealMarker(String historyTable, long id, String detail) {
        this.historyTable = historyTable;
        this.id = id;
        this.detail = new StringBuilder(detail);
    }

    /** Writes the marker of a heal that is about to apply {@code plan} in {@code schema}. */
    static HealMarker start(Connection c, String historyTable, HealPlan plan, String schema) throws SQLException {
        String detail = SCHEMA + (schema == null ? "" : schema) + "\n";
        HealHistory.Row row = new HealHistory.Row(HealPlan.display(plan.target()), HealOutcome.files(plan.migrations()), "",
                0, 0, 0, STARTED, detail);
        return new HealMarker(historyTable, HealHistory.insertReturningId(c, historyTable, row), detail);
    }

    /** Continues the marker of an interrupted heal. */
    static HealMarker resume(String historyTable, Open open) {
        return new HealMarker(historyTable, open.id(), open.detail());
    }

    /**
     * The markers of heals that were cut off, oldest first, and with {@code alsoFailed} of those that stopped
     * at a failing statement.
     */
    static List<Open> open(Connection c, String historyTable, boolean alsoFailed) throws SQLException {
        List<Open> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, table_name, detail FROM " + historyTable
                + " WHERE outcome IN (?, ?) ORDER BY id")) {
            ps.setString(1, STARTED);
            ps.setString(2, alsoFailed ? FAILED : STARTED);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(parse(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** The marker {@code id} if it is still open (another process may have completed it meanwhile), else null. */
    static Open reread(Connection c, String historyTable, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, table_name, detail FROM " + historyTable
                + " WHERE id = ? AND outcome IN (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, STARTED);
            ps.setString(3, FAILED);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? parse(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    private static Open parse(long id, String target, String detail) {
        String schema = null;
        Map<String, String> created = new LinkedHashMap<>();
        String text = detail == null ? "" : detail;
        for (String line : text.split("\n")) {
            if (line.startsWith(SCHEMA)) {
                schema = line.substring(SCHEMA.length()).isEmpty() ? null : line.substring(SCHEMA.length());
            } else if (line.startsWith(CREATED)) {
                String[] keyAndIncarnation = line.substring(CREATED.length()).split("\t", 2);
                created.put(keyAndIncarnation[0], keyAndIncarnation.length > 1 ? keyAndIncarnation[1] : "");
            }
        }
        return new Open(id, target, schema, created, "\n" + text);
    }

    /**
     * Records that a statement ran (on the heal's connection, in whatever transaction it is in).
     *
     * @param created     the relation it created, or null
     * @param incarnation what tells that relation from a later one of the same name (see {@link io.schemaheal.dialect.CatalogQueries#incarnation})
     */
    void ran(Connection c, String where, String summary, String created, String incarnation) throws SQLException {
        detail.append(APPLIED).append(where).append(' ').append(summary).append('\n');
        if (created != null) {
            detail.append(CREATED).append(created).append('\t').append(incarnation == null ? "" : incarnation).append('\n');
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + historyTable + " SET detail = ? WHERE id = ?")) {
            ps.setString(1, detail.toString());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** The heal finished: its history rows say what it did, the marker goes. */
    void finished(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + historyTable + " WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /**
     * The heal was cut off before any statement ran (its first lock was not granted in time): there is
     * nothing to complete, so the marker goes. False when something ran, or the marker could not be deleted.
     */
    boolean abandonedUntouched(Connection c) {
        if (detail.indexOf("\n" + APPLIED) >= 0) {
            return false;
        }
        try {
            finished(c);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A statement failed on a live connection (a broken script, no right): not completed automatically. */
    void failed(Connection c, String why) {
        close(c, FAILED, "failed: " + why);
    }

    /**
     * What the heal created was dropped by another session before the heal was done: nothing is left to
     * complete, and the next statement that needs the table heals it again.
     */
    void undone(Connection c, String why) {
        close(c, "refused", why);
    }

    private void close(Connection c, String outcome, String why) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + historyTable + " SET outcome = ?, detail = ? WHERE id = ?")) {
            ps.setString(1, outcome);
            ps.setString(2, detail + why + "\n");
            ps.setLong(3, id);
            ps.executeUpdate();
        } catch (SQLException ignored) {
            // the marker stays 'started': the next connection tries to complete the heal once
        }
    }

    /** True the first time this process should look for interrupted heals of the database. */
    static boolean firstLook(String databaseKey) {
        return looked(databaseKey).done.compareAndSet(false, true);
    }

    /** A heal of this process was interrupted: the next connection to the database looks again. */
    static void lookAgain(String databaseKey) {
        looked(databaseKey).done.set(false);
    }

    static boolean alive(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
