package io.schemaheal.sql;

import java.util.Locale;

/**
 * The name of a database object as a migration or a statement writes it: an optional schema, the
 * name, and whether it was quoted (a quoted name keeps its case; an unquoted one is folded by the
 * database). Two names are the same object when their {@link #key()}s are equal.
 */
public record ObjectName(String schema, String name, boolean quoted) {

    public static ObjectName of(String name) {
        return new ObjectName(null, name, false);
    }

    /** Lower-case unqualified name: how the manifest indexes objects. */
    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
