package io.schemaheal.dialect.sqlite;

import io.schemaheal.dialect.Dialect;

/**
 * SQLite (sqlite-jdbc). A heal always runs on the application's own connection: a second connection
 * would not see an in-memory database and would deadlock on the write lock the application's
 * transaction may hold. Outside a transaction it runs in {@code BEGIN IMMEDIATE} (the cross-process
 * lock); inside one, in a savepoint after taking the write lock.
 */
public final class SqliteDialect {

    private SqliteDialect() {
    }

    /** SQLite as the engine asks it: this class's parts, and what the database does by nature. */
    public static Dialect create() {
        SqliteDdl ddl = new SqliteDdl();
        return new Dialect("sqlite", true, false, true, false, new SqliteErrors(), new SqliteCatalog(ddl), new SqliteTransactions(ddl), ddl, null);
    }
}
