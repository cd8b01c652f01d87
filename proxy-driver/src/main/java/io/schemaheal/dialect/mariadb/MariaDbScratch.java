package io.schemaheal.dialect.mariadb;

import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.Deadline;
import io.schemaheal.dialect.ReplayAdmission;
import io.schemaheal.dialect.ScratchReplay;
import io.schemaheal.log.HealLog;
import io.schemaheal.log.Redact;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.StatementRewrites;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The replay on MariaDB (and MySQL): a database {@code schemaheal_scratch_<random>}, made with the live database's
 * character set and collation, in which every statement of the set runs on a connection of the heal's own account whose
 * default database it is. Databases on one server are not walled off from each other, so the live one is kept out three
 * ways, and the replay is refused where any says no:
 * <ul>
 * <li>before: a statement that names a database the account can see (qualified names, {@code USE}, a name in a string
 * that dynamic SQL may put together), reads the catalog of other databases, or acts on the server (a database, a
 * user, a global variable, a file, an event) is not replayed; grants are passed over (they give rights, never shape):
 * {@link ReplayAdmission};</li>
 * <li>during: the heal's connection holds a shared metadata lock on every live table, and the replay's session waits for
 * at most a second ({@code lock_wait_timeout = 1}), so a statement that would alter, rename or drop a live table fails;</li>
 * <li>after: the live database's tables, routines and triggers are what they were before.</li>
 * </ul>
 * The scratch database is dropped when the replay is done. Its name says which live database it is for
 * ({@code schemaheal_scratch_<CRC-32 of that name, 8 hex digits>_<random>}, given when it is made, so a heal cut off at
 * any moment leaves one that says it): the next replay for that database, which holds its heal lock, drops it.
 */
final class MariaDbScratch implements ScratchReplay {

    private static final HealLog LOG = HealLog.get();
    private static final String PREFIX = "schemaheal_scratch_";

    /** What a replay runs: a migration's statements on tables, views, routines and their rows. */
    private static final ReplayAdmission ADMISSION = new ReplayAdmission(
            Set.of("create", "alter", "drop", "rename", "truncate", "insert", "replace", "update", "delete", "select",
                    "with", "set", "call", "prepare", "execute", "deallocate", "do", "start", "begin", "commit", "rollback",
                    "analyze", "optimize", "values"),
            Set.of("grant", "revoke", "flush"),
            Set.of("table", "index", "view", "trigger", "procedure", "function", "sequence", "event", "database", "schema",
                    "server", "tablespace", "user", "role", "logfile", "package"),
            // not an event: the server would run it on its schedule, in the scratch database, while the replay runs
            Set.of("table", "index", "view", "trigger", "procedure", "function", "sequence", "package"),
            Set.of("outfile", "dumpfile", "infile", "global", "shutdown", "kill", "install", "uninstall", "binlog"),
            Set.of("database", "schema"));

    @Override
    public Map<String, Relation> replay(Connection guard, Connection replay, String liveSchema, List<Replayed> statements,
                                        Deadline deadline) throws SQLException, Refused {
        Set<String> databases = new HashSet<>();
        for (String d : Catalog.strings(guard, "SELECT schema_name FROM information_schema.schemata")) {
            databases.add(d.toLowerCase(Locale.ROOT));
        }
        databases.add(liveSchema.toLowerCase(Locale.ROOT));
        databases.remove("information_schema"); // the catalog a script may read, of its own database (see ReplayAdmission)
        List<Replayed> run = ADMISSION.admitted(statements, databases);
        dropLeftBehind(guard, liveSchema);
        String scratch = ownerPrefix(liveSchema) + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        boolean guardAutoCommit = guard.getAutoCommit();
        try (Statement g = guard.createStatement(); Statement r = replay.createStatement()) {
            List<String> charset = Catalog.strings(guard, "SELECT CONCAT(default_character_set_name, ' COLLATE ', "
                    + "default_collation_name) FROM information_schema.schemata WHERE schema_name = ?", liveSchema);
            g.execute("CREATE DATABASE " + MariaDbDialect.quoted(scratch)
                    + (charset.isEmpty() ? "" : " CHARACTER SET " + charset.get(0)));
            try {
                guard.setAutoCommit(false);
                List<String> before = liveObjects(guard, liveSchema);
                holdLiveTables(g, guard, liveSchema);
                r.execute("USE " + MariaDbDialect.quoted(scratch));
                r.execute("SET SESSION lock_wait_timeout = 1"); // not 0: InnoDB's own threads lock a table a moment
                runAll(r, replay, run, deadline);
                Map<String, Relation> out = new LinkedHashMap<>();
                for (String table : Catalog.strings(replay, "SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = ? AND table_type = 'BASE TABLE'", scratch)) {
                    out.put(table.toLowerCase(Locale.ROOT), made(replay, scratch, ObjectName.of(table)));
                }
                List<String> after = liveObjects(guard, liveSchema);
                if (!after.equals(before)) {
                    LOG.warn("the replay of the migrations on scratch database {} changed the live database {} (or another "
                            + "session did meanwhile): before {}, after {}", scratch, liveSchema, before, after);
                    throw new Refused("the live database's tables, routines or triggers changed while the migrations were "
                            + "replayed on a scratch database");
                }
                return out;
            } finally {
                try {
                    guard.commit();
                } finally {
                    guard.setAutoCommit(guardAutoCommit);
                    g.execute("DROP DATABASE " + MariaDbDialect.quoted(scratch));
                }
            }
        }
    }

