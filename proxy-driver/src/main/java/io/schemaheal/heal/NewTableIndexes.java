package io.schemaheal.heal;

import io.schemaheal.sql.SqlLexer;
import io.schemaheal.sql.SqlParseException;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementKind;
import io.schemaheal.sql.Token;
import io.schemaheal.sql.Tokens;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the indexes a plan adds to a table it creates inside that table's {@code CREATE TABLE}, where the
 * dialect asks for it (MariaDB). There any {@code ALTER}/{@code CREATE INDEX} of a table with a foreign
 * key waits for every open transaction that wrote the parent table — the application's own transaction,
 * which is waiting for this heal, among them — and while it waits, it holds up every new write to the
 * parent. A {@code CREATE TABLE} waits for nobody. Only plain index statements that follow the
 * {@code CREATE TABLE} with nothing else about that table between them are folded; the rest run as written.
 */
final class NewTableIndexes {

    private NewTableIndexes() {
    }

    /** A folded CREATE TABLE: its text and the plan steps whose indexes it now builds. */
    record Fold(String sql, List<HealPlan.Step> steps) {
    }

    /**
     * The CREATE TABLE at {@code at} with the indexes of the steps right after it that can be built inline,
     * or null when there is none (or the statement's shape is not one this reads with certainty).
     */
    static Fold fold(List<HealPlan.Step> steps, int at) {
        SqlStatement create = steps.get(at).entry().statement();
        if (create.kind() != StatementKind.CREATE_TABLE || create.object() == null) {
            return null;
        }
        String table = create.object().key();
        try {
            int close = elementListEnd(create.tokens());
            if (close < 0) {
                return null;
            }
            StringBuilder inline = new StringBuilder();
            List<HealPlan.Step> folded = new ArrayList<>();
            for (int i = at + 1; i < steps.size(); i++) {
                SqlStatement s = steps.get(i).entry().statement();
                if (!about(s, table)) {
                    continue; // another table's statement: it does not change this one
                }
                String definition = s.kind() == StatementKind.CREATE_INDEX && !s.nonTransactional()
                        ? inlineDefinition(s.tokens(), s.sql()) : null;
                if (definition == null) {
                    break; // something else changes the table first: the indexes after it run as written
                }
                inline.append(",\n  ").append(definition);
                folded.add(steps.get(i));
            }
            if (folded.isEmpty()) {
                return null;
            }
            String sql = create.sql().substring(0, close) + inline + create.sql().substring(close);
            return new Fold(sql, folded);
        } catch (SqlParseException e) {
            return null;
        }
    }

    private static boolean about(SqlStatement s, String table) {
        if (s.table() != null && s.table().key().equals(table)) {
            return true;
        }
        return s.objects().stream().anyMatch(o -> o.key().equals(table)) || s.references().contains(table);
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
