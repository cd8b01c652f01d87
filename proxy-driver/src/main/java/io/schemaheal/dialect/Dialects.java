package io.schemaheal.dialect;

import io.schemaheal.dialect.mariadb.MariaDbDialect;
import io.schemaheal.dialect.postgres.PostgresDialect;
import io.schemaheal.dialect.sqlite.SqliteDialect;
import java.sql.SQLException;

/** Chooses the dialect for a real JDBC URL. */
public final class Dialects {

    private static final Dialect SQLITE = SqliteDialect.create();
    private static final Dialect POSTGRES = PostgresDialect.create();
    private static final Dialect MARIADB = MariaDbDialect.create();

    private Dialects() {
    }

    /**
     * True when some dialect reads the exception, or one it wraps (a batch's cause, the next exception),
     * as a missing relation or column: the only failures SchemaHeal looks into. The agent asks this before
     * it touches the failed statement's connection, which may well be closed.
     */
    public static boolean mayBeMissingObject(SQLException e, String sql) {
        SQLException current = e;
        for (int depth = 0; current != null && depth < 4; depth++) {
            for (Dialect d : new Dialect[] {SQLITE, POSTGRES, MARIADB}) {
                if (d.errors().missingRelation(current, sql) != null || d.errors().missingColumn(current, sql) != null) {
                    return true;
                }
            }
            current = current.getCause() instanceof SQLException cause ? cause : current.getNextException();
        }
        return false;
    }

    /**
     * A copy of a database's exception that says only what {@link io.schemaheal.log.Redact#databaseMessage} keeps of
     * its message (no values of a row), with the same SQLState, vendor code and stack: what a dialect reads of it
     * stays, what the application may log loses the migration's literals.
     */
    public static SQLException withoutValues(SQLException e) {
        SQLException copy = new SQLException(io.schemaheal.log.Redact.databaseMessage(e.getMessage()), e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** True when SchemaHeal heals the database of {@code realUrl}. */
    public static boolean knows(String realUrl) {
        return realUrl.startsWith("jdbc:sqlite:") || realUrl.startsWith("jdbc:postgresql:")
                || realUrl.startsWith("jdbc:mariadb:") || realUrl.startsWith("jdbc:mysql:");
    }

    /** The dialect for {@code realUrl}; throws naming the supported databases when there is none. */
    public static Dialect forUrl(String realUrl) throws SQLException {
        if (realUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (realUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (realUrl.startsWith("jdbc:mariadb:") || realUrl.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        throw new SQLException("SchemaHeal cannot heal " + realUrl + ": it knows SQLite (jdbc:sqlite:), PostgreSQL "
                + "(jdbc:postgresql:) and MariaDB/MySQL (jdbc:mariadb:, jdbc:mysql:); use the plain URL without heal: "
                + "for this database", "08001");
    }
}
