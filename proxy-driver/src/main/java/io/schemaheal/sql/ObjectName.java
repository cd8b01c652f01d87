package io.schemaheal.sql;

import java.util.Locale;

/**
 * The name of a database object as a migration or a statement writes it: an optional schema, the
 * name, and whether it was quoted (a quoted name keeps its case; an unquoted one is folded by the
 * database). Two names are the same object when their {@link #key()}s are equal: the schema is part of
 * the key, so {@code audit.events} and {@code events} are two objects.
 */
public record ObjectName(String schema, String name, boolean quoted) {

    public static ObjectName of(String name) {
        return new ObjectName(null, name, false);
    }

    /** The name a {@link #key()} stands for: {@code schema.name} or {@code name}. */
    public static ObjectName fromKey(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? of(key) : new ObjectName(key.substring(0, dot), key.substring(dot + 1), false);
    }

    /** Lower-case name, with its schema when it has one: how the manifest indexes objects. */
    public String key() {
        return schema == null ? bareKey() : schema.toLowerCase(Locale.ROOT) + "." + bareKey();
    }

    /** Lower-case name without its schema. */
    public String bareKey() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** This name in {@code schema} when it names none of its own; unchanged otherwise or when {@code schema} is null. */
    public ObjectName inSchema(String schema) {
        return this.schema != null || schema == null ? this : new ObjectName(schema, name, quoted);
    }

    /**
     * This index's name where the database keeps it: an unqualified index of a schema-qualified table is in the
     * table's schema ({@code CREATE INDEX x ON audit.events} makes {@code audit.x}).
     */
    public ObjectName indexOn(ObjectName table) {
        return schema == null && table != null && table.schema() != null ? inSchema(table.schema()) : this;
    }

    /** The bare key of a key: {@code audit.events} → {@code events}. */
    public static String bareKeyOf(String key) {
        return key.substring(key.indexOf('.') + 1);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }

    /** An identifier as written ({@code "userId"}, {@code user_id}): its name, quoted or not. */
    public static ObjectName written(String identifier) {
        String bare = unquote(identifier);
        return new ObjectName(null, bare, !bare.equals(identifier));
    }

    /** An identifier as written ({@code "userId"}, {@code `user_id`}, {@code user_id}) without its quotes. */
    public static String unquote(String identifier) {
        return identifier.length() > 1 && (identifier.charAt(0) == '"' || identifier.charAt(0) == '`')
                && identifier.charAt(identifier.length() - 1) == identifier.charAt(0)
                ? identifier.substring(1, identifier.length() - 1) : identifier;
    }
}
