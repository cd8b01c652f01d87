package io.schemaheal.dialect.sqlite;

import io.schemaheal.dialect.Catalog;
import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.CatalogQueries;
import io.schemaheal.dialect.DatabaseErrors;
import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.Transactions;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.HealTransaction;
import io.schemaheal.dialect.MissingColumn;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.sql.ObjectName;

import java.nio.file.Paths;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * SQLite (sqlite-jdbc). A heal always runs on the application's own connection: a second connection
 * would not see an in-memory database and would deadlock on the write lock the application's
 * transaction may hold. Outside a transaction it runs in {@code BEGIN IMMEDIATE} (the cross-process
 * lock); inside one, in a savepoint after taking the write lock.
 */
public final class SqliteDialect implements DatabaseErrors, CatalogQueries, Transactions, DdlWriter {

    private SqliteDialect() {
    }

    /** SQLite as the engine asks it: this class's parts, and what the database does by nature. */
    public static Dialect create() {
        SqliteDialect d = new SqliteDialect();
        return new Dialect("sqlite", true, false, true, false, d, d, d, d);
    }


    private static final int SQLITE_ERROR = 1;
    private static final int SQLITE_BUSY = 5;
    private static final String NO_SUCH_TABLE = "no such table: ";
    private static final String SAVEPOINT = "schemaheal_heal";

    @Override
    public ObjectName missingRelation(SQLException e, String sql) {
        if (e.getErrorCode() != SQLITE_ERROR) {
            return null;
        }
        String message = e.getMessage();
        int at = message == null ? -1 : message.indexOf(NO_SUCH_TABLE);
        if (at < 0) {
            return null;
        }
        // the name runs to the end of the message, whose last ")" closes sqlite-jdbc's "(no such table: ...)";
        // a name may hold spaces ("audit log") or dots
        String name = message.substring(at + NO_SUCH_TABLE.length()).strip();
        if (name.endsWith(")") && message.lastIndexOf('(', at) >= 0) {
            name = name.substring(0, name.length() - 1).strip();
        }
        return name.isEmpty() ? null : qualify(name, sql);
    }

    /**
     * {@code aux.audit} is table audit of the attached database aux, unless the statement writes it as one
     * quoted name ({@code "aux.audit"}).
     */
    static ObjectName qualify(String name, String sql) {
        int dot = name.indexOf('.');
        if (dot <= 0) {
            return ObjectName.of(name);
        }
        if (sql != null && ObjectName.quotedIn(sql, name, io.schemaheal.sql.SqlLexer.Flavor.SQLITE)) {
            return new ObjectName(null, name, true);
        }
        String schema = name.substring(0, dot);
        String table = name.substring(dot + 1);
        return schema.equalsIgnoreCase("main") ? ObjectName.of(table) : new ObjectName(schema, table, false);
    }

    private static final java.util.regex.Pattern NO_SUCH_COLUMN = java.util.regex.Pattern.compile("no such column: ([^\\s)]+)");
    private static final java.util.regex.Pattern NO_COLUMN_NAMED = java.util.regex.Pattern.compile(
            "table (\\S+) has no column named ([^\\s)]+)");

    /** {@code no such column: x} or {@code t.x}; {@code table t has no column named c}. */
    @Override
    public MissingColumn missingColumn(SQLException e, String sql) {
        if (e.getErrorCode() != SQLITE_ERROR || e.getMessage() == null) {
            return null;
        }
        java.util.regex.Matcher m = NO_COLUMN_NAMED.matcher(e.getMessage());
        if (m.find()) {
            return new MissingColumn(ObjectName.of(m.group(1)), m.group(2));
        }
        m = NO_SUCH_COLUMN.matcher(e.getMessage());
        return m.find() ? MissingColumn.parse(m.group(1)) : null;
    }

    /** sqlite-jdbc reports a full-length count array; the message says which entry failed: "batch entry 3: ...". */
    @Override
    public int batchStatementsDone(BatchUpdateException e, int batchSize) {
        String m = e.getMessage();
        if (m != null && m.startsWith("batch entry ")) {
            int end = m.indexOf(':');
            try {
                int failed = Integer.parseInt(m.substring("batch entry ".length(), end).strip());
                return failed >= 0 && failed < batchSize ? failed : -1;
            } catch (RuntimeException ignored) {
                return -1;
            }
        }
        return -1;
    }

    @Override
    public boolean exists(Connection c, ObjectType type, ObjectName name, ObjectName table) throws SQLException {
        String types = switch (type) {
            case RELATION -> "'table', 'view'";
            case INDEX -> "'index'";
            case TRIGGER -> "'trigger'";
            default -> null; // SQLite has no types, sequences or functions of its own
        };
        if (types == null) {
            return false;
        }
        return Catalog.anyRow(c, "SELECT 1 FROM " + master(name) + " WHERE type IN (" + types + ") AND name = ? COLLATE NOCASE",
                name.name());
    }

    @Override
    public boolean columnExists(Connection c, ObjectName table, String column) throws SQLException {
        String schema = table.schema() == null ? "main" : table.schema();
        return Catalog.anyRow(c, "SELECT 1 FROM pragma_table_info(?, ?) WHERE name = ? COLLATE NOCASE",
                table.name(), schema, column);
    }

