package io.schemaheal.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random scripts (seeded, so a failure is reproducible) built from the pieces that make SQL hard to
 * split: the lexer ends every time, throws nothing but SqlParseException, and loses no token: the
 * statements' tokens, joined by the semicolons between them, are the script's tokens.
 */
class SqlLexerFuzzTest {

    static final long SEED = 20261123L;
    static final int SCRIPTS = 3000;

    private static final String[] PIECES = {
            "CREATE TABLE t (a INT, b TEXT DEFAULT 'x;y')", ";", ";", " ", "\n", "'it''s'", "'unterminated", "\"quoted;id\"",
            "`back;tick`", "-- comment ; here\n", "/* block ; */", "/* unterminated", "$$ body ; $$", "$tag$ a;b $tag$",
            "$1", "$$ unterminated", "E'esc\\'aped;'", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN", "SELECT CASE WHEN 1 THEN 2 END",
            "END", "BEGIN", "INSERT INTO t VALUES (1)", "(", ")", ",", "x", "42", "3.14", "é", "漢字", "\u0000", "\t", "?",
    };

    private static String randomScript(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(30);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(10) == 0) {
                sb.append((char) r.nextInt(0x3000)); // any character at all
            } else {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
        }
        return sb.toString();
    }

    /** Ends: a lexer loop that never ends fails here (in a thread of its own, which JUnit abandons), not in CI's limit. */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void randomScriptsEndAndLoseNoToken() {
        Random r = new Random(SEED);
        int parsed = 0;
        for (int i = 0; i < SCRIPTS; i++) {
            String script = randomScript(r);
            parsed += roundTrips(script) ? 1 : 0;
        }
        // both kinds occur: valid scripts and ones with a clear parse error
        assertEquals(true, parsed > SCRIPTS / 10 && parsed < SCRIPTS, "parsed " + parsed + " of " + SCRIPTS);
    }

    /** True when the script splits (and then loses no token); false on a clear parse error. */
    private static boolean roundTrips(String script) {
        List<ScriptStatement> statements;
        List<Token> all;
        try {
            statements = SqlLexer.split(script);
            all = SqlLexer.tokenize(script);
        } catch (SqlParseException e) {
            return false;
        }
        List<String> expected = new ArrayList<>();
        for (Token t : all) {
            expected.add(t.type() + ":" + t.text());
        }
        // semicolons that end an empty statement vanish, as do those after the last statement
        List<String> joined = new ArrayList<>();
        for (ScriptStatement s : statements) {
            for (Token t : s.tokens()) {
                joined.add(t.type() + ":" + t.text());
            }
            joined.add("SYMBOL:;");
        }
        List<String> withoutExtraSemicolons = new ArrayList<>();
        int j = 0;
        for (String e : expected) {
            if (j < joined.size() && joined.get(j).equals(e)) {
                withoutExtraSemicolons.add(e);
                j++;
            } else if (!e.equals("SYMBOL:;")) {
                throw new AssertionError("token " + e + " lost or reordered in: " + script);
            }
        }
        while (j < joined.size() && joined.get(j).equals("SYMBOL:;")) {
            j++; // the implicit end of the last statement
        }
        assertEquals(joined.size(), j, () -> "statement tokens that the script does not have: " + script);
        for (ScriptStatement s : statements) {
            try {
                List<String> again = SqlLexer.tokenize(s.sql()).stream().map(t -> t.type() + ":" + t.text()).toList();
                assertEquals(s.tokens().stream().map(t -> t.type() + ":" + t.text()).toList(), again, s.sql());
            } catch (SqlParseException e) {
                throw new AssertionError("a statement the lexer produced does not lex again: " + s.sql(), e);
            }
        }
        return true;
    }
}
