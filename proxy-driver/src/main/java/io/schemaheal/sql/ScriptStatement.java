package io.schemaheal.sql;

import java.util.List;

/**
 * One statement of a script as written: its text (without the terminating semicolon), the line it
 * starts on, and its tokens.
 */
public record ScriptStatement(String sql, int line, List<Token> tokens) {
    public ScriptStatement {
        tokens = List.copyOf(tokens);
    }
}
