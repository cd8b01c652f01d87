package io.schemaheal.sql;

import java.util.List;

/** Small walks over a statement's tokens, shared by the readers of statement parts. */
public final class Tokens {

    private Tokens() {
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
}
