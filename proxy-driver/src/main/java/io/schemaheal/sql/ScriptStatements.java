package io.schemaheal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A script's text as the statements a database runs: split as the database reads it ({@link SqlLexer.Flavor}), a
 * block kept whole where a migration tool says so, and a procedure a script defines and calls replaced by what it does
 * to the schema. What the manifest reads scripts with; the lexer itself stays inside {@code sql/}.
 */
public final class ScriptStatements {

    private ScriptStatements() {
    }

    /** The statements of {@code text}, whose first line is {@code line}, read as {@code flavor}. */
    public static List<ScriptStatement> split(String text, int line, SqlLexer.Flavor flavor) throws SqlParseException {
        return SqlLexer.split(text, line, flavor);
    }

    /**
     * Text that is one statement whatever it holds (a goose StatementBegin/End block, a Liquibase changeset with
     * {@code splitStatements:false}), its trailing semicolon removed; none when it is blank.
     */
    public static List<ScriptStatement> wholeBlock(String body, int line, SqlLexer.Flavor flavor) throws SqlParseException {
        String sql = body.strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty()) {
            return List.of();
        }
        return List.of(new ScriptStatement(sql, line, SqlLexer.tokenize(sql, flavor), flavor));
    }

    /** How a schema change a heal can replay begins: in a body, or as the text of a string a body prepares. */
    private static final Pattern DDL_START = Pattern.compile(
            "(?is)(ALTER\\s+TABLE|CREATE\\s+(UNIQUE\\s+)?INDEX|DROP\\s+INDEX)\\b.*");

    /**
     * Replaces {@code CALL p()} by what {@code p} does to the schema, where the script itself defines {@code p}: the
     * statement of a body that is {@code BEGIN EXECUTE '<one statement>'; END} (Mattermost creates materialized views
     * that way), or the {@code ALTER TABLE}, {@code CREATE INDEX} and {@code DROP INDEX} statements its body holds
     * (MySQL migrations drop an index or add a column through a procedure that checks first): the manifest then sees
     * what the call changes, and a heal replays it under its own rules instead of keeping what the call dropped. The
     * same for MySQL's prepared form at the top of a script ({@code SET @s = (SELECT IF(..., 'ALTER TABLE ...',
     * 'SELECT 1')); PREPARE st FROM @s; EXECUTE st}): the {@code PREPARE} stands for the statements the string holds.
     */
    public static List<ScriptStatement> inlineProcedures(List<ScriptStatement> statements) throws SqlParseException {
        java.util.Map<String, List<String>> bodies = new java.util.HashMap<>();
        java.util.Map<String, List<String>> variables = new java.util.HashMap<>();
        List<ScriptStatement> out = new ArrayList<>(statements.size());
        for (ScriptStatement s : statements) {
            List<Token> t = s.tokens();
            if (t.size() > 3 && t.get(0).isWord("SET") && t.get(1).isSymbol('@') && t.get(2).isIdentifier()) {
                List<String> ddl = schemaChangesIn(t, s.sql());
                if (!ddl.isEmpty()) {
                    variables.put(t.get(2).text().toLowerCase(java.util.Locale.ROOT), ddl);
                    continue; // read where it is prepared
                }
            } else if (t.size() >= 5 && t.get(0).isWord("PREPARE") && t.get(2).isWord("FROM") && t.get(3).isSymbol('@')) {
                List<String> ddl = variables.get(t.get(4).text().toLowerCase(java.util.Locale.ROOT));
                if (ddl != null) {
                    out.addAll(statementsAt(ddl, s.line(), s.flavor()));
                    continue;
                }
            } else if (t.size() > 3 && t.get(0).isWord("CREATE")) {
                int k = 1;
                if (t.get(k).isWord("OR") && t.size() > k + 2) {
                    k += 2;
                }
                if ((t.get(k).isWord("PROCEDURE") || t.get(k).isWord("FUNCTION")) && t.get(k + 1).isIdentifier()) {
                    String executed = executeOnly(t);
                    List<String> does = executed != null ? List.of(executed) : schemaChangesIn(s);
                    if (!does.isEmpty()) {
                        bodies.put(t.get(k + 1).text().toLowerCase(java.util.Locale.ROOT), does);
                    }
                }
            } else if (t.size() >= 2 && t.get(0).isWord("CALL") && t.get(1).isIdentifier()) {
                List<String> does = bodies.get(t.get(1).text().toLowerCase(java.util.Locale.ROOT));
                if (does != null) {
                    out.addAll(statementsAt(does, s.line(), s.flavor()));
                    continue;
                }
            }
            out.add(s);
        }
        return out;
    }

    /** Statements that stand, at {@code line}, for the call or prepare that runs them. */
    private static List<ScriptStatement> statementsAt(List<String> sqls, int line, SqlLexer.Flavor flavor)
            throws SqlParseException {
        List<ScriptStatement> out = new ArrayList<>(sqls.size());
        for (String sql : sqls) {
            out.add(new ScriptStatement(sql, line, SqlLexer.tokenize(sql, flavor), flavor));
        }
        return out;
    }

    /** The schema changes written in a procedure's body (inline, or its dollar-quoted text), in order. */
    private static List<String> schemaChangesIn(ScriptStatement procedure) throws SqlParseException {
        for (Token token : procedure.tokens()) {
            if (token.type() == Token.Type.STRING && token.text().toUpperCase(java.util.Locale.ROOT).contains("BEGIN")) {
                return schemaChangesIn(SqlLexer.tokenize(token.text()), token.text()); // PostgreSQL: AS $$ BEGIN ... END $$
            }
        }
        return schemaChangesIn(procedure.tokens(), procedure.sql());
    }

    /**
     * The schema changes in tokens of {@code text}: statements that begin with ALTER TABLE, CREATE INDEX or DROP INDEX
     * (up to their semicolon), and strings that hold one (a statement to prepare).
     */
    private static List<String> schemaChangesIn(List<Token> tokens, String text) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.type() == Token.Type.STRING && DDL_START.matcher(t.text().strip()).matches()) {
                if (fragment(tokens, k)) {
                    return List.of(); // the statement is built at run time (CONCAT('ALTER TABLE ', name, ...)): not inlined
                }
                String sql = t.text().strip();
                out.add(sql.endsWith(";") ? sql.substring(0, sql.length() - 1).strip() : sql);
            } else if (t.type() == Token.Type.WORD && k + 2 < tokens.size() && DDL_START.matcher(t.text() + " "
                    + tokens.get(k + 1).text() + " " + tokens.get(k + 2).text()).matches()) {
                int end = k;
                while (end < tokens.size() && !tokens.get(end).isSymbol(';')) {
                    end++;
                }
                out.add(text.substring(t.start(), tokens.get(end - 1).end()));
                k = end;
            }
        }
        return out;
    }

    /**
     * True when the string at {@code k} is a piece of a text put together at run time: an argument of {@code CONCAT} (or
     * {@code CONCAT_WS}), or next to {@code ||}. What the whole says is not in the script.
     */
    private static boolean fragment(List<Token> tokens, int k) {
        if (k + 1 < tokens.size() && tokens.get(k + 1).isSymbol('|') || k > 0 && tokens.get(k - 1).isSymbol('|')) {
            return true;
        }
        int depth = 0;
        for (int j = k - 1; j >= 0; j--) {
            Token x = tokens.get(j);
            if (x.isSymbol(')')) {
                depth++;
            } else if (x.isSymbol('(')) {
                if (depth == 0) {
                    return j > 0 && (tokens.get(j - 1).isWord("CONCAT") || tokens.get(j - 1).isWord("CONCAT_WS"));
                }
                depth--;
            }
        }
        return false;
    }

    /** The statement of a body that is exactly {@code BEGIN EXECUTE '<sql>' [;] END [;]}, or null. */
    private static String executeOnly(List<Token> createTokens) throws SqlParseException {
        for (Token body : createTokens) {
            if (body.type() != Token.Type.STRING) {
                continue;
            }
            List<Token> b = SqlLexer.tokenize(body.text()).stream().filter(x -> !x.isSymbol(';')).toList();
            if (b.size() == 4 && b.get(0).isWord("BEGIN") && b.get(1).isWord("EXECUTE")
                    && b.get(2).type() == Token.Type.STRING && b.get(3).isWord("END")) {
                String sql = b.get(2).text().strip();
                return sql.endsWith(";") ? sql.substring(0, sql.length() - 1).strip() : sql;
            }
        }
        return null;
    }
}
