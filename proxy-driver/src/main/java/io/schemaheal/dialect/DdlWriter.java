package io.schemaheal.dialect;

import io.schemaheal.sql.ObjectName;
import io.schemaheal.sql.SqlStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How a database's DDL is written: quoted names, the history table, the foreign keys and constraints a heal adds, a
 * sequence set past. One of a {@link Dialect}'s parts.
 */
public interface DdlWriter {

    /** Quotes an identifier for this database: as standard SQL does, unless it quotes otherwise. */
    default String quote(String identifier) {
        return quoteStandard(identifier);
    }

    /** Quotes an identifier as standard SQL does ({@code "a""b"}). */
    static String quoteStandard(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The column definition of an auto-incremented primary key, for the history table. */
    String autoIncrementPrimaryKey();

    /** DDL that creates the heal history table when it does not exist; {@code table} is already quoted. */
    default String createHistoryTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "id " + autoIncrementPrimaryKey() + ", "
                + "healed_at VARCHAR(40) NOT NULL, "
                + "table_name VARCHAR(255) NOT NULL, "
                + "migrations TEXT NOT NULL, "
                + "checksums TEXT NOT NULL, "
                + "statements_applied INTEGER NOT NULL, "
                + "statements_skipped INTEGER NOT NULL, "
                + "duration_ms BIGINT NOT NULL, "
                + "outcome VARCHAR(20) NOT NULL, "
                + "host VARCHAR(255), "
                + "process VARCHAR(255), "
                + "detail TEXT, "
                + "reason VARCHAR(40))";
    }

    /**
     * DDL that creates the journal of heals under way when it does not exist ({@code table} already quoted): where DDL
     * commits as it goes, one row when a heal starts (step 0, the schema it heals in) and one per statement that ran
     * (where it is in its script, what it was, the relation it created and what tells that relation from a later one of
     * the same name), so that a heal cut off can be completed from what ran.
     */
    default String createHealJournal(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "heal_id BIGINT NOT NULL, "
                + "step INTEGER NOT NULL, "
                + "heal_schema VARCHAR(255), "
                + "statement_at VARCHAR(1000), "
                + "summary TEXT, "
                + "created_relation VARCHAR(255), "
                + "incarnation VARCHAR(255), "
                + "PRIMARY KEY (heal_id, step))";
    }

    /** How long a name the database keeps can be (PostgreSQL cuts longer ones to 63 bytes); 0 for no limit that matters. */
    default int maxNameLength() {
        return 0;
    }

    /**
     * Makes the identity or serial sequence of {@code column} of {@code parent}, a table this heal created, start past
     * every value that {@code referencing} (child table, column) pairs still hold: rows that referenced the lost
     * table's rows must not be inherited by its new rows. Where the database has no such sequence, nothing.
     */
    default void startPast(Connection c, ObjectName parent, ObjectName column, List<ObjectName[]> referencing)
            throws SQLException {
    }

    /**
     * The statement that adds back a foreign key another table declares to a table a heal re-created,
     * without checking that table's existing rows; null where a foreign key is never lost with its parent
     * (SQLite keeps it in the child's definition).
     *
     * @param name       the constraint's name as written, or null to let the database name it
     * @param columns    the child's columns as written
     * @param references {@code REFERENCES parent (x) ...} as written
     */
    default String addForeignKey(ObjectName child, String name, List<String> columns, String references) {
        return null;
    }

    /** A name for SQL with each of its parts quoted ({@link #quote}): the schema, where it has one, and the name. */
    default String quoteQualified(ObjectName n) {
        return n.schema() == null ? quote(n.name()) : quote(n.schema()) + "." + quote(n.name());
    }

    /** A name for SQL as the migration wrote it: quoted where it was quoted (a quoted name keeps its case). */
    default String written(ObjectName n) {
        String name = n.quoted() ? quote(n.name()) : n.name();
        return n.schema() == null ? name : n.schema() + "." + name;
    }

    /**
     * {@code ALTER TABLE child ADD [CONSTRAINT name] FOREIGN KEY (columns) references}, as the migrations wrote its parts;
     * {@code child} as the database is to read it (quoted where it must be).
     */
    static String alterTableAddForeignKey(String child, String name, List<String> columns, String references) {
        return "ALTER TABLE " + child + " ADD " + (name == null ? "" : "CONSTRAINT " + name + " ") + "FOREIGN KEY ("
                + String.join(", ", columns) + ") " + references;
    }

    /**
     * {@code ALTER TABLE t ADD <constraint>} as this database runs it for a column a heal has just added (its
     * rows all hold NULL there), or null where a table constraint cannot be added after the fact (SQLite).
     */
    default String addConstraint(SqlStatement alterTableAdd) {
        return alterTableAdd.sql();
    }

    /**
     * The statement that checks the existing rows against the foreign key of {@code child} on {@code columns} to
     * {@code parent} that was added without checking them ({@link #addForeignKey}), or null where there is none.
     */
    default String validateForeignKey(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        return null;
    }

    /** The column names as the catalog keeps them: quotes removed, unquoted names folded to lower case; sorted. */
    static String columnList(List<String> columns) {
        return columns.stream().map(col -> ObjectName.unquote(col).equals(col) ? col.toLowerCase(java.util.Locale.ROOT)
                : ObjectName.unquote(col)).sorted().collect(java.util.stream.Collectors.joining(","));
    }
}