    /** {@code schemaheal_scratch_<CRC-32 of the live database's name>_}: how the scratch databases for it begin. */
    private static String ownerPrefix(String liveSchema) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(liveSchema.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return PREFIX + String.format("%08x", crc.getValue()) + "_";
    }

    /** Drops a scratch database an earlier replay for this live database left behind (it was cut off). */
    private static void dropLeftBehind(Connection c, String liveSchema) throws SQLException {
        for (String d : Catalog.strings(c, "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE ?",
                ownerPrefix(liveSchema).replace("_", "\\_") + "%")) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP DATABASE " + MariaDbDialect.quoted(d));
            }
            LOG.warn("dropped scratch database {}, which a replay for {} that was cut off left behind", d, liveSchema);
        }
    }

    /** The live database's tables, routines and triggers, each with when it was made or last changed. */
    private static List<String> liveObjects(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        out.addAll(Catalog.strings(c, "SELECT CONCAT_WS(' ', 'table', table_name, table_type, create_time) "
                + "FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name", schema));
        out.addAll(Catalog.strings(c, "SELECT CONCAT_WS(' ', routine_type, routine_name, last_altered) "
                + "FROM information_schema.routines WHERE routine_schema = ? ORDER BY routine_name", schema));
        out.addAll(Catalog.strings(c, "SELECT CONCAT_WS(' ', 'trigger', trigger_name, created) "
                + "FROM information_schema.triggers WHERE trigger_schema = ? ORDER BY trigger_name", schema));
        return out;
    }

    /**
     * A shared metadata lock on every live table, held by the guard's transaction until the replay is done: what would
     * alter, rename or drop one must wait for it, and the replay's session waits for nothing.
     */
    private static void holdLiveTables(Statement g, Connection guard, String schema) throws SQLException {
        for (String t : Catalog.strings(guard, "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
                + "AND table_type = 'BASE TABLE'", schema)) {
            g.executeQuery("SELECT 1 FROM " + MariaDbDialect.quoted(schema) + "." + MariaDbDialect.quoted(t) + " LIMIT 0").close();
        }
    }

    private static void runAll(Statement r, Connection replay, List<Replayed> run, Deadline deadline)
            throws SQLException, Refused {
        for (Replayed s : run) {
            long left = ScratchReplay.timeLeft(deadline, s, "on a scratch database");
            try {
                setQuietly(r, "SET SESSION max_statement_time = " + Math.max(0.001, left / 1000.0));
                boolean result = r.execute(StatementRewrites.withoutDefiner(s.statement().sql()));
                while (result || r.getUpdateCount() != -1) {
                    result = r.getMoreResults(); // every result of a CALL, so that the next statement can run
                }
                if (!replay.getAutoCommit()) {
                    replay.commit();
                }
            } catch (SQLException e) {
                throw new Refused("the replay on a scratch database stopped at " + s.where() + " (" + s.statement().summary()
                        + "): " + Redact.databaseMessage(e.getMessage()));
            }
        }
    }

    private static void setQuietly(Statement st, String sql) {
        try {
            st.execute(sql);
        } catch (SQLException notHere) {
            // MySQL has no max_statement_time: the deadline is checked between statements
        }
    }

    /** What the replay made of {@code relation}: its definition, triggers and rows. */
    private Relation made(Connection c, String scratch, ObjectName relation) throws SQLException, Refused {
        String create = definition(c, scratch, relation);
        Map<String, String> triggers = new LinkedHashMap<>();
        for (String t : Catalog.strings(c, "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = ? "
                + "AND event_object_table = ? ORDER BY action_order", scratch, relation.name())) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW CREATE TRIGGER " + MariaDbDialect.quoted(scratch) + "."
                         + MariaDbDialect.quoted(t))) {
                if (rs.next()) {
                    triggers.put(t, rs.getString("SQL Original Statement"));
                }
            }
        }
        List<String> rows = new ArrayList<>();
        long count = rows(c, scratch, relation.name(), rows);
        return new Relation(create, triggers, rows, count);
    }

    /**
     * The rows the migrations left in the table, as {@code INSERT}s of at most 100 rows each (added to {@code inserts}),
     * every value a literal; returns how many rows.
     */
    private static long rows(Connection c, String scratch, String table, List<String> inserts) throws SQLException, Refused {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? AND (generation_expression IS NULL OR generation_expression = '') "
                + "ORDER BY ordinal_position")) {
            ps.setString(1, scratch);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = MariaDbDialect.quoted(rs.getString(1));
                    columns.add(column);
                    values.add(literal(column, rs.getString(2).toLowerCase(Locale.ROOT)));
                }
            }
        }
        String from = MariaDbDialect.quoted(scratch) + "." + MariaDbDialect.quoted(table);
        if (values.contains(null)) {
            // a column of a type a heal does not copy: refused where the migrations leave a row in it
            if (Catalog.anyRow(c, "SELECT 1 FROM " + from + " LIMIT 1")) {
                throw new Refused("the migrations leave rows in " + table + " with values of a type a heal does not copy");
            }
            return 0;
        }
        List<String> batch = new ArrayList<>();
        long count = 0;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CONCAT('(', CONCAT_WS(', ', " + String.join(", ", values) + "), ')') FROM " + from)) {
            while (rs.next()) {
                batch.add(rs.getString(1));
                count++;
                if (batch.size() == 100) {
                    inserts.add(insert(table, columns, batch));
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            inserts.add(insert(table, columns, batch));
        }
        return count;
    }

    private static String insert(String table, List<String> columns, List<String> rows) {
        return "INSERT INTO " + MariaDbDialect.quoted(table) + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", rows);
    }

    /**
     * The SQL that writes a column's value as a literal: text and bytes in hexadecimal (exact, whatever the session's
     * escaping), numbers and times quoted; null where the type is not one a heal copies (then its rows refuse the replay).
     */
    private static String literal(String column, String type) {
        if (type.contains("char") || type.contains("text") || type.contains("blob") || type.contains("binary")
                || type.equals("enum") || type.equals("set")) {
            return "IFNULL(CONCAT('X''', HEX(" + column + "), ''''), 'NULL')";
        }
        if (type.equals("bit")) {
            return "IFNULL(CAST(" + column + " AS UNSIGNED), 'NULL')";
        }
        if (type.contains("int") || type.equals("decimal") || type.equals("float") || type.equals("double")
                || type.contains("date") || type.contains("time") || type.equals("year") || type.equals("json")
                || type.equals("uuid") || type.startsWith("inet")) {
            return "IFNULL(QUOTE(" + column + "), 'NULL')";
        }
        return null;
    }

    @Override
    public long rowCount(Connection c, String schema, ObjectName table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM "
                + MariaDbDialect.quoted(schema) + "." + MariaDbDialect.quoted(table.name()))) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Override
    public String definition(Connection c, String schema, ObjectName table) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + MariaDbDialect.quoted(schema) + "."
                     + MariaDbDialect.quoted(table.name()))) {
            // the next id to hand out is the table's state, not its shape
            return rs.next() ? rs.getString(2).replaceFirst(" AUTO_INCREMENT=\\d+", "") : null;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return null;
            }
            throw e;
        }
    }
}
