package io.schemaheal.sql;

import java.util.List;

/**
 * A {@code CREATE TABLE}'s list of elements as text to build on: where it closes, and a {@code CREATE INDEX} written
 * as one of its elements (MariaDB builds a new table's indexes with the table: see the heal's NewTableIndexes).
 */
public final class TableElements {

    private TableElements() {
    }

    /** The offset in {@code create}'s text of the ')' that closes {@code CREATE TABLE name (...)}, or -1 (LIKE, AS SELECT, ...). */
    public static int listEnd(SqlStatement create) {
        try {
            return elementListEnd(create.tokens());
        } catch (SqlParseException e) {
            return -1;
        }
    }

    /** A plain {@code CREATE INDEX} as a table element ({@code UNIQUE INDEX name (columns) ...}), or null. */
    public static String asElement(SqlStatement createIndex) {
        try {
            return inlineDefinition(createIndex.tokens(), createIndex.sql());
        } catch (SqlParseException e) {
            return null;
        }
    }

    /** The offset of the ')' that closes {@code CREATE TABLE name (...)}, or -1 (LIKE, AS SELECT, ...). */
    private static int elementListEnd(List<Token> tokens) {
        int i = 0;
        if (i < tokens.size() && tokens.get(i).isWord("CREATE")) {
            i++;
        }
        if (i >= tokens.size() || !tokens.get(i).isWord("TABLE")) {
            return -1; // TEMPORARY, OR REPLACE: not folded
        }
        i++;
        if (i + 2 < tokens.size() && tokens.get(i).isWord("IF") && tokens.get(i + 1).isWord("NOT")
                && tokens.get(i + 2).isWord("EXISTS")) {
            i += 3;
        }
        i = afterName(tokens, i);
        if (i < 0 || i >= tokens.size() || !tokens.get(i).isSymbol('(')) {
            return -1;
        }
        int end = Tokens.closing(tokens, i);
        return end < 0 ? -1 : tokens.get(end).start();
    }

    /**
     * {@code CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON table (columns) [USING BTREE|HASH]} as a table
     * element ({@code UNIQUE INDEX name (columns) ...}); null for any other shape (IF NOT EXISTS, ALGORITHM,
     * LOCK, comments and options run as written).
     */
    private static String inlineDefinition(List<Token> tokens, String sql) {
        int i = 0;
        if (tokens.isEmpty() || !tokens.get(i++).isWord("CREATE")) {
            return null;
        }
        String kind = "";
        if (i < tokens.size() && (tokens.get(i).isWord("UNIQUE") || tokens.get(i).isWord("FULLTEXT")
                || tokens.get(i).isWord("SPATIAL"))) {
            kind = tokens.get(i++).text().toUpperCase() + " ";
        }
        if (i >= tokens.size() || !tokens.get(i++).isWord("INDEX")) {
            return null;
        }
        if (i >= tokens.size() || !tokens.get(i).isIdentifier() || tokens.get(i).isWord("IF") || tokens.get(i).isWord("ON")) {
            return null;
        }
        String name = sql.substring(tokens.get(i).start(), tokens.get(i).end());
        i++;
        String using = "";
        if (i + 1 < tokens.size() && tokens.get(i).isWord("USING")) {
            using = " USING " + tokens.get(i + 1).text().toUpperCase();
            i += 2;
        }
        if (i >= tokens.size() || !tokens.get(i++).isWord("ON")) {
            return null;
        }
        i = afterName(tokens, i);
        if (i < 0 || i >= tokens.size() || !tokens.get(i).isSymbol('(')) {
            return null;
        }
        int end = Tokens.closing(tokens, i);
        if (end < 0) {
            return null;
        }
        String columns = sql.substring(tokens.get(i).start(), tokens.get(end).end());
        i = end + 1;
        if (using.isEmpty() && i + 1 < tokens.size() && tokens.get(i).isWord("USING")) {
            using = " USING " + tokens.get(i + 1).text().toUpperCase();
            i += 2;
        }
        if (!using.isEmpty() && !using.equals(" USING BTREE") && !using.equals(" USING HASH")) {
            return null;
        }
        return i == tokens.size() ? kind + "INDEX " + name + " " + columns + using : null;
    }

    /** The index after {@code name} or {@code schema.name} at {@code i}, or -1. */
    private static int afterName(List<Token> tokens, int i) {
        if (i >= tokens.size() || !tokens.get(i).isIdentifier()) {
            return -1;
        }
        i++;
        if (i + 1 < tokens.size() && tokens.get(i).isSymbol('.') && tokens.get(i + 1).isIdentifier()) {
            i += 2;
        }
        return i;
    }
}
