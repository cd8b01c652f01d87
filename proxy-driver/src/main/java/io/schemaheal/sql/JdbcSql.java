package io.schemaheal.sql;

import java.util.List;
import java.util.Locale;

/** SQL as an application hands it to a JDBC driver: what a driver sends for it, and what kind of statement it is. */
public final class JdbcSql {

    private JdbcSql() {
    }

    /**
     * The SQL as pgjdbc sends it: each {@code ?} placeholder outside quotes, comments and dollar-quoted bodies becomes
     * {@code $n}, and {@code ??} (pgjdbc's escape for a literal {@code ?}) becomes {@code ?}: the text a server's error
     * position counts in. Null when the SQL cannot be read (an unterminated quote).
     */
    public static String asSentByPgjdbc(String sql) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql, SqlLexer.Flavor.POSTGRESQL);
        } catch (SqlParseException e) {
            return null;
        }
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int copied = 0;
        int n = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!t.isSymbol('?')) {
                continue;
            }
            out.append(sql, copied, t.start());
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (next != null && next.isSymbol('?') && next.start() == t.end()) {
                out.append('?');
                copied = next.end();
                i++;
            } else {
                out.append('$').append(++n);
                copied = t.end();
            }
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /**
     * True for statements that begin, end or shape a transaction or a savepoint, and for {@code SET}: read from the
     * first word after white space, comments and opening parentheses (this runs for statements on their way to the
     * database, so it reads no further).
     */
    public static boolean controlsTransaction(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return switch (sql.substring(start, i).toUpperCase(Locale.ROOT)) {
            case "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE", "SET",
                 "RESET", "DISCARD" -> true;
            default -> false;
        };
    }
}
