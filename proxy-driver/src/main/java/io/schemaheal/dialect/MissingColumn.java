package io.schemaheal.dialect;

import io.schemaheal.sql.ObjectName;

/**
 * A column an error says is missing, as the database reported it (read only to look it up, never put
 * into SQL).
 *
 * @param table  the table or alias the error names with it, or null when it names the column alone
 * @param column the column's name
 */
public record MissingColumn(ObjectName table, String column) {

    /** From {@code x}, {@code t.x} or {@code schema.t.x}. */
    public static MissingColumn parse(String qualified) {
        if (qualified == null || qualified.isBlank()) {
            return null;
        }
        int dot = qualified.lastIndexOf('.');
        if (dot < 0) {
            return new MissingColumn(null, qualified);
        }
        String table = qualified.substring(0, dot);
        int schemaDot = table.lastIndexOf('.');
        ObjectName t = schemaDot < 0 ? ObjectName.of(table)
                : new ObjectName(table.substring(0, schemaDot), table.substring(schemaDot + 1), false);
        return new MissingColumn(t, qualified.substring(dot + 1));
    }
}
