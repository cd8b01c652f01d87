package io.schemaheal.dialect;

import java.sql.SQLException;

/** Chooses the dialect for a real JDBC URL. */
public final class Dialects {

    private static final SqliteDialect SQLITE = new SqliteDialect();

    private Dialects() {
    }

    /** The dialect for {@code realUrl}; throws naming the supported databases when there is none. */
    public static Dialect forUrl(String realUrl) throws SQLException {
        if (realUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        throw new SQLException("SchemaHeal cannot heal " + realUrl + ": it knows SQLite (jdbc:sqlite:) only so far; "
                + "use the plain URL without heal: for this database", "08001");
    }
}
