package io.schemaheal.dialect;

/**
 * Everything SchemaHeal knows about one kind of database, in parts: what its errors say ({@link #errors}), what its
 * catalog is asked ({@link #catalog}), how a heal is locked, begun and watched there ({@link #transactions}), how its
 * DDL is written ({@link #ddl}), and what it does by nature (the flags). Nothing outside {@code dialect/} knows error
 * codes or catalog tables; each database's parts live in its own package below this one.
 *
 * @param name                      short name: sqlite, postgresql, mariadb
 * @param transactionalDdl          DDL is transactional: a failed heal leaves nothing behind
 * @param errorAbortsTransaction    a failed statement aborts the application's transaction (PostgreSQL): statements
 *                                  that may fail then run under a savepoint, so that they can run again after a heal
 * @param inProcessHealLock         heals of one database in this process always queue on the in-process lock before
 *                                  the database's own, also for a connection inside a transaction (SQLite, which has no
 *                                  lock waits of its own to offer). On a server, a connection inside a transaction
 *                                  waits on the server's lock only: the server must see that wait, so that its deadlock
 *                                  detector can break the cycle of a heal that needs a lock on a table that a
 *                                  transaction waiting for it has written
 * @param buildsIndexesWithNewTable a heal builds the indexes its plan adds to a table it creates inside that table's
 *                                  {@code CREATE TABLE} (MariaDB: altering a table with a foreign key waits for every
 *                                  transaction that wrote the parent, the application's own among them)
 * @param scratch                   how the set is replayed on a scratch database, to see what SQL built at run time
 *                                  makes of a table; null where that is not done (such a table is then refused)
 */
public record Dialect(String name, boolean transactionalDdl, boolean errorAbortsTransaction, boolean inProcessHealLock,
                      boolean buildsIndexesWithNewTable, DatabaseErrors errors, CatalogQueries catalog,
                      Transactions transactions, DdlWriter ddl, ScratchReplay scratch) {

    /** How this database reads SQL: its comments, strings and quoted names (see {@link io.schemaheal.sql.SqlLexer.Flavor}). */
    public io.schemaheal.sql.SqlLexer.Flavor flavor() {
        return io.schemaheal.sql.SqlLexer.Flavor.of(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
