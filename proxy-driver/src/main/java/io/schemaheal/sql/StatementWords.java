package io.schemaheal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement's words, lower case, as its database reads them: what a check of what a statement may reach looks at
 * (the replay on a scratch database admits statements by them). Comments are not words; the text inside strings is,
 * since SQL built at run time may put names together from it.
 */
public final class StatementWords {

    private StatementWords() {
    }

    /** Its first word ({@code create}, {@code set}, {@code grant}), or "" when it has none. */
    public static String first(SqlStatement s) throws SqlParseException {
        List<Token> tokens = s.tokens();
        return tokens.isEmpty() ? "" : tokens.get(0).text().toLowerCase(Locale.ROOT);
    }

    /** Its second word, or "" ({@code SET PASSWORD}, {@code SET GLOBAL}). */
    public static String second(SqlStatement s) throws SqlParseException {
        List<Token> tokens = s.tokens();
        return tokens.size() < 2 ? "" : tokens.get(1).text().toLowerCase(Locale.ROOT);
    }

    /** The first of its words after the first that is one of {@code kinds} ({@code table} of {@code CREATE OR REPLACE TABLE}), or "". */
    public static String firstOf(SqlStatement s, Set<String> kinds) throws SqlParseException {
        return s.tokens().stream().skip(1).map(t -> t.text().toLowerCase(Locale.ROOT)).filter(kinds::contains)
                .findFirst().orElse("");
    }

    /** Every name and keyword, and every word inside its strings, lower case, in order. */
    public static List<String> all(SqlStatement s) throws SqlParseException {
        List<String> out = new ArrayList<>();
        for (Token t : s.tokens()) {
            if (t.type() == Token.Type.STRING) {
                for (String w : t.text().toLowerCase(Locale.ROOT).split("[^a-z0-9_$]+")) {
                    if (!w.isEmpty()) {
                        out.add(w);
                    }
                }
            } else if (t.isIdentifier()) {
                out.add(t.text().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }
}
