package io.schemaheal.sql;

/** One action of an {@code ALTER TABLE}. */
public record AlterAction(Type type, String column, ObjectName newName) {

    public enum Type {
        ADD_COLUMN,
        DROP_COLUMN,
        RENAME_COLUMN,
        /** {@code RENAME TO new_name}: the table itself changes name. */
        RENAME_TABLE,
        /** {@code DROP CONSTRAINT|INDEX|KEY|FOREIGN KEY name}: {@code newName} is what it drops. */
        DROP_OBJECT,
        /** ADD CONSTRAINT, ALTER COLUMN, SET ...: changes the table without adding or removing a column. */
        OTHER
    }
}
