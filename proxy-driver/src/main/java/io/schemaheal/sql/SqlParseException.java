package io.schemaheal.sql;

/** A script that cannot be split into statements: an unterminated quote, comment or block. */
public final class SqlParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    public SqlParseException(String message, int line) {
        super(message + " (line " + line + ")");
        this.line = line;
    }

    public int line() {
        return line;
    }
}
