package io.schemaheal.sql;

import java.util.ArrayList;
import java.util.List;

/** Small walks over a statement's tokens, shared by the readers of statement parts. */
public final class Tokens {

    private Tokens() {
    }

    /**
     * The index of the '(' that opens a {@code CREATE TABLE}'s list of columns and constraints; -1 when it has none
     * ({@code CREATE TABLE ... AS SELECT}, MySQL's {@code CREATE TABLE ... LIKE other}).
     */
    public static int columnListOpen(List<Token> createTable) {
        for (int k = 0; k < createTable.size(); k++) {
            if (createTable.get(k).isSymbol('(')) {
                return k;
            }
            if (createTable.get(k).isWord("AS") || createTable.get(k).isWord("LIKE")) {
                return -1;
            }
        }
        return -1;
    }

    /** The index of the ')' that closes the '(' at {@code open}, or -1 (no '(' there, or never closed). */
    public static int closing(List<Token> tokens, int open) {
        if (open < 0 || open >= tokens.size() || !tokens.get(open).isSymbol('(')) {
            return -1;
        }
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            if (tokens.get(k).isSymbol('(')) {
                depth++;
            } else if (tokens.get(k).isSymbol(')') && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    /** The tokens from {@code from} split at commas of depth 0; up to the list's closing parenthesis when {@code inParens}. */
    public static List<List<Token>> split(List<Token> t, int from, boolean inParens) {
        List<List<Token>> parts = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (int k = from; k < t.size(); k++) {
            Token x = t.get(k);
            if (x.isSymbol('(')) {
                depth++;
            } else if (x.isSymbol(')')) {
                if (depth == 0 && inParens) {
                    break;
                }
                depth--;
            } else if (x.isSymbol(',') && depth == 0) {
                parts.add(current);
                current = new ArrayList<>();
                continue;
            }
            current.add(x);
        }
        parts.add(current);
        return parts;
    }
}