    @Override
    public List<String> columns(Connection c, ObjectName table) throws SQLException {
        return Catalog.strings(c, "SELECT name FROM pragma_table_info(?, ?) ORDER BY cid", table.name(),
                table.schema() == null ? "main" : table.schema());
    }

    @Override
    public List<String> tablesWithColumns(Connection c, List<String> columns) throws SQLException {
        return Catalog.havingAll(c, "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' "
                + "AND lower(p.name) IN (%s) GROUP BY m.name HAVING count(*) = CAST(? AS INTEGER) ORDER BY 1", columns);
    }

    private String master(ObjectName name) {
        return name.schema() == null || name.schema().equalsIgnoreCase("main")
                ? "sqlite_master" : quote(name.schema()) + ".sqlite_master";
    }

    @Override
    public String autoIncrementPrimaryKey() {
        return "INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    /** The database file's absolute path; a private in-memory database is its own connection. */
    @Override
    public String databaseKey(String url, Connection connection) {
        String s = url.startsWith("jdbc:sqlite:") ? url.substring("jdbc:sqlite:".length()) : url;
        int q = s.indexOf('?');
        String query = q >= 0 ? s.substring(q) : "";
        if (q >= 0) {
            s = s.substring(0, q);
        }
        if (s.startsWith("file:")) {
            s = s.substring("file:".length());
        }
        if (s.isEmpty() || s.equals(":memory:") || query.contains("mode=memory")) {
            return "sqlite:memory:" + (query.contains("cache=shared") ? s + query
                    : Integer.toHexString(System.identityHashCode(connection)));
        }
        try {
            return "sqlite:" + Paths.get(s).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return "sqlite:" + s;
        }
    }

    @Override
    public HealTransaction begin(HealConnections connections, String historyTable, Instant deadline, String schema)
            throws SQLException {
        Connection app = connections.app();
        if (app.getAutoCommit()) {
            try (Statement st = app.createStatement()) {
                while (true) {
                    try {
                        st.execute("BEGIN IMMEDIATE");
                        return new Transaction(app, false);
                    } catch (SQLException e) {
                        if (isNestedTransaction(e)) {
                            break; // the application opened one with a plain BEGIN: heal inside it
                        }
                        waitOrGiveUp(e, deadline);
                    }
                }
            }
        }
        try (Statement st = app.createStatement()) {
            st.execute("SAVEPOINT " + SAVEPOINT);
            Transaction tx = new Transaction(app, true);
            try {
                // take the write lock now, so that the re-check under it is the truth
                st.execute(createHistoryTable(historyTable));
                while (true) {
                    try {
                        st.executeUpdate("UPDATE " + historyTable + " SET id = id WHERE 0");
                        return tx;
                    } catch (SQLException e) {
                        waitOrGiveUp(e, deadline);
                    }
                }
            } catch (SQLException e) {
                tx.rollbackQuietly();
                throw e;
            }
        }
    }

    /** Always the application's own connection (see the class comment). */
    @Override
    public boolean healsOnSeparateConnection(HealConnections connections) {
        return false;
    }

    /** The heal has no connection but the application's: one that may only read takes no heal either. */
    @Override
    public boolean serverReadOnly(Connection c) throws SQLException {
        return c.isReadOnly();
    }

    private static boolean isNestedTransaction(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("within a transaction");
    }

    /** Rethrows anything but SQLITE_BUSY; for BUSY, waits a little unless the deadline has passed. */
    private static void waitOrGiveUp(SQLException e, Instant deadline) throws SQLException {
        if ((e.getErrorCode() & 0xff) != SQLITE_BUSY) {
            throw e;
        }
        if (Instant.now().isAfter(deadline)) {
            SQLException timeout = new SQLException("the SQLite write lock was not acquired before the "
                    + "schemaheal.lock-timeout deadline (another connection or process holds it)", "55P03");
            timeout.initCause(e);
            throw timeout;
        }
        try {
            Thread.sleep(20);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the SQLite write lock", ie);
        }
    }

    private static final class Transaction implements HealTransaction {
        private final Connection connection;
        private final boolean savepoint;
        private boolean open = true;

        Transaction(Connection connection, boolean savepoint) {
            this.connection = connection;
            this.savepoint = savepoint;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public void commit() throws SQLException {
            try (Statement st = connection.createStatement()) {
                st.execute(savepoint ? "RELEASE " + SAVEPOINT : "COMMIT");
            }
            open = false;
        }

        @Override
        public void rollback() throws SQLException {
            try (Statement st = connection.createStatement()) {
                if (savepoint) {
                    st.execute("ROLLBACK TO " + SAVEPOINT);
                    st.execute("RELEASE " + SAVEPOINT);
                } else {
                    st.execute("ROLLBACK");
                }
            }
            open = false;
        }

        void rollbackQuietly() {
            try {
                rollback();
            } catch (SQLException ignored) {
                // the original failure is what the caller reports
            }
        }

        @Override
        public void close() {
            if (open) {
                rollbackQuietly();
            }
        }
    }

    /** SQLite has no ALTER TABLE ... ADD CONSTRAINT: a column's own constraints come with its definition. */
    @Override
    public String addConstraint(io.schemaheal.sql.SqlStatement alterTableAdd) {
        return null;
    }

    @Override
    public ChangeWatch watch(Connection c, String historyTable, Instant deadline) throws SQLException {
        return SqliteChangeWatch.begin(c, historyTable, this);
    }
}
