package io.schemaheal.dialect.mariadb;

import io.schemaheal.dialect.DatabaseErrors;
import io.schemaheal.dialect.MissingColumn;
import io.schemaheal.sql.ObjectName;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB (and MySQL): what its errors say (the part of its {@link MariaDbDialect} that is a {@link DatabaseErrors}).
 */
final class MariaDbErrors implements DatabaseErrors {

    private static final Pattern TABLE = Pattern.compile("Table '([^']+)' doesn't exist");

    /** Error 4091 (also 42S02): a sequence's {@code NEXTVAL}, {@code NEXT VALUE FOR}, {@code SETVAL} found none. */
    private static final Pattern SEQUENCE = Pattern.compile("Unknown SEQUENCE: '([^']+)'");

    private static final int NO_SUCH_TABLE = 1146;
    private static final int NO_SUCH_SEQUENCE = 4091;

    private static final Pattern UNKNOWN_COLUMN = Pattern.compile("Unknown column '([^']+)'");

    @Override
    public ObjectName missingRelation(SQLException e, String sql) {
        if (e.getErrorCode() != NO_SUCH_TABLE && e.getErrorCode() != NO_SUCH_SEQUENCE && !"42S02".equals(e.getSQLState())) {
            return null;
        }
        Matcher m = TABLE.matcher(String.valueOf(e.getMessage()));
        if (!m.find() && !(m = SEQUENCE.matcher(String.valueOf(e.getMessage()))).find()) {
            return null;
        }
        String name = m.group(1);
        int dot = name.indexOf('.');
        return dot > 0 ? new ObjectName(name.substring(0, dot), name.substring(dot + 1), false) : ObjectName.of(name);
    }

    /** Error 1054 / 42S22: {@code Unknown column 'x' in 'field list'}, or {@code 't.x'}. */
    @Override
    public MissingColumn missingColumn(SQLException e, String sql) {
        if (e.getErrorCode() != 1054 && !"42S22".equals(e.getSQLState())) {
            return null;
        }
        Matcher m = UNKNOWN_COLUMN.matcher(String.valueOf(e.getMessage()));
        return m.find() ? MissingColumn.parse(m.group(1)) : null;
    }

    /** Error 1412, "Table definition has changed, please retry transaction". */
    @Override
    public boolean snapshotPredatesHeal(SQLException e) {
        return e.getErrorCode() == 1412;
    }

    /** Also 1205, "Lock wait timeout exceeded" (SQLState HY000), and 1213, a deadlock. */
    @Override
    public boolean momentary(SQLException e) {
        return DatabaseErrors.super.momentary(e) || e.getErrorCode() == MariaDbDialect.LOCK_WAIT_TIMEOUT || e.getErrorCode() == 1213;
    }
}
