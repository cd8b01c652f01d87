package io.schemaheal.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies a statement from its tokens: what it creates, alters, drops or writes, and which other
 * tables it refers to. It reads only the shape of DDL that migrations use; anything it does not
 * recognise is {@link StatementKind#OTHER} and is never part of a heal.
 */
public final class StatementClassifier {

    private final List<Token> tokens;
    /** How the statement's database reads it: the statement keeps it, and its body is read the same way. */
    private final SqlLexer.Flavor flavor;
    private int i;

    /** A schema whose name qualifies names that mean the same as unqualified ones (a schema dump's), or null. */
    private final String dumpSchema;

    private StatementClassifier(List<Token> tokens, SqlLexer.Flavor flavor) {
        this(tokens, flavor, null);
    }

    private StatementClassifier(List<Token> tokens, SqlLexer.Flavor flavor, String dumpSchema) {
        this.tokens = tokens;
        this.flavor = flavor;
        this.dumpSchema = dumpSchema;
    }

    public static SqlStatement classify(ScriptStatement statement) {
        return classify(statement, null);
    }

    /**
     * As {@link #classify(ScriptStatement)}, reading a name qualified by {@code dumpSchema} as the unqualified name:
     * a schema dump's {@code public.users} is the {@code users} of the scripts after it, where the heal runs in
     * {@code public}.
     */
    /** A statement read once more, names qualified by {@code dumpSchema} read as unqualified (see above). */
    public static SqlStatement classify(SqlStatement statement, String dumpSchema) {
        try {
            return classify(new ScriptStatement(statement.sql(), statement.line(), statement.tokens(), statement.flavor()), dumpSchema);
        } catch (SqlParseException e) {
            return statement; // it lexed when it was read: not reached
        }
    }

    public static SqlStatement classify(ScriptStatement statement, String dumpSchema) {
        return new StatementClassifier(statement.tokens(), statement.flavor(), dumpSchema)
                .classify(statement.sql(), statement.line());
    }

    /**
     * A statement SchemaHeal writes itself from parts of the migrations' statements (an ADD COLUMN from a
     * CREATE TABLE's column, a foreign key or constraint to add back), classified as if the script at
     * {@code line} said it.
     *
     * @throws IllegalArgumentException when the text does not lex (its parts came from statements that did)
     */
    public static SqlStatement classifyWritten(String sql, int line) {
        return classifyWritten(sql, line, SqlLexer.Flavor.GENERIC);
    }

    /** As {@link #classifyWritten(String, int)}, for the statements of a database that reads them as {@code flavor}. */
    public static SqlStatement classifyWritten(String sql, int line, SqlLexer.Flavor flavor) {
        try {
            return classify(new ScriptStatement(sql, line, SqlLexer.tokenize(sql, flavor), flavor));
        } catch (SqlParseException e) {
            throw new IllegalArgumentException("cannot read the statement SchemaHeal wrote: " + sql, e);
        }
    }

    private SqlStatement classify(String sql, int line) {
        if (tokens.isEmpty()) {
            return result(sql, line, StatementKind.OTHER, List.of(), null, List.of(), false);
        }
        if (accept("CREATE")) {
            return create(sql, line);
        }
        if (accept("ALTER")) {
            if (accept("TABLE")) {
                accept("IF", "EXISTS");
                accept("ONLY");
                ObjectName table = name();
                if (table != null) {
                    return result(sql, line, StatementKind.ALTER_TABLE, List.of(table), table, alterActions(sql), false);
                }
            } else if (accept("SEQUENCE")) {
                accept("IF", "EXISTS");
                ObjectName sequence = name();
                if (sequence != null) {
                    return result(sql, line, StatementKind.ALTER_SEQUENCE, List.of(sequence), null, List.of(), false);
                }
            } else if (accept("TYPE")) {
                ObjectName type = name();
                if (type != null && accept("ADD", "VALUE")) {
                    return result(sql, line, StatementKind.ALTER_TYPE, List.of(type), null, List.of(), false);
                }
            }
            return other(sql, line);
        }
        if (accept("DROP")) {
            return drop(sql, line);
        }
        if (accept("RENAME", "TABLE")) {
            // MySQL: RENAME TABLE a TO b, read as ALTER TABLE a RENAME TO b (several pairs at once: not read)
            ObjectName from = name();
            if (from != null && accept("TO")) {
                ObjectName to = name();
                if (to != null && i >= tokens.size()) {
                    return result(sql, line, StatementKind.ALTER_TABLE, List.of(from), from,
                            List.of(new AlterAction(AlterAction.Type.RENAME_TABLE, null, to)), false);
                }
            }
            return other(sql, line);
        }
        if (accept("DO")) {
            return doBlock(sql, line);
        }
        if (peek("INSERT") || peek("REPLACE")) {
            i++;
            accept("OR");
            if (peekType(Token.Type.WORD) && !peek("INTO")) {
                i++; // OR IGNORE / OR REPLACE / IGNORE
            }
            accept("IGNORE");
            if (accept("INTO")) {
                return data(sql, line, name());
            }
            return other(sql, line);
        }
        if (accept("UPDATE")) {
            if (accept("OR")) {
                i++;
            }
            accept("ONLY");
            return data(sql, line, name());
        }
        // DELETE stays OTHER: a heal never deletes rows, so it is never part of a plan
        return other(sql, line);
    }

    private SqlStatement create(String sql, int line) {
        accept("OR", "REPLACE");
        boolean unique = false;
        // modifiers that may stand between CREATE and the object type
        while (true) {
            if (accept("UNIQUE")) {
                unique = true;
            } else if (accept("FULLTEXT") || accept("SPATIAL")) {
                continue; // MySQL index kinds
            } else if (!(accept("TEMP") || accept("TEMPORARY") || accept("GLOBAL") || accept("LOCAL")
                    || accept("UNLOGGED") || accept("RECURSIVE") || accept("CONSTRAINT") || accept("DEFINER")
                    || accept("ALGORITHM") || accept("SQL", "SECURITY") || accept("INVOKER"))) {
                break;
            }
            if (peek("=")) {
                i += 2; // MySQL DEFINER = x / ALGORITHM = x
                if (peek("@")) {
                    i += 2; // DEFINER = `user`@`host`
                } else if (peek("(")) {
                    i += 2; // DEFINER = CURRENT_USER()
                }
            }
        }
        if (accept("TABLE")) {
            accept("IF", "NOT", "EXISTS");
            ObjectName t = name();
            return result(sql, line, StatementKind.CREATE_TABLE, single(t), t, List.of(), false);
        }
        if (accept("VIRTUAL", "TABLE")) {
            accept("IF", "NOT", "EXISTS");
            ObjectName t = name();
            ObjectName content = ftsContentTable();
            return result(sql, line, StatementKind.CREATE_VIRTUAL_TABLE, single(t), content, List.of(), false);
        }
        if (accept("INDEX")) {
            boolean concurrently = accept("CONCURRENTLY");
            accept("IF", "NOT", "EXISTS");
            ObjectName index = peek("ON") ? null : name();
            ObjectName table = null;
            if (accept("ON")) {
                accept("ONLY");
                table = name();
            }
            return result(sql, line, StatementKind.CREATE_INDEX, single(index), table, List.of(), concurrently);
        }
        if (accept("TRIGGER")) {
            accept("IF", "NOT", "EXISTS");
            ObjectName trigger = name();
            ObjectName table = null;
            // the table follows the first ON that is not part of "INSTEAD OF" / "OF col"
            for (; i < tokens.size(); i++) {
                if (tokens.get(i).isWord("ON")) {
                    i++;
                    table = name();
                    break;
                }
            }
            return result(sql, line, StatementKind.CREATE_TRIGGER, single(trigger), table, List.of(), false);
        }
        if (accept("MATERIALIZED", "VIEW")) {
            accept("IF", "NOT", "EXISTS");
            ObjectName view = name();
            return result(sql, line, StatementKind.CREATE_MATERIALIZED_VIEW, single(view), null, List.of(), false);
        }
        if (accept("VIEW")) {
            accept("IF", "NOT", "EXISTS");
            ObjectName view = name();
            return result(sql, line, StatementKind.CREATE_VIEW, single(view), null, List.of(), false);
        }
        if (accept("TYPE")) {
            return result(sql, line, StatementKind.CREATE_TYPE, single(name()), null, List.of(), false);
        }
        if (accept("SEQUENCE")) {
            accept("IF", "NOT", "EXISTS");
            return result(sql, line, StatementKind.CREATE_SEQUENCE, single(name()), null, List.of(), false);
        }
        if (accept("FUNCTION") || accept("PROCEDURE")) {
            return result(sql, line, StatementKind.CREATE_FUNCTION, single(name()), null, List.of(), false);
        }
        return result(sql, line, StatementKind.CREATE_OTHER, List.of(), null, List.of(), false);
    }

    private SqlStatement drop(String sql, int line) {
        StatementKind kind;
        if (accept("TABLE")) {
            kind = StatementKind.DROP_TABLE;
        } else if (accept("INDEX")) {
            accept("CONCURRENTLY");
            kind = StatementKind.DROP_INDEX;
        } else if (accept("TRIGGER")) {
            kind = StatementKind.DROP_TRIGGER;
        } else if (accept("VIEW") || accept("MATERIALIZED", "VIEW")) {
            kind = StatementKind.DROP_VIEW;
        } else if (accept("SEQUENCE")) {
            kind = StatementKind.DROP_SEQUENCE;
        } else {
            return result(sql, line, StatementKind.DROP_OTHER, List.of(), null, List.of(), false);
        }
        accept("IF", "EXISTS");
        List<ObjectName> names = new ArrayList<>();
        do {
            ObjectName n = name();
            if (n != null) {
                names.add(n);
            }
        } while (acceptSymbol(','));
        ObjectName table = null;
        if (accept("ON")) {
            table = name(); // MySQL: DROP INDEX x ON t, PostgreSQL: DROP TRIGGER x ON t
        }
        return result(sql, line, kind, names, table, List.of(), false);
    }

    /** Each action of an ALTER TABLE with its clause as written in {@code sql}: what it adds, by its own reading. */
    private List<AlterAction> alterActions(String sql) {
        List<AlterAction> actions = new ArrayList<>();
        while (i < tokens.size()) {
            int start = i;
            definitionAt = -1;
            AlterAction action = alterAction();
            // to the next top-level comma: the clause's end
            int end = tokens.size();
            int depth = 0;
            while (i < tokens.size()) {
                Token t = tokens.get(i++);
                if (t.isSymbol('(')) {
                    depth++;
                } else if (t.isSymbol(')')) {
                    depth--;
                } else if (t.isSymbol(',') && depth == 0) {
                    end = i - 1;
                    break;
                }
            }
            actions.add(start < end ? spanned(action, sql, start, end) : action);
        }
        return actions;
    }

    /** Where the definition of the column an {@code ADD COLUMN} action adds begins (a token index), or -1. */
    private int definitionAt = -1;

    /** {@code action} with its clause (tokens {@code start} to {@code end}), a column's definition or a constraint. */
    private AlterAction spanned(AlterAction action, String sql, int start, int end) {
        String clause = sql.substring(tokens.get(start).start(), tokens.get(end - 1).end());
        String definition = action.type() == AlterAction.Type.ADD_COLUMN && definitionAt >= 0 && definitionAt < end
                ? sql.substring(tokens.get(definitionAt).start(), tokens.get(end - 1).end()) : null;
        TableConstraint constraint = action.type() == AlterAction.Type.ADD_CONSTRAINT
                ? TableConstraint.read(tokens.subList(start + 1, end), sql) : null; // after its ADD
        return new AlterAction(action.type(), action.column(), action.newName(), clause, definition, constraint);
    }

    private AlterAction alterAction() {
        if (accept("ADD")) {
            if (peek("CONSTRAINT") || peek("PRIMARY") || peek("FOREIGN") || peek("UNIQUE") || peek("CHECK")
                    || peek("EXCLUDE")) {
                return new AlterAction(AlterAction.Type.ADD_CONSTRAINT, null, null);
            }
            if (peek("INDEX") || peek("KEY") || peek("FULLTEXT") || peek("SPATIAL")) {
                return new AlterAction(AlterAction.Type.ADD_CONSTRAINT, null, null); // MySQL's ADD INDEX: additive as a constraint is
            }
            accept("COLUMN");
            accept("IF", "NOT", "EXISTS");
            definitionAt = i;
            return new AlterAction(AlterAction.Type.ADD_COLUMN, identifier(), null);
        }
        if (accept("DROP")) {
            if (accept("COLUMN") || !(peek("CONSTRAINT") || peek("PRIMARY") || peek("FOREIGN")
                    || peek("INDEX") || peek("KEY") || peek("CHECK") || peek("DEFAULT"))) {
                accept("IF", "EXISTS");
                return new AlterAction(AlterAction.Type.DROP_COLUMN, identifier(), null);
            }
            boolean index = peek("INDEX") || peek("KEY");
            if (accept("CONSTRAINT") || accept("INDEX") || accept("KEY") || accept("FOREIGN", "KEY") || accept("CHECK")) {
                accept("IF", "EXISTS");
                String dropped = identifier();
                return new AlterAction(AlterAction.Type.DROP_OBJECT, index ? AlterAction.INDEX : null,
                        dropped == null ? null : ObjectName.of(dropped));
            }
            return new AlterAction(AlterAction.Type.OTHER, null, null);
        }
        if (accept("CHANGE")) {
            // MySQL: CHANGE [COLUMN] old new definition renames (and may retype) a column
            accept("COLUMN");
            String from = identifier();
            String to = identifier();
            if (from != null && to != null && !from.equalsIgnoreCase(to)) {
                return new AlterAction(AlterAction.Type.RENAME_COLUMN, from, ObjectName.of(to));
            }
            return new AlterAction(AlterAction.Type.OTHER, from, null);
        }
        if (accept("RENAME")) {
            if (accept("TO") || accept("AS")) {
                return new AlterAction(AlterAction.Type.RENAME_TABLE, null, name());
            }
            if (peek("CONSTRAINT") || peek("INDEX") || peek("KEY")) {
                return new AlterAction(AlterAction.Type.OTHER, null, null);
            }
            boolean column = accept("COLUMN");
            int at = i;
            String from = identifier();
            if (accept("TO")) {
                return new AlterAction(AlterAction.Type.RENAME_COLUMN, from, ObjectName.of(identifier()));
            }
            if (!column) {
                // MySQL: ALTER TABLE t RENAME new_name (TO and AS are optional there)
                i = at;
                ObjectName to = name();
                if (to != null && (i >= tokens.size() || tokens.get(i).isSymbol(','))) {
                    return new AlterAction(AlterAction.Type.RENAME_TABLE, null, to);
                }
            }
        }
        return new AlterAction(AlterAction.Type.OTHER, null, null);
    }

    /** A DO block: its body's effects say which tables it writes and whether they can be known at all. */
    private SqlStatement doBlock(String sql, int line) {
        Token body = null;
        for (int k = i; k < tokens.size(); k++) {
            if (tokens.get(k).type() == Token.Type.STRING) {
                body = tokens.get(k);
                break;
            }
        }
        if (body == null) {
            return other(sql, line);
        }
        List<Token> inner;
        try {
            inner = SqlLexer.tokenize(body.text(), flavor);
        } catch (SqlParseException e) {
            return other(sql, line);
        }
        EffectScan scan = new EffectScan(true, flavor, dumpSchema);
        scan.scan(inner, 0);
        Effects effects = scan.effects();
        if (effects.writes().isEmpty() && effects.unreadable() == null) {
            return other(sql, line); // reads only: nothing a heal needs
        }
        List<ObjectName> writes = new ArrayList<>(scan.written);
        ObjectName altered = scan.altered;
        Set<String> refs = new StatementClassifier(inner, flavor, dumpSchema).references(writes);
        return new SqlStatement(sql, line, StatementKind.PROCEDURAL, writes,
                altered != null ? altered : (writes.isEmpty() ? null : writes.get(0)),
                List.of(), refs, false, effects, identifiers(inner), bodyAlters(body.text(), line), flavor);
    }

    private static final java.util.regex.Pattern BODY_ALTERS = java.util.regex.Pattern.compile(
            "\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?[\\w.\"]+\\s+(?:ADD\\s+(?:COLUMN\\s+)?IF\\s+NOT\\s+EXISTS|DROP\\s+COLUMN"
                    + "|ADD\\s+CONSTRAINT\\s+[\\w\"]+\\s+FOREIGN\\s+KEY)\\b[^;]*",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * The {@code ALTER TABLE t ADD COLUMN IF NOT EXISTS ...}, {@code ... DROP COLUMN c} and {@code ... ADD CONSTRAINT n
     * FOREIGN KEY ...} statements in a DO block's body (Mattermost adds its foreign keys so, when not there yet).
     */
    private static List<SqlStatement> bodyAlters(String body, int line) {
        List<SqlStatement> out = new ArrayList<>();
        java.util.regex.Matcher m = BODY_ALTERS.matcher(body);
        while (m.find()) {
            try {
                for (ScriptStatement s : SqlLexer.split(m.group(), line)) {
                    SqlStatement c = classify(s);
                    if (c.kind() == StatementKind.ALTER_TABLE && !c.actions().isEmpty()
                            && (c.actions().stream().allMatch(a -> a.type() == AlterAction.Type.ADD_COLUMN)
                            || c.actions().size() == 1 && c.actions().get(0).type() == AlterAction.Type.DROP_COLUMN
                            || c.actions().size() == 1 && c.actions().get(0).constraint() != null
                            && c.actions().get(0).constraint().kind() == TableConstraint.Kind.FOREIGN_KEY)) {
                        out.add(c);
                    }
                }
            } catch (SqlParseException ignored) {
                // not a statement after all: nothing to extract
            }
        }
        return out;
    }

    private SqlStatement data(String sql, int line, ObjectName target) {
        if (target == null) {
            return other(sql, line);
        }
        return result(sql, line, StatementKind.DATA, List.of(target), target, List.of(), false);
    }

    private SqlStatement other(String sql, int line) {
        return result(sql, line, StatementKind.OTHER, List.of(), null, List.of(), false);
    }

    private SqlStatement result(String sql, int line, StatementKind kind, List<ObjectName> objects, ObjectName table,
                                List<AlterAction> actions, boolean nonTransactional) {
        if (objects.isEmpty() && kind.createsRelation()) {
            // what it creates cannot be read (a placeholder in the name, a syntax SchemaHeal does not know):
            // it owns nothing and is never run
            kind = StatementKind.OTHER;
            table = null;
        }
        return new SqlStatement(sql, line, kind, objects, table, actions, references(objects), nonTransactional,
                effectsOf(kind), identifiers(tokens), List.of(), flavor);
    }


    /**
     * The effects of a statement that a heal may run on its own: a data statement's tables (all of a
     * multi-table UPDATE), a trigger's or function's body. Other kinds create or alter only their own object.
     */
    private Effects effectsOf(StatementKind kind) {
        EffectScan scan = new EffectScan(kind == StatementKind.CREATE_FUNCTION, flavor, dumpSchema);
        switch (kind) {
            case DATA, CREATE_TRIGGER, CREATE_FUNCTION -> scan.scan(tokens, 0);
            default -> scan.callsOnly(tokens);
        }
        return scan.effects();
    }

    /** Words before INSERT, UPDATE or DELETE that make it part of a clause, not a statement (ON DELETE CASCADE). */
    private static final Set<String> CLAUSE_WORDS = Set.of("ON", "BEFORE", "AFTER", "OR", "OF", "FOR", "DO", "KEY",
            "INSTEAD", "GRANT", "REVOKE", ",");

    /** Reads what a sequence of statements writes and calls. */
    private static final class EffectScan {
        private final boolean procedural;
        private final SqlLexer.Flavor flavor;
        private final String dumpSchema;
        private final List<ObjectName> written = new ArrayList<>();
        private final Set<String> calls = new LinkedHashSet<>();
        private ObjectName altered;
        private String unreadable;

        /** @param procedural the tokens are a PL body, where EXECUTE runs dynamic SQL */
        EffectScan(boolean procedural, SqlLexer.Flavor flavor, String dumpSchema) {
            this.procedural = procedural;
            this.flavor = flavor;
            this.dumpSchema = dumpSchema;
        }

        Effects effects() {
            Set<String> keys = new LinkedHashSet<>();
            for (ObjectName n : written) {
                keys.add(n.key());
            }
            return new Effects(keys, calls, unreadable);
        }

        void callsOnly(List<Token> t) {
            for (int k = 0; k + 1 < t.size(); k++) {
                if (t.get(k).isIdentifier() && t.get(k + 1).isSymbol('(')) {
                    calls.add(t.get(k).text().toLowerCase(Locale.ROOT));
                }
            }
        }

        void scan(List<Token> t, int from) {
            StatementClassifier c = new StatementClassifier(t, flavor, dumpSchema);
            for (c.i = from; c.i < t.size(); ) {
                Token x = t.get(c.i);
                String before = c.i == 0 ? "" : t.get(c.i - 1).text().toUpperCase(Locale.ROOT);
                boolean clause = CLAUSE_WORDS.contains(before);
                if (x.type() == Token.Type.STRING && procedural && c.i > 0 && isBody(t, c.i)) {
                    try {
                        scan(SqlLexer.tokenize(x.text(), flavor), 0); // a function's body: its statements count as its own
                    } catch (SqlParseException e) {
                        unreadable = "its body cannot be read (" + e.getMessage() + ")";
                    }
                    c.i++;
                } else if (!clause && (x.isWord("INSERT") || x.isWord("REPLACE") || x.isWord("MERGE"))) {
                    c.i++;
                    if (c.accept("OR")) {
                        c.i++; // OR REPLACE / OR IGNORE
                    }
                    c.accept("IGNORE");
                    if (c.accept("INTO")) {
                        write(c.name(), false);
                    }
                } else if (!clause && x.isWord("UPDATE")) {
                    c.i++;
                    c.accept("OR");
                    c.accept("ONLY");
                    write(c.name(), false);
                    // MySQL multi-table UPDATE: every table named before SET is written
                    for (int depth = 0; c.i < t.size() && !(depth == 0 && t.get(c.i).isWord("SET")); c.i++) {
                        Token y = t.get(c.i);
                        depth += y.isSymbol('(') ? 1 : y.isSymbol(')') ? -1 : 0;
                        if (depth == 0 && (y.isSymbol(',') || y.isWord("JOIN"))) {
                            c.i++;
                            write(c.name(), false);
                            c.i--;
                        }
                    }
                } else if (!clause && x.isWord("DELETE")) {
                    c.i++;
                    // DELETE [t1, t2] FROM t ...: every name up to and after FROM may lose rows
                    while (c.i < t.size() && t.get(c.i).isIdentifier() && !t.get(c.i).isWord("FROM")) {
                        write(c.name(), false);
                        c.acceptSymbol(',');
                    }
                    if (c.accept("FROM")) {
                        c.accept("ONLY");
                        write(c.name(), false);
                    }
                } else if (x.isWord("TRUNCATE")) {
                    c.i++;
                    c.accept("TABLE");
                    c.accept("ONLY");
                    do {
                        write(c.name(), false);
                    } while (c.acceptSymbol(','));
                } else if ((x.isWord("DROP") || x.isWord("ALTER")) && startsStatement(t, c.i, from)) {
                    c.i++;
                    if (c.accept("TABLE") || c.accept("VIEW") || c.accept("MATERIALIZED", "VIEW")) {
                        c.accept("IF", "EXISTS");
                        c.accept("ONLY");
                        write(c.name(), true);
                    } else if (c.i < t.size() && t.get(c.i).isWord("INDEX") || c.i < t.size() && t.get(c.i).isWord("TRIGGER")) {
                        c.i++; // an index or trigger of some table: which one cannot be told from here
                        unreadable = x.text().toUpperCase(Locale.ROOT) + " " + t.get(c.i - 1).text().toUpperCase(Locale.ROOT)
                                + " in its body";
                    } else if (c.i < t.size()) {
                        unreadable = x.text().toUpperCase(Locale.ROOT) + " " + t.get(c.i).text().toUpperCase(Locale.ROOT)
                                + " in its body";
                    }
                } else if (x.isWord("CREATE") && procedural) {
                    c.i++;
                    c.accept("UNIQUE");
                    if (c.accept("INDEX")) {
                        while (c.i < t.size() && !t.get(c.i).isWord("ON")) {
                            c.i++;
                        }
                        if (c.accept("ON")) {
                            c.accept("ONLY");
                            write(c.name(), true);
                        }
                    } else if (c.accept("TABLE")) {
                        c.accept("IF", "NOT", "EXISTS");
                        write(c.name(), false);
                    }
                } else if (x.isWord("EXECUTE") || x.isWord("EXEC")) {
                    c.i++;
                    if (!(c.accept("FUNCTION") || c.accept("PROCEDURE"))) {
                        unreadable = "it runs dynamic SQL (EXECUTE)";
                    }
                } else if (x.isWord("CALL") || x.isWord("PERFORM")) {
                    c.i++;
                    ObjectName called = c.name();
                    if (called != null) {
                        calls.add(called.bareKey());
                    }
                } else if (x.isIdentifier() && c.i + 1 < t.size() && t.get(c.i + 1).isSymbol('(')) {
                    calls.add(x.text().toLowerCase(Locale.ROOT));
                    c.i++;
                } else {
                    c.i++;
                }
            }
        }

        /** True when the token at {@code k} begins a statement of a body (not {@code ALTER TABLE t DROP COLUMN}). */
        private static boolean startsStatement(List<Token> t, int k, int from) {
            if (k == from) {
                return true;
            }
            Token p = t.get(k - 1);
            return p.isSymbol(';') || p.isWord("BEGIN") || p.isWord("THEN") || p.isWord("ELSE") || p.isWord("LOOP")
                    || p.isWord("DO") || p.isWord("ROW");
        }

        /** A string that is a PL body: dollar-quoted, or the string after AS. */
        private static boolean isBody(List<Token> t, int k) {
            return t.get(k - 1).isWord("AS") || t.get(k - 1).isWord("DO") || t.get(k).end() - t.get(k).start() > t.get(k).text().length() + 2;
        }

        private void write(ObjectName n, boolean alters) {
            if (n != null && !n.key().equals("set")) {
                written.add(n);
                if (alters && altered == null) {
                    altered = n;
                }
            }
        }
    }

    /**
     * Other relations the statement mentions: after REFERENCES, FROM, JOIN, INTO, UPDATE and in an FTS
     * table's {@code content=} option. The caller filters these against the manifest's tables.
     */
    private Set<String> references(List<ObjectName> own) {
        Set<String> refs = new LinkedHashSet<>();
        for (int k = 0; k + 1 < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.type() != Token.Type.WORD) {
                continue;
            }
            String w = t.text().toUpperCase(Locale.ROOT);
            if (w.equals("REFERENCES") || w.equals("FROM") || w.equals("JOIN") || w.equals("INTO") || w.equals("UPDATE")) {
                ObjectName n = nameAt(k + 1);
                if (n != null) {
                    refs.add(n.key());
                }
            } else if (w.equals("CONTENT") && tokens.get(k + 1).isSymbol('=') && k + 2 < tokens.size()) {
                Token v = tokens.get(k + 2);
                if (v.type() == Token.Type.STRING || v.isIdentifier()) {
                    refs.add(v.text().toLowerCase(Locale.ROOT));
                }
            }
        }
        for (ObjectName n : own) {
            if (n != null) {
                refs.remove(n.key());
            }
        }
        return refs;
    }

    private static final Set<String> NOT_COLUMNS = Set.of("constraint", "primary", "foreign", "unique", "check", "key",
            "index", "exclude", "like", "fulltext", "spatial", "period");

    /**
     * True for an element that starts with {@code key} or {@code index} and is a column of that name: {@code key TEXT
     * PRIMARY KEY}, {@code key VARCHAR(40)} (a type's arguments are numbers), not MySQL's {@code KEY k (a)} or
     * {@code INDEX (a, b)}.
     */
    private static boolean namedKeyOrIndex(List<Token> e) {
        if (!(e.get(0).isWord("KEY") || e.get(0).isWord("INDEX")) || e.size() < 2 || e.get(1).isSymbol('(')) {
            return false;
        }
        if (e.size() > 3 && e.get(2).isSymbol('(')) {
            return e.get(3).type() == Token.Type.NUMBER; // VARCHAR(40), not k (a)
        }
        return e.size() < 3 || !e.get(2).isWord("USING");
    }

    /** The column names a CREATE TABLE declares, in order; empty for any other statement or CREATE TABLE ... AS. */
    public static List<String> columnsOf(SqlStatement statement) {
        return List.copyOf(columnDefinitionsOf(statement).keySet());
    }

    /**
     * The columns a CREATE TABLE declares, each with its definition as written ({@code metadata TEXT DEFAULT '{}'}),
     * in order; empty for any other statement or CREATE TABLE ... AS.
     */
    public static java.util.LinkedHashMap<String, String> columnDefinitionsOf(SqlStatement statement) {
        java.util.LinkedHashMap<String, String> columns = new java.util.LinkedHashMap<>();
        for (Element e : elementsOf(statement)) {
            if (e.first().isIdentifier()
                    && !(e.first().type() == Token.Type.WORD && NOT_COLUMNS.contains(e.first().text().toLowerCase(Locale.ROOT))
                    && !namedKeyOrIndex(e.tokens()))) {
                columns.put(e.first().text(), e.text());
            }
        }
        return columns;
    }

    private static final Set<String> TABLE_CONSTRAINTS = Set.of("constraint", "primary", "foreign", "unique", "check", "exclude");

    /**
     * The table constraints a CREATE TABLE declares as elements of its own ({@code CONSTRAINT u UNIQUE (a, b)},
     * {@code CHECK (a > 0)}, {@code FOREIGN KEY (a) REFERENCES p}), in order; empty for any other statement.
     */
    public static List<TableConstraint> tableConstraintsOf(SqlStatement statement) {
        List<TableConstraint> out = new ArrayList<>();
        for (Element e : elementsOf(statement)) {
            if (e.first().type() == Token.Type.WORD && TABLE_CONSTRAINTS.contains(e.first().text().toLowerCase(Locale.ROOT))) {
                out.add(TableConstraint.read(e.tokens(), statement.sql()));
            }
        }
        return out;
    }

    /** The tokens of a statement of that kind; none for another kind, or text that does not lex. */
    private static List<Token> tokensOf(SqlStatement statement, StatementKind kind) {
        if (statement.kind() != kind) {
            return List.of();
        }
        try {
            return statement.tokens();
        } catch (SqlParseException e) {
            return List.of();
        }
    }

    /** One element of a CREATE TABLE's list: its tokens and its text as written. */
    private record Element(List<Token> tokens, String text) {
        Token first() {
            return tokens.get(0);
        }
    }

    private static List<Element> elementsOf(SqlStatement statement) {
        List<Element> out = new ArrayList<>();
        String sql = statement.sql();
        List<Token> t = tokensOf(statement, StatementKind.CREATE_TABLE);
        int open = Tokens.columnListOpen(t);
        if (open < 0) {
            return out;
        }
        for (List<Token> element : Tokens.split(t, open + 1, true)) {
            if (!element.isEmpty()) {
                out.add(new Element(element, sql.substring(element.get(0).start(), element.get(element.size() - 1).end())));
            }
        }
        return out;
    }

    /** Functions whose string argument names a sequence: {@code nextval('public.users_id_seq'::regclass)}. */
    private static final Set<String> SEQUENCE_FUNCTIONS = Set.of("NEXTVAL", "CURRVAL", "SETVAL");

    private static Set<String> identifiers(List<Token> tokens) {
        Set<String> out = new LinkedHashSet<>();
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.isIdentifier()) {
                out.add(t.text().toLowerCase(Locale.ROOT));
            } else if (t.type() == Token.Type.STRING && k >= 2 && tokens.get(k - 1).isSymbol('(')
                    && SEQUENCE_FUNCTIONS.contains(tokens.get(k - 2).text().toUpperCase(Locale.ROOT))) {
                String name = t.text().substring(t.text().lastIndexOf('.') + 1); // the sequence, without its schema
                out.add(name.startsWith("\"") ? name.replace("\"", "") : name.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private ObjectName ftsContentTable() {
        for (int k = i; k + 2 < tokens.size(); k++) {
            if (tokens.get(k).isWord("content") && tokens.get(k + 1).isSymbol('=')) {
                Token v = tokens.get(k + 2);
                if ((v.type() == Token.Type.STRING || v.isIdentifier()) && !v.text().isEmpty()) {
                    return ObjectName.of(v.text());
                }
            }
        }
        return null;
    }

    // ---- token helpers ----

    private boolean peek(String word) {
        return i < tokens.size() && (tokens.get(i).isWord(word)
                || (word.length() == 1 && tokens.get(i).isSymbol(word.charAt(0))));
    }

    private boolean peekType(Token.Type type) {
        return i < tokens.size() && tokens.get(i).type() == type;
    }

    /** Consumes the words if they all follow in order; otherwise consumes nothing. */
    private boolean accept(String... words) {
        for (int k = 0; k < words.length; k++) {
            if (i + k >= tokens.size() || !tokens.get(i + k).isWord(words[k])) {
                return false;
            }
        }
        i += words.length;
        return true;
    }

    private boolean acceptSymbol(char c) {
        if (i < tokens.size() && tokens.get(i).isSymbol(c)) {
            i++;
            return true;
        }
        return false;
    }

    private String identifier() {
        if (i < tokens.size() && tokens.get(i).isIdentifier()) {
            return tokens.get(i++).text();
        }
        return null;
    }

    /** Reads {@code name} or {@code schema.name}, quoted or not. */
    private ObjectName name() {
        ObjectName n = nameAt(i);
        if (n != null) {
            i += n.schema() == null ? 1 : 3;
        }
        return n;
    }

    private ObjectName nameAt(int k) {
        if (k >= tokens.size() || !tokens.get(k).isIdentifier()) {
            return null;
        }
        Token first = tokens.get(k);
        if (k + 2 < tokens.size() && tokens.get(k + 1).isSymbol('.') && tokens.get(k + 2).isIdentifier()) {
            boolean dumped = dumpSchema != null && ObjectName.read(null, first, flavor).bareKey().equals(dumpSchema);
            return ObjectName.read(dumped ? null : first, tokens.get(k + 2), flavor);
        }
        return ObjectName.read(null, first, flavor);
    }

    private static List<ObjectName> single(ObjectName n) {
        return n == null ? List.of() : List.of(n);
    }
}
