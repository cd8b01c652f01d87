package io.schemaheal.dialect.sqlite;

import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SQLite's proof of a heal (DDL is transactional): before the heal's first statement, a temporary trigger on
 * every table that exists ({@code BEFORE INSERT/UPDATE/DELETE ... RAISE(ABORT)}, local to the heal's connection
 * and removed at its end) stops any statement that would write one of their rows, however it gets there (a
 * trigger, a foreign key's cascade, a {@code REPLACE}); after each statement {@code sqlite_master} and the
 * database header's {@code user_version} are compared with what they were. Virtual tables cannot carry triggers:
 * their rows live in shadow tables, which do.
 */
final class SqliteChangeWatch implements ChangeWatch {

    /** What the guard triggers' error message begins with, so that their abort is told from any other failure. */
    private static final String STOPPED = "schemaheal watch: ";

    private final Connection connection;
    private final Map<String, String> master;
    private final String userVersion;

    private SqliteChangeWatch(Connection connection) throws SQLException {
        this.connection = connection;
        this.master = master();
        this.userVersion = userVersion();
    }

    /** @param historyTable the heal history table, quoted: the heal's record, not a change */
    static ChangeWatch begin(Connection c, String historyTable, io.schemaheal.dialect.DdlWriter ddl) throws SQLException {
        removeGuards(c); // none should be left, and one left behind would stop the application's own writes
        SqliteChangeWatch watch = new SqliteChangeWatch(c);
        String history = ObjectName.unquote(historyTable);
        try (Statement st = c.createStatement()) {
            int guards = 0;
            for (Map.Entry<String, String> e : watch.master.entrySet()) {
                if (!e.getKey().startsWith("table ")) {
                    continue;
                }
                String table = e.getKey().substring("table ".length());
                if (table.regionMatches(true, 0, "sqlite_", 0, 7) || table.equalsIgnoreCase(history)
                        || e.getValue() == null || e.getValue().regionMatches(true, 0, "CREATE VIRTUAL", 0, 14)) {
                    continue;
                }
                String message = "'" + (STOPPED + "rows of " + table).replace("'", "''") + "'";
                for (String event : new String[] {"INSERT", "UPDATE", "DELETE"}) {
                    st.execute("CREATE TEMP TRIGGER \"schemaheal_watch_" + guards++ + "\" BEFORE " + event + " ON main."
                            + ddl.quote(table) + " BEGIN SELECT RAISE(ABORT, " + message + "); END");
                }
            }
        } catch (SQLException e) {
            watch.close();
            throw e;
        }
        return watch;
    }

    private Map<String, String> master() throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, sql FROM main.sqlite_master")) {
            while (rs.next()) {
                out.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }

    private String userVersion() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA main.user_version")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public String changed(long ownRows) throws SQLException {
        List<String> changes = new ArrayList<>();
        Map<String, String> now = master();
        master.forEach((object, sql) -> {
            if (!now.containsKey(object)) {
                changes.add(object + " dropped");
            } else if (!Objects.equals(sql, now.get(object)) && !columnsAdded(sql, now.get(object))) {
                changes.add(object + " changed");
            }
        });
        if (!Objects.equals(userVersion, userVersion())) {
            changes.add("the database's user_version");
        }
        return ChangeWatch.said(changes);
    }

    /**
     * True when {@code after} is {@code before} with columns added: SQLite's {@code ALTER TABLE ... ADD COLUMN}
     * writes the new column's definition into the stored {@code CREATE TABLE} after its last column (before the table
     * constraints), so the text differs by one inserted piece that begins or ends with a comma.
     */
    static boolean columnsAdded(String before, String after) {
        if (before == null || after == null || after.length() <= before.length()) {
            return false;
        }
        int prefix = 0;
        while (prefix < before.length() && before.charAt(prefix) == after.charAt(prefix)) {
            prefix++;
        }
        String rest = before.substring(prefix);
        if (!after.endsWith(rest)) {
            return false;
        }
        String inserted = after.substring(prefix, after.length() - rest.length()).strip();
        return inserted.startsWith(",") || inserted.endsWith(",");
    }

    @Override
    public String stopped(SQLException failure) {
        String m = failure.getMessage();
        int at = m == null ? -1 : m.indexOf(STOPPED);
        if (at < 0) {
            return null;
        }
        String what = m.substring(at + STOPPED.length()).strip();
        return what.endsWith(")") ? what.substring(0, what.length() - 1) : what; // the driver's "(...)" around it
    }

    @Override
    public void close() {
        try {
            removeGuards(connection);
        } catch (SQLException ignored) {
            // temporary triggers go with the connection, and a heal that cannot remove them has failed already
        }
    }

    /** Drops every guard trigger of a watch on this connection. */
    private static void removeGuards(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM temp.sqlite_master "
                + "WHERE type = 'trigger' AND name LIKE 'schemaheal\\_watch\\_%' ESCAPE '\\'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        try (Statement st = c.createStatement()) {
            for (String name : names) {
                st.execute("DROP TRIGGER IF EXISTS temp.\"" + name + "\"");
            }
        }
    }
}
