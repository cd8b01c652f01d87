package io.schemaheal.dialect.sqlite;

import io.schemaheal.dialect.DatabaseErrors;
import io.schemaheal.dialect.MissingColumn;
import io.schemaheal.sql.ObjectName;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/** SQLite: what its errors say (the part of its {@link SqliteDialect} that is a {@link DatabaseErrors}). */
final class SqliteErrors implements DatabaseErrors {

    private static final int SQLITE_ERROR = 1;
    private static final String NO_SUCH_TABLE = "no such table: ";

    private static final java.util.regex.Pattern NO_SUCH_COLUMN = java.util.regex.Pattern.compile("no such column: ([^\\s)]+)");
    private static final java.util.regex.Pattern NO_COLUMN_NAMED = java.util.regex.Pattern.compile(
            "table (\\S+) has no column named ([^\\s)]+)");

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
}
