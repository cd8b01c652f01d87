package io.schemaheal.heal;

import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.sql.ObjectName;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes and reads the rows of the heal history table ({@code schemaheal.history-table}). Where DDL is not transactional
 * (MariaDB) a heal also keeps a journal beside it, {@code <history-table>_journal} (see {@link HealMarker}).
 */
public final class HealHistory {

    /** One row: a relation the heal created, with what was applied for it. */
    record Row(String table, String migrations, String checksums, int applied, int skipped, long durationMs,
               Outcome outcome, String detail, Why reason) {
        Row(String table, String migrations, String checksums, int applied, int skipped, long durationMs,
            Outcome outcome, String detail) {
            this(table, migrations, checksums, applied, skipped, durationMs, outcome, detail, null);
        }

        /** The same row without its reason code, for a history table that has no column for it. */
        Row withoutReason() {
            return new Row(table, migrations, checksums, applied, skipped, durationMs, outcome, detail, null);
        }
    }

    /** Why a row is not plainly {@code healed}: the {@code reason} column's codes ({@code detail} says it in words). */
    enum Why {
        /** Refused: the database showed that the heal changed what existed before it, and it was undone. */
        CHANGED_EXISTING,
        /** Refused: what the rules let run did not make the relation (its statements are named in {@code detail}). */
        NOT_MADE,
        /** Refused: what the heal created was dropped by another session before it was done (MariaDB). */
        DROPPED_MEANWHILE,
        /** Failed: a statement of a heal under way failed (MariaDB); {@code doctor --fix} completes it. */
        STATEMENT_FAILED,
        /** Healed, but it differs from the end state its migrations define: {@code detail} says how. */
        DIFFERS
    }

    /** What a history row records: the {@code outcome} column's values, and the listeners' names for them. */
    enum Outcome {
        /** A relation the heal created, as its migrations define it. */
        HEALED("healed"),
        /** A relation the heal created that differs from its migrations' end state: {@code detail} says how. */
        HEALED_DIFFERS("healed, differs"),
        /** A missing column added to a table that existed. */
        HEALED_COLUMN("healed column"),
        /** What was missing of a relation that existed (indexes, triggers, columns), added by the doctor. */
        COMPLETED("completed"),
        /** The heal ran and was undone as a whole, or what it made was dropped meanwhile: {@code detail} says why. */
        REFUSED("refused"),
        /** A heal under way where DDL is not transactional; its journal says what ran. */
        STARTED("started"),
        /** Such a heal stopped at a failing statement: {@code doctor --fix} completes it. */
        FAILED("failed");

        /** As the {@code outcome} column holds it. */
        final String text;

        Outcome(String text) {
            this.text = text;
        }

        /** As {@link HealListener}s are told it ({@code healed-differs}). */
        String tag() {
            return text.replace(", ", "-").replace(' ', '-');
        }
    }

    /**
     * The history table as configured ({@code name} or {@code schema.name}), quoted, and its journal's name quoted (the
     * same schema, {@code name_journal}).
     */
    record Names(String setting, String table, String journal) {
        static Names of(Dialect dialect, String setting) {
            return new Names(setting, Healer.quoteQualified(dialect, setting), Healer.quoteQualified(dialect, setting + JOURNAL));
        }

        /** The journal as configured ({@code schema.name_journal}). */
        String journalSetting() {
            return setting + JOURNAL;
        }

        private static final String JOURNAL = "_journal";
    }

    private static final String HOST = host();
    /** The process id; the host has a column of its own. */
    private static final String PROCESS = String.valueOf(ProcessHandle.current().pid());

    private HealHistory() {
    }

