package io.schemaheal.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SQL a statement builds and runs at run time: MySQL's {@code PREPARE s FROM @text} and {@code EXECUTE IMMEDIATE}, a
 * PL body's {@code EXECUTE} (a {@code DO} block's, or a procedure's the statement calls). What it does is not in any
 * text: a heal that replayed the statements around it without it would build another table than the migrations did
 * (Conductor's MySQL set drops primary keys and columns so). Where every text it runs is a literal, the statements of
 * those literals are what it touches; otherwise every word of the scripts involved may be, read crudely and on purpose
 * too widely, as for a script that cannot be read ({@link UnreadableText}).
 */
public final class DynamicSql {

    private DynamicSql() {
    }

    /**
     * Why this statement, run on its own, runs SQL built at run time, or null: a text prepared at run time, or a block
     * whose body cannot be read (see {@link Effects#unreadable}). A call of a procedure whose body does is the caller's
     * to find ({@link Effects#calls}).
     */
    public static String runs(SqlStatement s) {
        if (s.kind() == StatementKind.PROCEDURAL && s.effects().unreadable() != null) {
            return s.effects().unreadable();
        }
        if (s.kind() != StatementKind.OTHER) {
            return null; // PREPARE and EXECUTE IMMEDIATE are read as OTHER: a seed's INSERT is not read again
        }
        List<Token> t = tokensOf(s.sql(), s.flavor());
        if (t == null || t.isEmpty()) {
            return null;
        }
        if (t.get(0).isWord("PREPARE") && s.flavor() != SqlLexer.Flavor.POSTGRESQL && has(t, "FROM")) {
            return "it prepares a statement from a text (PREPARE ... FROM) and runs what that text says";
        }
        if (t.get(0).isWord("EXECUTE") && t.size() > 1 && t.get(1).isWord("IMMEDIATE")) {
            return "it runs a text as a statement (EXECUTE IMMEDIATE)";
        }
        return null;
    }

    /**
     * True when the statement defines, changes or removes something rather than running it ({@code DROP PROCEDURE p()},
     * {@code GRANT EXECUTE ON FUNCTION f()}): the names it writes with parentheses are not calls.
     */
    public static boolean defines(SqlStatement s) {
        if (s.kind() != StatementKind.OTHER) {
            return false; // a data statement or a block runs; CREATE, ALTER TABLE and DROP have kinds of their own
        }
        List<Token> t = tokensOf(s.sql(), s.flavor());
        return t == null || t.isEmpty() || DEFINING.stream().anyMatch(t.get(0)::isWord);
    }

    /** The statements among {@code statements} that set session variables ({@code SET @x = ...}), as written. */
    public static List<String> variablesSet(List<SqlStatement> statements) {
        List<String> out = new java.util.ArrayList<>();
        for (SqlStatement s : statements) {
            List<Token> t = s.sql().regionMatches(true, 0, "SET", 0, 3) ? tokensOf(s.sql(), s.flavor()) : null;
            if (t != null && t.size() > 2 && t.get(0).isWord("SET") && t.get(1).isSymbol('@')) {
                out.add(s.sql());
            }
        }
        return out;
    }

    private static final List<String> DEFINING = List.of("CREATE", "ALTER", "DROP", "GRANT", "REVOKE", "COMMENT");

    /**
     * The relations (lower-case bare names) that the SQL built at run time in {@code bodies} (statements or PL bodies)
     * may touch: where every text run is a literal, the relations its statements name; otherwise every word and quoted
     * name of {@code texts} (the scripts involved: where the names a statement builds come from).
     */
    public static Set<String> mayTouch(List<String> bodies, SqlLexer.Flavor flavor, List<String> texts) {
        Set<String> named = new HashSet<>();
        for (String body : bodies) {
            if (!literalTexts(body, flavor, named, 0)) {
                Set<String> all = new HashSet<>();
                texts.forEach(text -> all.addAll(UnreadableText.names(text)));
                return all;
            }
        }
        return named;
    }

    /**
     * Adds to {@code named} what the texts {@code sql} runs at run time name; false when one of them is not a literal
     * (built from variables, parameters or queries) or cannot be read.
     */
    private static boolean literalTexts(String sql, SqlLexer.Flavor flavor, Set<String> named, int depth) {
        List<Token> t = tokensOf(sql, flavor);
        if (t == null || depth > 4) {
            return false;
        }
        for (int k = 0; k < t.size(); k++) {
            Token x = t.get(k);
            if (x.type() == Token.Type.STRING && k > 0 && mayBeBody(t.get(k - 1))) {
                List<Token> inner = tokensOf(x.text(), flavor);
                if (inner != null && has(inner, "EXECUTE") && !literalTexts(x.text(), flavor, named, depth + 1)) {
                    return false; // a PL body: its own EXECUTEs
                }
                continue;
            }
            int text = runsText(t, k, flavor);
            if (text < 0) {
                continue;
            }
            if (text >= t.size() || t.get(text).type() != Token.Type.STRING || !endsArgument(t, text + 1)) {
                return false; // a variable, a parameter, a concatenation: built at run time
            }
            try {
                for (ScriptStatement run : SqlLexer.split(t.get(text).text(), 1, flavor)) {
                    SqlStatement s = StatementClassifier.classify(run);
                    s.objects().forEach(n -> named.add(n.bareKey()));
                    if (s.table() != null) {
                        named.add(s.table().bareKey());
                    }
                    s.effects().writes().forEach(w -> named.add(ObjectName.fromKey(w).bareKey()));
                    if (s.effects().unreadable() != null || runs(s) != null) {
                        return false;
                    }
                }
            } catch (SqlParseException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the text that the words at {@code k} run begins ({@code EXECUTE 'text'}, {@code EXECUTE IMMEDIATE 'text'},
     * {@code PREPARE s FROM 'text'}), or -1 when they run none: {@code EXECUTE FUNCTION} (a trigger's), and MySQL's
     * {@code EXECUTE s} of a statement prepared before, are not texts.
     */
    private static int runsText(List<Token> t, int k, SqlLexer.Flavor flavor) {
        Token x = t.get(k);
        if (x.isWord("EXECUTE") && k + 1 < t.size()) {
            Token next = t.get(k + 1);
            if (next.isWord("FUNCTION") || next.isWord("PROCEDURE")) {
                return -1;
            }
            if (next.isWord("IMMEDIATE")) {
                return k + 2;
            }
            boolean mysql = flavor == SqlLexer.Flavor.MYSQL || flavor == SqlLexer.Flavor.GENERIC;
            return mysql && next.isIdentifier() ? -1 : k + 1;
        }
        if (x.isWord("PREPARE") && flavor != SqlLexer.Flavor.POSTGRESQL) {
            for (int j = k + 1; j < t.size() && j <= k + 3; j++) {
                if (t.get(j).isWord("FROM")) {
                    return j + 1;
                }
            }
        }
        return -1;
    }

    /** A string after these is a body ({@code AS $$...$$}, {@code DO $$...$$}), not a value. */
    private static boolean mayBeBody(Token before) {
        return before.isWord("AS") || before.isWord("DO") || before.isSymbol(',') || before.isWord("LANGUAGE");
    }

    /** True when the literal ends there: the statement ends, or its parameters or target follow. */
    private static boolean endsArgument(List<Token> t, int k) {
        return k >= t.size() || t.get(k).isSymbol(';') || t.get(k).isWord("USING") || t.get(k).isWord("INTO");
    }

    private static boolean has(List<Token> t, String word) {
        for (Token x : t) {
            if (x.isWord(word)) {
                return true;
            }
        }
        return false;
    }

    private static List<Token> tokensOf(String sql, SqlLexer.Flavor flavor) {
        try {
            return SqlLexer.tokenize(sql, flavor);
        } catch (SqlParseException e) {
            return null;
        }
    }
}
