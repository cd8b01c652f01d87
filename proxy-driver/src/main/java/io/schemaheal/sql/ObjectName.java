package io.schemaheal.sql;

import java.util.List;
import java.util.Locale;

/**
 * The name of a database object as a migration or a statement writes it: an optional schema, the
 * name, and whether it was quoted (a quoted name keeps its case; an unquoted one is folded by the
 * database). Two names are the same object when their {@link #key()}s are equal: the schema is part of
 * the key, so {@code audit.events} and {@code events} are two objects. Where the database keeps a quoted
 * name's case apart from the folded one (PostgreSQL: {@code "Event"} and {@code event} are two tables), the
 * name is {@code exactCase} and its key is the name as written; elsewhere keys are lower case.
 */
public record ObjectName(String schema, String name, boolean quoted, boolean exactCase) {

    public ObjectName(String schema, String name, boolean quoted) {
        this(schema, name, quoted, false);
    }

    public static ObjectName of(String name) {
        return new ObjectName(null, name, false);
    }

    /**
     * A name read from {@code name} (and {@code schema}, or null) as a database that reads statements as
     * {@code flavor} resolves it: PostgreSQL keeps a quoted name's case, so it is its key.
     */
    public static ObjectName read(Token schema, Token name, SqlLexer.Flavor flavor) {
        boolean quoted = name.type() == Token.Type.QUOTED_IDENTIFIER;
        return new ObjectName(schema == null ? null : schema.text(), name.text(), quoted,
                quoted && flavor == SqlLexer.Flavor.POSTGRESQL);
    }

    /** The qualified, possibly quoted, name that starts at {@code index} of {@code sql}, read as {@code flavor}; or null. */
    public static ObjectName at(String sql, int index, SqlLexer.Flavor flavor) {
        if (index < 0 || index >= sql.length()) {
            return null;
        }
        List<Token> t;
        try {
            t = SqlLexer.tokenize(sql.substring(index, Math.min(sql.length(), index + 300)), flavor);
        } catch (SqlParseException ignored) {
            return null;
        }
        if (t.isEmpty() || !t.get(0).isIdentifier()) {
            return null;
        }
        return t.size() >= 3 && t.get(1).isSymbol('.') && t.get(2).isIdentifier()
                ? read(t.get(0), t.get(2), flavor) : read(null, t.get(0), flavor);
    }

    /** True when {@code sql} (read as {@code flavor}) writes {@code name} as one quoted identifier ({@code "aux.audit"}). */
    public static boolean quotedIn(String sql, String name, SqlLexer.Flavor flavor) {
        try {
            for (Token t : SqlLexer.tokenize(sql, flavor)) {
                if (t.type() == Token.Type.QUOTED_IDENTIFIER && t.text().equalsIgnoreCase(name)) {
                    return true;
                }
            }
        } catch (SqlParseException ignored) {
            // not read: not written so
        }
        return false;
    }

    /**
     * The name a {@link #key()} stands for: {@code schema.name} or {@code name}. A key that is not lower case is a
     * name that keeps its case (see {@link #exactCase}): quoted.
     */
    public static ObjectName fromKey(String key) {
        int dot = key.indexOf('.');
        String name = key.substring(dot + 1);
        boolean exact = !name.equals(name.toLowerCase(Locale.ROOT));
        return new ObjectName(dot < 0 ? null : key.substring(0, dot), name, exact, exact);
    }

    /** The name (lower case, unless it keeps its case), with its schema when it has one: how the manifest indexes objects. */
    public String key() {
        return schema == null ? bareKey() : schema.toLowerCase(Locale.ROOT) + "." + bareKey();
    }

    /** The name without its schema: lower case, unless it keeps its case. */
    public String bareKey() {
        return exactCase ? name : name.toLowerCase(Locale.ROOT);
    }

    /** This name in {@code schema} when it names none of its own; unchanged otherwise or when {@code schema} is null. */
    public ObjectName inSchema(String schema) {
        return this.schema != null || schema == null ? this : new ObjectName(schema, name, quoted, exactCase);
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

    /**
     * This name as a statement of {@code flavor} writes it: quoted where it was; on SQLite always, as SQLite's own
     * rename writes a new name into the definitions that reference the table.
     */
    public String writtenIn(SqlLexer.Flavor flavor) {
        String q = flavor == SqlLexer.Flavor.MYSQL ? "`" : "\"";
        String written = quoted || flavor == SqlLexer.Flavor.SQLITE ? q + name.replace(q, q + q) + q : name;
        return schema == null ? written : schema + "." + written;
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
