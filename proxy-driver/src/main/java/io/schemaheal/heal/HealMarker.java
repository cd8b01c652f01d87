package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A heal under way where DDL is not transactional (MariaDB): its {@code started} history row, written before the first
 * statement runs, and its rows in the journal beside the history table ({@link HealHistory.Names#journal}): step 0 names
 * the schema the heal runs in, and each statement that ran adds a step, with the relation it created. A heal that
 * finishes replaces them with its history rows; one whose connection died leaves them, and the next connection completes
 * the heal from them ({@link Healer#completeInterrupted}). A statement counts as done only once its step is written: seed
 * rows are written in one transaction with their step, so they are never inserted twice.
 */
final class HealMarker {

    /**
     * A marker read back: its history row's id, the relation it heals, the schema it heals in (null: the connection's),
     * what it created (relation → what tells it from a later one of the same name), where each statement that ran is in
     * its script, and its last step.
     */
    record Open(long id, String target, String schema, Map<String, String> created, Set<String> ran, int lastStep) {
        /** True when the statement at {@code where} ran before the heal was interrupted. */
        boolean done(String where) {
            return ran.contains(where);
        }
    }

    /** Per database: whether this process has looked for its interrupted heals. */
    private static final class Looked {
        final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    }

    private static Looked looked(String databaseKey) {
        return io.schemaheal.registry.Registry.ofDatabase(databaseKey, Looked.class, Looked::new);
    }

    private final HealHistory.Names names;
    /** Where the history is: whether its table has the reason column is known per database. */
    private final String databaseKey;
    private final long id;
    /** The last step written: 0 until a statement ran. */
    private int step;

    private HealMarker(HealHistory.Names names, String databaseKey, long id, int step) {
        this.names = names;
        this.databaseKey = databaseKey;
        this.id = id;
        this.step = step;
    }

    /** Writes the marker of a heal that is about to apply {@code plan} in {@code schema}: its history row and step 0. */
    static HealMarker start(Connection c, HealHistory.Names names, String databaseKey, HealPlan plan, String schema)
            throws SQLException {
        HealHistory.Row row = new HealHistory.Row(HealPlan.display(plan.target()), HealOutcome.files(plan.migrations()), "",
                0, 0, 0, HealHistory.Outcome.STARTED, null);
        long[] id = new long[1];
        together(c, () -> {
            id[0] = HealHistory.insertReturningId(c, names.table(), row);
            step(c, names, id[0], 0, schema, null, null, null, null);
        });
        return new HealMarker(names, databaseKey, id[0], 0);
    }

    /** Continues the marker of an interrupted heal. */
    static HealMarker resume(HealHistory.Names names, String databaseKey, Open open) {
        return new HealMarker(names, databaseKey, open.id(), open.lastStep());
    }

    private static final String OPEN = "SELECT h.id, h.table_name, j.step, j.heal_schema, j.statement_at, j.created_relation, "
            + "j.incarnation FROM %s h LEFT JOIN %s j ON j.heal_id = h.id WHERE h.outcome IN (?, ?)%s ORDER BY h.id, j.step";

    /**
     * The markers of heals that were cut off, oldest first, and with {@code alsoFailed} of those that stopped at a failing
     * statement. One without a journal (written by an earlier version of SchemaHeal, which kept it as text) is left
     * alone, and said.
     */
    static List<Open> open(Connection c, Dialect dialect, HealHistory.Names names, boolean alsoFailed) throws SQLException {
        if (!HealHistory.exists(c, dialect, names.journalSetting())) {
            // no heal of this version was ever cut off here: any marker is an earlier version's
            return read(c, "SELECT h.id, h.table_name, NULL, NULL, NULL, NULL, NULL FROM " + names.table()
                    + " h WHERE h.outcome IN (?, ?) ORDER BY h.id", alsoFailed ? HealHistory.Outcome.FAILED : HealHistory.Outcome.STARTED, -1);
        }
        return read(c, OPEN.formatted(names.table(), names.journal(), ""),
                alsoFailed ? HealHistory.Outcome.FAILED : HealHistory.Outcome.STARTED, -1);
    }

    /** The marker {@code id} if it is still open (another process may have completed it meanwhile), else null. */
    static Open reread(Connection c, HealHistory.Names names, long id) throws SQLException {
        List<Open> open = read(c, OPEN.formatted(names.table(), names.journal(), " AND h.id = ?"), HealHistory.Outcome.FAILED, id);
        return open.isEmpty() ? null : open.get(0);
    }

    private static List<Open> read(Connection c, String sql, HealHistory.Outcome also, long id) throws SQLException {
        Map<Long, String> targets = new LinkedHashMap<>();
        Map<Long, Open> begun = new LinkedHashMap<>();
        Map<Long, Integer> last = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, HealHistory.Outcome.STARTED.text);
            ps.setString(2, also.text);
            if (id >= 0) {
                ps.setLong(3, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long marker = rs.getLong(1);
                    targets.put(marker, rs.getString(2));
                    int step = rs.getInt(3);
                    if (rs.wasNull()) {
                        continue; // no journal row
                    }
                    if (step == 0) {
                        begun.put(marker, new Open(marker, rs.getString(2), rs.getString(4), new LinkedHashMap<>(),
                                new LinkedHashSet<>(), 0));
                        continue;
                    }
                    Open o = begun.get(marker);
                    if (o != null) {
                        o.ran().add(rs.getString(5));
                        if (rs.getString(6) != null) {
                            o.created().put(rs.getString(6), rs.getString(7) == null ? "" : rs.getString(7));
                        }
                        last.put(marker, step);
                    }
                }
            }
        }
        List<Open> out = new ArrayList<>();
        targets.forEach((marker, target) -> {
            Open o = begun.get(marker);
            if (o != null) {
                out.add(new Open(marker, target, o.schema(), o.created(), o.ran(), last.getOrDefault(marker, 0)));
            } else {
                // its journal has no beginning: written by an earlier version of SchemaHeal, which kept it as text
                io.schemaheal.log.HealLog.get().warn("SchemaHeal left the unfinished heal of {} alone (row {} of its history "
                        + "table): an earlier version of SchemaHeal recorded it, and what of it ran cannot be read; apply "
                        + "what its migrations make of {} that is missing by hand (doctor says what), then delete that row",
                        target, marker, target);
            }
        });
        return out;
    }

    /**
     * Records that a statement ran (on the heal's connection, in whatever transaction it is in).
     *
     * @param created     the relation it created, or null
     * @param incarnation what tells that relation from a later one of the same name (see {@link io.schemaheal.dialect.CatalogQueries#incarnation})
     */
    void ran(Connection c, String where, String summary, String created, String incarnation) throws SQLException {
        step(c, names, id, ++step, null, where, summary, created, incarnation);
    }

    private static void step(Connection c, HealHistory.Names names, long id, int step, String schema, String where,
                             String summary, String created, String incarnation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + names.journal() + " (heal_id, step, heal_schema, "
                + "statement_at, summary, created_relation, incarnation) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setInt(2, step);
            ps.setString(3, schema);
            ps.setString(4, where);
            ps.setString(5, summary);
            ps.setString(6, created);
            ps.setString(7, incarnation);
            ps.executeUpdate();
        }
    }

    /** The heal finished: its history rows say what it did, the marker and its journal go. */
    void finished(Connection c) throws SQLException {
        together(c, () -> {
            forget(c);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + names.table() + " WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        });
    }

    private void forget(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + names.journal() + " WHERE heal_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /**
     * The heal was cut off before any statement ran (its first lock was not granted in time): there is
     * nothing to complete, so the marker goes. False when something ran, or the marker could not be deleted.
     */
    boolean abandonedUntouched(Connection c) {
        if (step > 0) {
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
        close(c, HealHistory.Outcome.FAILED, HealHistory.Why.STATEMENT_FAILED, "failed: " + why, false);
    }

    /**
     * What the heal created was dropped by another session before the heal was done: nothing is left to
     * complete, and the next statement that needs the table heals it again.
     */
    void undone(Connection c, String why) {
        close(c, HealHistory.Outcome.REFUSED, HealHistory.Why.DROPPED_MEANWHILE, why, true);
    }

    /** The marker says how the heal ended; its journal stays where {@code doctor --fix} may complete it from there. */
    private void close(Connection c, HealHistory.Outcome outcome, HealHistory.Why reason, String why, boolean done) {
        try {
            together(c, () -> {
                boolean withReason = HealHistory.reasonColumnKnown(databaseKey);
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + names.table() + " SET outcome = ?, detail = ?"
                        + (withReason ? ", reason = ?" : "") + " WHERE id = ?")) {
                    ps.setString(1, outcome.text);
                    ps.setString(2, why);
                    if (withReason) {
                        ps.setString(3, reason.name());
                    }
                    ps.setLong(withReason ? 4 : 3, id);
                    ps.executeUpdate();
                }
                if (done) {
                    forget(c);
                }
            });
        } catch (SQLException ignored) {
            // the marker stays 'started': the next connection tries to complete the heal once
        }
    }

    /** Runs {@code work} in one transaction: the one {@code c} is in, or one of its own, committed here. */
    private static void together(Connection c, SqlAction work) throws SQLException {
        if (!c.getAutoCommit()) {
            work.run();
            return;
        }
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
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
