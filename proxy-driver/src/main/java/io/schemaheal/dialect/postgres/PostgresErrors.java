package io.schemaheal.dialect.postgres;

import io.schemaheal.dialect.DatabaseErrors;
import io.schemaheal.dialect.MissingColumn;
import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlLexer;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL: what its errors say (the part of its {@link PostgresDialect} that is a {@link DatabaseErrors}). */
final class PostgresErrors implements DatabaseErrors {

    static final String UNDEFINED_TABLE = "42P01";
    /** The name between the first pair of quotes of any language: "x", «x», „x“, 'x'. */
    private static final Pattern QUOTED = Pattern.compile("[\"«»„“”‘’'「]\\s*([^\"«»„“”‘’'「」]+?)\\s*[\"«»„“”‘’'」]");

    static final String UNDEFINED_COLUMN = "42703";
    private static final Pattern OF_RELATION = Pattern.compile("[\"«»„“”‘’'「]\\s*([^\"«»„“”‘’'「」]+?)\\s*[\"«»„“”‘’'」][^\"«»„“”‘’'「]*[\"«»„“”‘’'「]\\s*([^\"«»„“”‘’'「」]+?)\\s*[\"«»„“”‘’'」]");

    @Override
    public ObjectName missingRelation(SQLException e, String sql) {
        // a batch's own message quotes the failed statement; the server's error is the exception it wraps
        if (!UNDEFINED_TABLE.equals(e.getSQLState()) || e instanceof java.sql.BatchUpdateException) {
            return null;
        }
        ObjectName fromMessage = fromMessage(e.getMessage());
        ObjectName atPosition = atPosition(e, sql);
        // the position is exact for one statement; in a multi-statement string it is relative to the one that
        // failed, so it is trusted only when the (possibly localised) message names the same relation
        if (atPosition != null && (fromMessage == null
                || fromMessage.name().equalsIgnoreCase(atPosition.name()))) {
            return atPosition;
        }
        return fromMessage;
    }

    /**
     * SQLState {@code 42703}: the reference at the error's position ({@code x}, {@code t.x}, {@code "X"}); else
     * the message: {@code column "x" of relation "t" does not exist} or {@code column t.x does not exist}.
     */
    @Override
    public MissingColumn missingColumn(SQLException e, String sql) {
        if (!UNDEFINED_COLUMN.equals(e.getSQLState()) || e instanceof java.sql.BatchUpdateException) {
            return null;
        }
        ObjectName at = atPosition(e, sql);
        if (at != null) {
            return new MissingColumn(at.schema() == null ? null : ObjectName.of(at.schema()), at.name());
        }
        String message = String.valueOf(e.getMessage());
        Matcher twoNames = OF_RELATION.matcher(message);
        if (twoNames.find()) {
            return new MissingColumn(ObjectName.of(twoNames.group(2)), twoNames.group(1));
        }
        ObjectName quoted = fromMessage(message);
        if (quoted != null) {
            return new MissingColumn(quoted.schema() == null ? null : ObjectName.of(quoted.schema()), quoted.name());
        }
        Matcher bare = Pattern.compile("(\\w+)\\.(\\w+)").matcher(message);
        return bare.find() ? new MissingColumn(ObjectName.of(bare.group(1)), bare.group(2)) : null;
    }

    /** The relation named at pgjdbc's {@code ServerErrorMessage.getPosition()} (read reflectively: no compile dependency). */
    static ObjectName atPosition(SQLException e, String sql) {
        try {
            Method m = e.getClass().getMethod("getServerErrorMessage");
            Object server = m.invoke(e);
            if (server == null) {
                return null;
            }
            int position = (Integer) server.getClass().getMethod("getPosition").invoke(server);
            String text = sql;
            if (position <= 0) {
                position = (Integer) server.getClass().getMethod("getInternalPosition").invoke(server);
                text = (String) server.getClass().getMethod("getInternalQuery").invoke(server);
            } else if (sql != null) {
                text = io.schemaheal.sql.JdbcSql.asSentByPgjdbc(sql);
            }
            return position > 0 && text != null ? ObjectName.at(text, position - 1, SqlLexer.Flavor.POSTGRESQL) : null;
        } catch (ReflectiveOperationException | RuntimeException notPgjdbc) {
            return null;
        }
    }

    static ObjectName fromMessage(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = QUOTED.matcher(message);
        if (!m.find()) {
            return null;
        }
        return ObjectName.fromKey(m.group(1)); // as the server names it: folded already, or keeping its case
    }

    /**
     * Always: a string of several statements runs in one transaction of its own (auto-commit) or under the guard
     * savepoint that the failure rolled back to; a procedure's work goes with its failure the same way.
     */
    @Override
    public boolean failedCallLeftNothing(String sql) {
        return true;
    }
}
