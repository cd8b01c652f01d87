package io.schemaheal.log;

import io.schemaheal.sql.SqlSecrets;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks secrets in any text SchemaHeal writes: log lines, history rows, exception messages, doctor
 * output. JDBC URLs carry passwords as parameters ({@code password=x}, {@code ;password=x}) or as user
 * information ({@code //user:x@host}); SQL carries them after {@code PASSWORD} or {@code IDENTIFIED BY}. A
 * database's message of a failed migration statement quotes the values of its row (see {@link #databaseMessage}).
 */
public final class Redact {

    public static final String MASK = "***";

    /** {@code password=...}, {@code sslpassword=...}, {@code heal-password=...}: up to the next separator. */
    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)((?:[\\w.-]*(?:password|passwd|pwd|secret|token))\\s*[=:]\\s*)(?!\\*\\*\\*)([^&;,\\s)\"'}]+)");
    /** {@code //user:secret@host} in a URL. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)([^@/\\s]+)(@)");

    private Redact() {
    }

    /** The text with every password it contains replaced by {@value #MASK}; null stays null. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        String out = SqlSecrets.masked(s, MASK); // SQL: PASSWORD 'x', IDENTIFIED BY 'x'
        out = PARAMETER.matcher(out).replaceAll("$1" + MASK);
        return USER_INFO.matcher(out).replaceAll("$1" + MASK + "$3");
    }

    /** The words before a quoted name in the databases' messages: text quoted after anything else is a value. */
    private static final Set<String> NAMED = Set.of("table", "column", "relation", "constraint", "key", "index", "sequence",
            "view", "schema", "database", "type", "domain", "function", "procedure", "trigger", "role", "user", "extension",
            "policy", "collation", "tablespace", "operator", "aggregate", "rule", "server", "publication", "subscription");

    /**
     * What a database says of a failed statement, without the values it quotes: PostgreSQL's {@code Detail} ("Key
     * (k)=(smtp.password) already exists") and {@code Where} (a function's statement) lines are left out, and in the
     * first line every quoted text that does not follow the kind of object it names is written {@code ?} (MariaDB's
     * "Duplicate entry '?' for key 'PRIMARY'", PostgreSQL's "invalid input syntax for type integer: "?""); the
     * names of tables, columns and constraints stay. Then as {@link #text}.
     */
    public static String databaseMessage(String message) {
        if (message == null) {
            return null;
        }
        String line = message.lines().findFirst().orElse("");
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char q = line.charAt(i);
            // an apostrophe inside a word ("doesn't") opens no quote
            if ((q != '\'' && q != '"') || (q == '\'' && i > 0 && Character.isLetter(line.charAt(i - 1)))) {
                out.append(q);
                continue;
            }
            int end = closing(line, i);
            out.append(q).append(NAMED.contains(wordBefore(line, i)) ? line.substring(i + 1, end) : "?");
            if (end < line.length()) {
                out.append(q);
            }
            i = end;
        }
        return text(out.toString());
    }

    /** Where the quote that opens at {@code open} closes (a doubled quote is one character of the text), or the end. */
    private static int closing(String s, int open) {
        char q = s.charAt(open);
        int k = open + 1;
        while (k < s.length()) {
            if (s.charAt(k) == q) {
                if (k + 1 < s.length() && s.charAt(k + 1) == q) {
                    k += 2;
                    continue;
                }
                return k;
            }
            k++;
        }
        return s.length();
    }

    /** The word that ends before {@code at}, spaces between, in lower case; "" when there is none. */
    private static String wordBefore(String s, int at) {
        int end = at;
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isLetter(s.charAt(start - 1))) {
            start--;
        }
        return s.substring(start, end).toLowerCase(Locale.ROOT);
    }
}
