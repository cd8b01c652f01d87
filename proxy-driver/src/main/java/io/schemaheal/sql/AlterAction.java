package io.schemaheal.sql;

/**
 * One action of an {@code ALTER TABLE}.
 *
 * @param column     the column it adds, drops or renames; for {@link Type#DROP_OBJECT}, {@link #INDEX} when what it
 *                   drops is an index ({@code DROP INDEX|KEY}), else null
 * @param newName    the table's or column's new name; for {@link Type#DROP_OBJECT}, what it drops
 * @param clause     the action as written ({@code ADD COLUMN parent_id INT}), or null where it was not read from a clause
 * @param definition for {@link Type#ADD_COLUMN}, the column's definition as written ({@code parent_id INT}); else null
 * @param constraint for {@link Type#ADD_CONSTRAINT}, what it adds; else null
 */
public record AlterAction(Type type, String column, ObjectName newName, String clause, String definition,
                          TableConstraint constraint) {

    /** The {@code column} of a {@code DROP INDEX|KEY} action. */
    public static final String INDEX = "index";

    /** An action known by what it does alone (MySQL's {@code RENAME TABLE a TO b}). */
    public AlterAction(Type type, String column, ObjectName newName) {
        this(type, column, newName, null, null, null);
    }

    public enum Type {
        ADD_COLUMN,
        DROP_COLUMN,
        RENAME_COLUMN,
        /** {@code RENAME TO new_name}: the table itself changes name. */
        RENAME_TABLE,
        /** {@code DROP CONSTRAINT|INDEX|KEY|FOREIGN KEY name}: {@code newName} is what it drops. */
        DROP_OBJECT,
        /** ADD [CONSTRAINT n] CHECK / UNIQUE / FOREIGN KEY / PRIMARY KEY / EXCLUDE: a table constraint. */
        ADD_CONSTRAINT,
        /** ADD INDEX, ALTER COLUMN, SET ...: changes the table without adding or removing a column. */
        OTHER
    }
}
