package io.schemaheal.sql;

import java.util.List;

/**
 * One statement of a script as written: its text (without the terminating semicolon), the line it
 * starts on, its tokens, and how its database reads it.
 */
public record ScriptStatement(String sql, int line, List<Token> tokens, SqlLexer.Flavor flavor) {
    public ScriptStatement {
        tokens = List.copyOf(tokens);
    }

    public ScriptStatement(String sql, int line, List<Token> tokens) {
        this(sql, line, tokens, SqlLexer.Flavor.GENERIC);
    }
}
