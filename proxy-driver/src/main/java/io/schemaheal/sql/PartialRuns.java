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
        List<ScriptStatement> statements;
        try {
            statements = SqlLexer.split(sql);
        } catch (SqlParseException e) {
            return true; // cannot tell: do not run it again
        }
        if (statements.size() != 1 || statements.get(0).tokens().isEmpty()) {
            return statements.size() > 1;
        }
        Token first = statements.get(0).tokens().get(0);
        return first.isWord("CALL") || first.isSymbol('{'); // CALL p(...), or the JDBC escape {call p(...)}
    }
}
