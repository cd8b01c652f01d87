package io.schemaheal.dialect;

/** Kinds of schema object whose existence a heal checks before creating one. */
public enum ObjectType {
    /** A table, virtual table, view or materialized view: anything a query can name. */
    RELATION,
    INDEX,
    TRIGGER,
    /** A user-defined type (a PostgreSQL enum). */
    TYPE,
    SEQUENCE,
    FUNCTION
}
