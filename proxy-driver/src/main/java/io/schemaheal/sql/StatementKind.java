package io.schemaheal.sql;

/** What one migration statement does, as far as healing is concerned. */
public enum StatementKind {
    CREATE_TABLE,
    /** {@code CREATE VIRTUAL TABLE} (SQLite FTS and other modules). */
    CREATE_VIRTUAL_TABLE,
    CREATE_INDEX,
    CREATE_TRIGGER,
    CREATE_VIEW,
    CREATE_MATERIALIZED_VIEW,
    CREATE_TYPE,
    CREATE_SEQUENCE,
    CREATE_FUNCTION,
    /** Any other CREATE (schema, extension, ...): never part of a table's plan. */
    CREATE_OTHER,
    ALTER_TABLE,
    /** PostgreSQL {@code ALTER TYPE t ADD VALUE 'x'}: the one change to a type a heal replays; {@code objects} is the type. */
    ALTER_TYPE,
    /** {@code ALTER SEQUENCE s ...} (type, limits, {@code OWNED BY}): {@code objects} is the sequence. */
    ALTER_SEQUENCE,
    DROP_TABLE,
    DROP_INDEX,
    DROP_TRIGGER,
    DROP_VIEW,
    /** {@code DROP SEQUENCE}: {@code objects} are the sequences. */
    DROP_SEQUENCE,
    DROP_OTHER,
    /** INSERT, UPDATE, REPLACE (a DELETE is {@link #OTHER}: a heal never deletes rows). */
    DATA,
    /**
     * A PostgreSQL {@code DO} block: {@code objects} are the tables its body writes (ALTER, UPDATE, INSERT,
     * CREATE INDEX ON), {@code table} the first it alters.
     */
    PROCEDURAL,
    /** Everything else: PRAGMA, SET, BEGIN, COMMIT, SELECT, GRANT ... */
    OTHER;

    public boolean createsTable() {
        return this == CREATE_TABLE || this == CREATE_VIRTUAL_TABLE;
    }

    /** A table, virtual table, view or materialized view: a relation a query can name. */
    public boolean createsRelation() {
        return createsTable() || this == CREATE_VIEW || this == CREATE_MATERIALIZED_VIEW;
    }
}
