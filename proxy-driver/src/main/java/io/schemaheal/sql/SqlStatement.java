package io.schemaheal.sql;

import java.util.List;
import java.util.Set;

/**
 * A migration statement, classified.
 *
 * @param sql        the statement as written, without its semicolon
 * @param line       the line of its file where it starts
 * @param kind       what it does
 * @param objects    the objects it creates or drops (one for CREATE; one or more for DROP); the target
 *                   table for ALTER and data statements
 * @param table      the table it is about: the table of an index or trigger, the content table of an
 *                   FTS virtual table, the altered table, the target of a data statement; null otherwise
 * @param actions    the actions of an ALTER TABLE; empty otherwise
 * @param references lower-case names of other relations it mentions: foreign-key parents, tables read
 *                   or written by trigger bodies, views and data statements
 * @param nonTransactional true when it cannot run inside a transaction ({@code CREATE INDEX CONCURRENTLY})
 * @param effects    what it (or the body of a trigger, function or {@code DO} block) writes and calls beyond what it
 *                   creates: what a heal must know before it may run the statement
 * @param identifiers lower-case words and quoted names it uses: how a table's plan finds the types and
 *                    functions it needs
 * @param embedded    for a {@code DO} block, the {@code ALTER TABLE ... ADD/DROP COLUMN} statements of its body: what a
 *                    heal can still apply when the whole block may not run (it writes tables the heal did not create)
 * @param flavor      how its database reads it: every later reading of its text ({@link #tokens}) reads it the same way
 */
public record SqlStatement(String sql, int line, StatementKind kind, List<ObjectName> objects, ObjectName table,
                           List<AlterAction> actions, Set<String> references, boolean nonTransactional,
                           Effects effects, Set<String> identifiers, List<SqlStatement> embedded, SqlLexer.Flavor flavor) {

    public SqlStatement {
        objects = List.copyOf(objects);
        actions = List.copyOf(actions);
        references = Set.copyOf(references);
        identifiers = Set.copyOf(identifiers);
        embedded = List.copyOf(embedded);
    }

    /** Its tokens, read as its database reads it. */
    public List<Token> tokens() throws SqlParseException {
        return SqlLexer.tokenize(sql, flavor);
    }

    /** Its tokens, or null when its text does not read. */
    private List<Token> tokensIfRead() {
        try {
            return tokens();
        } catch (SqlParseException e) {
            return null;
        }
    }

    /** The single object a CREATE makes, or null. */
    public ObjectName object() {
        return objects.isEmpty() ? null : objects.get(0);
    }

    /**
     * The name of the table a {@code CREATE TABLE} makes as written, quotes kept ({@code "App".users}): to add its
     * constraints back by that name. Null when its text does not read.
     */
    public String writtenName() {
        List<Token> t = tokensIfRead();
        if (t == null) {
            return null;
        }
        int open = 0;
        while (open < t.size() && !t.get(open).isSymbol('(')) {
            open++;
        }
        int first = open - 1;
        while (first > 0 && (t.get(first - 1).isSymbol('.') || t.get(first).isSymbol('.'))) {
            first--;
        }
        return first < 0 || open >= t.size() ? null : sql.substring(t.get(first).start(), t.get(open - 1).end());
    }

    /**
     * True for a statement that only defines something new, and runs nothing while it does: a {@code CREATE TABLE}
     * with no query ({@code AS ...}) and no existing table it joins ({@code PARTITION OF}, {@code INHERITS},
     * {@code OF type}). (An index is the heal's to judge: one on a table this heal created reads no row.)
     */
    public boolean definesOnlyNew() {
        if (kind != StatementKind.CREATE_TABLE) {
            return false;
        }
        List<Token> tokens = tokensIfRead();
        if (tokens == null) {
            return false;
        }
        int depth = 0;
        for (Token t : tokens) {
            if (t.isSymbol('(')) {
                depth++;
            } else if (t.isSymbol(')')) {
                depth--;
            } else if (depth == 0 && (t.isWord("AS") || t.isWord("PARTITION") || t.isWord("INHERITS") || t.isWord("OF"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A one-line form for messages, the history and the log: the statement squeezed to 120 characters, every string
     * literal written {@code '?'} (a seed's value may be a password: no output of SchemaHeal holds one).
     */
    public String summary() {
        String flat = withoutLiterals(sql, flavor).replaceAll("\\s+", " ");
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
    }

    /** {@code sql} with each string literal (and dollar-quoted body) replaced by {@code '?'}. */
    static String withoutLiterals(String sql, SqlLexer.Flavor flavor) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql, flavor);
        } catch (SqlParseException e) {
            return "(a statement of " + sql.length() + " characters that cannot be read)";
        }
        StringBuilder out = new StringBuilder(sql.length());
        int at = 0;
        for (Token t : tokens) {
            if (t.type() == Token.Type.STRING) {
                out.append(sql, at, t.start()).append("'?'");
                at = t.end();
            }
        }
        return out.append(sql, at, sql.length()).toString();
    }
}
