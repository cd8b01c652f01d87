package io.schemaheal.dialect.postgres;

import io.schemaheal.dialect.DdlWriter;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.sql.ObjectName;

import java.util.Locale;

/**
 * PostgreSQL (pgjdbc). A missing relation is SQLState {@code 42P01}; its name is read at the error's
 * position in the SQL that was sent, since the message follows {@code lc_messages} and may not be
 * English. DDL is transactional; the cross-process lock is a transaction-scoped advisory lock keyed on
 * database and schema. An error aborts the application's transaction, so statements that may fail run
 * under a savepoint (see {@link #errorAbortsTransaction()}).
 */
public final class PostgresDialect {

    private PostgresDialect() {
    }

    /** PostgreSQL as the engine asks it: this class's parts, and what the database does by nature. */
    public static Dialect create() {
        return new Dialect("postgresql", true, true, false, false, new PostgresErrors(), new PostgresCatalog(),
                new PostgresTransactions(), new PostgresDdl(), new PostgresScratch());
    }

    /** The foreign keys of a child (1) to a parent (2) on exactly the columns (3, {@link DdlWriter#columnList}). */
    static final String FOREIGN_KEY = "FROM pg_constraint k WHERE k.contype = 'f' AND k.conrelid = to_regclass(?) "
            + "AND k.confrelid = to_regclass(?) AND (SELECT string_agg(a.attname::text, ',' ORDER BY a.attname::text) "
            + "FROM pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)) = ?";

    /** The text form to_regclass reads: each part quoted, unquoted parts folded to lower case as PostgreSQL does. */
    static String regName(ObjectName n) {
        String name = DdlWriter.quoteStandard(folded(n));
        return n.schema() == null ? name : DdlWriter.quoteStandard(n.schema().toLowerCase(Locale.ROOT)) + "." + name;
    }

    /** A name as PostgreSQL keeps it: as written where it was quoted, else folded to lower case. */
    static String folded(ObjectName n) {
        return n.quoted() ? n.name() : n.name().toLowerCase(Locale.ROOT);
    }
}
