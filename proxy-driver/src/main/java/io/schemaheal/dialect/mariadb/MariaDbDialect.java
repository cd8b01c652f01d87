package io.schemaheal.dialect.mariadb;

import io.schemaheal.dialect.Dialect;

/**
 * MariaDB and MySQL. A missing table is error 1146 / SQLState {@code 42S02}, whose message names
 * {@code db.table}. DDL commits implicitly, so a heal never runs inside the application's transaction
 * (a separate connection then) and is not atomic: every statement is guarded, and a heal interrupted
 * halfway is completed by the next. The cross-process lock is {@code GET_LOCK}, named after the schema.
 */
public final class MariaDbDialect {

    private MariaDbDialect() {
    }

    /** MariaDB (and MySQL) as the engine asks it: this class's parts, and what the database does by nature. */
    public static Dialect create() {
        MariaDbCatalog catalog = new MariaDbCatalog();
        MariaDbDdl ddl = new MariaDbDdl();
        return new Dialect("mariadb", false, false, false, true, new MariaDbErrors(), catalog,
                new MariaDbTransactions(catalog, ddl), ddl, new MariaDbScratch());
    }

    /** "Lock wait timeout exceeded": also a metadata lock not granted at once under lock_wait_timeout = 0. */
    static final int LOCK_WAIT_TIMEOUT = 1205;

    /** An identifier quoted as MariaDB quotes it ({@code `a``b`}). */
    static String quoted(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