    /** Inserts the row; its {@code reason} only when it has one (a history table may not have the column: see {@link #reasonColumn}). */
    static void insert(Connection c, String quotedTable, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertInto(quotedTable, row))) {
            bind(ps, row);
            ps.executeUpdate();
        }
    }

    /** Inserts the row and returns its id. */
    static long insertReturningId(Connection c, String quotedTable, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertInto(quotedTable, row), Statement.RETURN_GENERATED_KEYS)) {
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

    private static String insertInto(String quotedTable, Row row) {
        return "INSERT INTO " + quotedTable + " (healed_at, table_name, migrations, checksums, statements_applied, "
                + "statements_skipped, duration_ms, outcome, host, process, detail" + (row.reason() == null ? "" : ", reason")
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" + (row.reason() == null ? "" : ", ?") + ")";
    }

    private static void bind(PreparedStatement ps, Row row) throws SQLException {
        ps.setString(1, io.schemaheal.registry.Registry.clock().instant().toString());
        ps.setString(2, row.table());
        ps.setString(3, row.migrations());
        ps.setString(4, row.checksums());
        ps.setInt(5, row.applied());
        ps.setInt(6, row.skipped());
        ps.setLong(7, row.durationMs());
        ps.setString(8, row.outcome().text);
        ps.setString(9, HOST);
        ps.setString(10, PROCESS);
        ps.setString(11, row.detail());
        if (row.reason() != null) {
            ps.setString(12, row.reason().name());
        }
    }

    /** Per database: whether its history table has the {@code reason} column (null: not known yet). */
    private static final class Checked {
        final java.util.concurrent.atomic.AtomicReference<Boolean> reason = new java.util.concurrent.atomic.AtomicReference<>();
    }

    private static Checked checked(String databaseKey) {
        return io.schemaheal.registry.Registry.ofDatabase(databaseKey, Checked.class, Checked::new);
    }

    /** Whether the database's history table is known to have the {@code reason} column. */
    static boolean reasonColumnKnown(String databaseKey) {
        return Boolean.TRUE.equals(checked(databaseKey).reason.get());
    }

    /**
     * Whether this heal's rows may say their {@code reason}: a history table an earlier version made (without that
     * column) is given it, its rows as they were, right after the table is made if missing and before the heal's own
     * work. Where the account may not alter it (another account made it), the rows go without it, said once; the heal
     * goes on. Added where DDL is transactional, it is known only once seen: should the heal roll back, so does the column.
     */
    static boolean reasonColumn(Connection c, Dialect dialect, Names names, String databaseKey) throws SQLException {
        Checked checked = checked(databaseKey);
        Boolean known = checked.reason.get();
        if (known != null) {
            return known;
        }
        if (dialect.catalog().columnExists(c, ObjectName.fromKey(names.setting()), "reason")) {
            checked.reason.set(true);
            return true;
        }
        boolean savepoint = dialect.transactionalDdl();
        try (Statement st = c.createStatement()) {
            if (savepoint) {
                st.execute("SAVEPOINT " + REASON_SAVEPOINT);
            }
            try {
                st.execute("ALTER TABLE " + names.table() + " ADD COLUMN reason VARCHAR(40)");
            } catch (SQLException refused) {
                if (savepoint) {
                    st.execute("ROLLBACK TO SAVEPOINT " + REASON_SAVEPOINT);
                }
                checked.reason.set(false);
                io.schemaheal.log.HealLog.get().warn("SchemaHeal writes its history rows in {} without their reason code: the "
                        + "table has no reason column and could not be given one ({}); add it (ALTER TABLE {} ADD COLUMN "
                        + "reason VARCHAR(40)) and restart to have it filled", names.table(),
                        io.schemaheal.log.Redact.databaseMessage(refused.getMessage()), names.table());
                return false;
            }
            if (savepoint) {
                st.execute("RELEASE SAVEPOINT " + REASON_SAVEPOINT);
            } else {
                checked.reason.set(true); // committed as it ran
            }
            return true;
        }
    }

    private static final String REASON_SAVEPOINT = "schemaheal_history_reason";

    /**
     * True when the history table {@code table} ({@code name} or {@code schema.name}, as configured) exists: asked
     * of the catalog, so that no failing statement reaches the driver's own log.
     */
    static boolean exists(Connection c, Dialect dialect, String table) throws SQLException {
        return dialect.catalog().exists(c, ObjectType.RELATION, ObjectName.fromKey(table), null);
    }

    /**
     * The newest rows of the history table {@code table} ({@code name} or {@code schema.name}), newest first, as
     * column → value; empty when there is no history table yet.
     */
    public static List<Map<String, Object>> recent(Connection c, Dialect dialect, String table, int limit)
            throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!exists(c, dialect, table)) {
            return out;
        }
        // a history table an earlier version made has no reason column until its next heal
        boolean reason = dialect.catalog().columnExists(c, ObjectName.fromKey(table), "reason");
        try (PreparedStatement ps = c.prepareStatement("SELECT healed_at, table_name, migrations, statements_applied, "
                + "statements_skipped, duration_ms, outcome, host, process, detail" + (reason ? ", reason" : "") + " FROM "
                + Healer.quoteQualified(dialect, table) + " ORDER BY id DESC")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData columns = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns.getColumnCount(); i++) {
                        row.put(columns.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
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
