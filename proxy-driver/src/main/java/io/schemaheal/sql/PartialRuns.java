package io.schemaheal.sql;

import java.util.List;

/**
 * Whether an application's call may have done part of its work before it failed: a {@code CALL} (a procedure's
 * statements before the one that failed have run), or a string of several statements (those before the failing one
 * have run, and where each commits on its own they stay). Running such a call again would do that part twice.
 */
public final class PartialRuns {

    private PartialRuns() {
    }

    /** True when {@code sql} is a procedure call or more than one statement; false for one plain statement. */
    public static boolean possible(String sql) {
        if (sql == null) {
            return false;
        }
        String s = sql.strip();
        if (s.startsWith("{") || s.regionMatches(true, 0, "CALL", 0, 4)
                && (s.length() == 4 || !Character.isJavaIdentifierPart(s.charAt(4)))) {
            return true; // CALL p(...) or the JDBC escape {call p(...)} / {? = call f(...)}
        }
        try {
            List<ScriptStatement> statements = SqlLexer.split(s);
            return statements.size() > 1;
        } catch (SqlParseException e) {
            return true; // cannot tell: do not run it again
        }
    }
}
