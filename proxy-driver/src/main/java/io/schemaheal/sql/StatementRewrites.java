package io.schemaheal.sql;

/** The statements a heal runs in place of a migration's own, where the text must change: each change in one place. */
public final class StatementRewrites {

    private StatementRewrites() {
    }

    /** MySQL's {@code DEFINER = account} clause of a {@code CREATE} (mysqldump writes one on every trigger and view). */
    private static final java.util.regex.Pattern DEFINER = java.util.regex.Pattern.compile(
            "^(\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:ALGORITHM\\s*=\\s*\\w+\\s+)?)DEFINER\\s*=\\s*(?:CURRENT_USER(?:\\s*\\(\\s*\\))?"
                    + "|(?:`[^`]*`|'[^']*'|\"[^\"]*\"|[\\w.%$-]+)(?:\\s*@\\s*(?:`[^`]*`|'[^']*'|\"[^\"]*\"|[\\w.%$-]+))?)\\s*",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * The statement without its {@code DEFINER} clause: what a heal makes is defined by the account the heal runs
     * as, never by another one the script names (a heal acts as nobody else).
     */
    public static String withoutDefiner(String sql) {
        java.util.regex.Matcher m = DEFINER.matcher(sql);
        return m.find() ? m.group(1) + sql.substring(m.end()) : sql;
    }

    /** {@code CREATE INDEX CONCURRENTLY} as a plain {@code CREATE INDEX} (for a table that is empty: it was just made). */
    public static String withoutConcurrently(String sql) {
        return sql.replaceFirst("(?i)\\bINDEX\\s+CONCURRENTLY\\b", "INDEX");
    }
}
