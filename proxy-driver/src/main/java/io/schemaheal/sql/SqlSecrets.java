package io.schemaheal.sql;

import java.util.regex.Pattern;

/**
 * The passwords SQL text carries ({@code PASSWORD 'x'}, {@code IDENTIFIED BY 'x'}), wherever it is quoted: in a
 * statement, in a database's message about one, in a log line.
 */
public final class SqlSecrets {

    private static final Pattern SQL_LITERAL = Pattern.compile("(?i)((?:PASSWORD|IDENTIFIED\\s+BY)\\s*(?:=\\s*)?)'(?:[^']|'')*'");

    private SqlSecrets() {
    }

    /** {@code text} with each such password written {@code mask}. */
    public static String masked(String text, String mask) {
        return SQL_LITERAL.matcher(text).replaceAll("$1'" + java.util.regex.Matcher.quoteReplacement(mask) + "'");
    }
}
