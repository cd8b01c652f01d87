package io.schemaheal.log;

import java.util.regex.Pattern;

/**
 * Masks secrets in any text SchemaHeal writes: log lines, history rows, exception messages, doctor
 * output. JDBC URLs carry passwords as parameters ({@code password=x}, {@code ;password=x}) or as user
 * information ({@code //user:x@host}); SQL carries them after {@code PASSWORD} or {@code IDENTIFIED BY}.
 */
public final class Redact {

    public static final String MASK = "***";

    /** {@code password=...}, {@code sslpassword=...}, {@code heal-password=...}: up to the next separator. */
    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)((?:[\\w.-]*(?:password|passwd|pwd|secret|token))\\s*[=:]\\s*)(?!\\*\\*\\*)([^&;,\\s)\"'}]+)");
    /** {@code //user:secret@host} in a URL. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)([^@/\\s]+)(@)");
    /** SQL: {@code PASSWORD 'x'}, {@code IDENTIFIED BY 'x'}. */
    private static final Pattern SQL_LITERAL = Pattern.compile("(?i)((?:PASSWORD|IDENTIFIED\\s+BY)\\s*(?:=\\s*)?)'(?:[^']|'')*'");

    private Redact() {
    }

    /** The text with every password it contains replaced by {@value #MASK}; null stays null. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        String out = SQL_LITERAL.matcher(s).replaceAll("$1'" + MASK + "'");
        out = PARAMETER.matcher(out).replaceAll("$1" + MASK);
        return USER_INFO.matcher(out).replaceAll("$1" + MASK + "$3");
    }
}
