package io.schemaheal.sql;

/**
 * One lexical token of a SQL script. Comments and white space never become tokens. {@code start} and
 * {@code end} are its offsets in the statement's text ({@link ScriptStatement#sql()}), end exclusive.
 */
public record Token(Type type, String text, int line, int start, int end) {

    public enum Type {
        /** An unquoted word: keyword or identifier. */
        WORD,
        /** A quoted identifier: {@code "x"} or {@code `x`}; {@link #text} is the unquoted name. */
        QUOTED_IDENTIFIER,
        /** A string literal, including PostgreSQL dollar-quoted bodies; {@link #text} is the content. */
        STRING,
        NUMBER,
        /** Punctuation and operators, one character each. */
        SYMBOL
    }

    /** The same token, its offsets moved by {@code delta}. */
    Token shifted(int delta) {
        return new Token(type, text, line, start + delta, end + delta);
    }

    public boolean isWord(String word) {
        return type == Type.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isSymbol(char c) {
        return type == Type.SYMBOL && text.length() == 1 && text.charAt(0) == c;
    }

    /** True for anything that can name an object: a plain word or a quoted identifier. */
    public boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED_IDENTIFIER;
    }
}
