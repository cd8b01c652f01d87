package io.schemaheal.dialect;

import io.schemaheal.sql.ObjectName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a database's catalog is asked: what exists, its columns, its schema, an incarnation, its foreign keys. One of
 * a {@link Dialect}'s parts.
 */
public interface CatalogQueries {

    /**
     * True when the object exists. {@code table} is the table an index or trigger is on (index and trigger
     * names are per table in some databases); it may be null.
     */
    boolean exists(Connection c, ObjectType type, ObjectName name, ObjectName table) throws SQLException;

    /** The first of these relations that exists ({@link #exists}), or null: a database may ask for all at once. */
    default ObjectName firstExisting(Connection c, List<ObjectName> relations) throws SQLException {
        for (ObjectName r : relations) {
            if (exists(c, ObjectType.RELATION, r, null)) {
                return r;
            }
        }
        return null;
    }

    boolean columnExists(Connection c, ObjectName table, String column) throws SQLException;

    /** The names of a table's columns as the database keeps them, in order; empty when there is no such table. */
    List<String> columns(Connection c, ObjectName table) throws SQLException;

    /**
     * The tables of the connection's schema that have a column of each of these names (lower case): how a version
     * table is known whatever it is called (Flyway's {@code table} setting names it as the application likes).
     */
    List<String> tablesWithColumns(Connection c, List<String> columns) throws SQLException;

    /**
     * The schema the session's unqualified names resolve to right now (PostgreSQL {@code current_schema()},
     * MariaDB {@code DATABASE()}), or null where there is only the connection's own (SQLite).
     */
    default String currentSchema(Connection c) throws SQLException {
        return null;
    }

    /**
     * What tells this incarnation of a relation from one created later under the same name (MariaDB: InnoDB's table
     * id, else its creation time), or null where no heal needs to know (DDL is transactional).
     */
    default String incarnation(Connection c, ObjectName relation) throws SQLException {
        return null;
    }

    /**
     * True where the server ignores a column constraint's {@code REFERENCES} (MySQL; MariaDB honours it since
     * 10.5): such a clause never made a foreign key, so none is expected or added back.
     */
    default boolean ignoresColumnReferences(Connection c) throws SQLException {
        return false;
    }

    /** True when the sequence belongs to the table (PostgreSQL: made for its {@code serial} or identity column). */
    default boolean sequenceOwnedBy(Connection c, ObjectName sequence, ObjectName table) throws SQLException {
        return false;
    }

    /** True when {@code child} has a foreign key on exactly {@code columns} (as written) to {@code parent}. */
    default boolean foreignKeyExists(Connection c, ObjectName child, List<String> columns, ObjectName parent)
            throws SQLException {
        return true;
    }

    /**
     * True when {@code child} has a row whose {@code columns} (as written) are all set: a row a foreign key on them
     * could reject. Where it cannot be asked, true (the key is then added without checking rows).
     */
    default boolean anyReferencingRow(Connection c, ObjectName child, List<String> columns) throws SQLException {
        return true;
    }
}
