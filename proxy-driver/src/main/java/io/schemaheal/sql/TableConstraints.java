package io.schemaheal.sql;

import java.util.List;
import java.util.Locale;

/**
 * A table's constraints and added columns as a migration writes them, read for the end state of a column: which
 * constraints involve it, by what name a later migration may drop one, and how an {@code ADD COLUMN} clause defines it.
 */
public final class TableConstraints {

    private TableConstraints() {
    }

    /**
     * True when the constraint ({@code [CONSTRAINT n] CHECK (...)}, {@code FOREIGN KEY ...}; or an {@code ALTER TABLE}'s
     * {@code ADD ...} clause of one) names {@code column} (lower case), and it is not a primary key.
     */
    public static boolean involves(String constraint, SqlLexer.Flavor flavor, String column) {
        List<Token> t = afterAdd(constraint, flavor);
        boolean mentions = false;
        for (int k = 0; k < t.size(); k++) {
            Token x = t.get(k);
            if (x.isWord("PRIMARY") && k + 1 < t.size() && t.get(k + 1).isWord("KEY")) {
                return false;
            }
            mentions |= x.isIdentifier() && x.text().toLowerCase(Locale.ROOT).equals(column);
        }
        return mentions;
    }

    /** The name of {@code CONSTRAINT n ...} (lower case; also after an {@code ADD}), or "" when the database names it. */
    public static String nameOf(String constraint, SqlLexer.Flavor flavor) {
        List<Token> t = afterAdd(constraint, flavor);
        return t.size() > 1 && t.get(0).isWord("CONSTRAINT") ? t.get(1).text().toLowerCase(Locale.ROOT) : "";
    }

    /** The table's name as the CREATE TABLE writes it (quotes kept), or null. */
    public static String writtenName(SqlStatement create) {
        List<Token> t = tokens(create.sql(), create.flavor());
        int open = 0;
        while (open < t.size() && !t.get(open).isSymbol('(')) {
            open++;
        }
        int first = open - 1;
        while (first > 0 && (t.get(first - 1).isSymbol('.') || t.get(first).isSymbol('.'))) {
            first--;
        }
        return first < 0 || open >= t.size() ? null : create.sql().substring(t.get(first).start(), t.get(open - 1).end());
    }

    /** An {@code ALTER TABLE} clause {@code ADD [COLUMN] [IF NOT EXISTS] definition}: the column's definition as written. */
    public static String addedDefinition(String clause) {
        return ADD_COLUMN.matcher(clause).replaceFirst("");
    }

    /** True for {@code ALTER TABLE ... ADD [CONSTRAINT n] CHECK|FOREIGN KEY ...} that does not already say {@code NOT VALID}. */
    public static boolean addsCheckOrForeignKey(String alterTableAdd) {
        return CHECK_OR_FOREIGN_KEY.matcher(alterTableAdd).matches() && !NOT_VALID.matcher(alterTableAdd).matches();
    }

    private static final java.util.regex.Pattern CHECK_OR_FOREIGN_KEY = java.util.regex.Pattern.compile(
            "(?is).*\\bADD\\s+(CONSTRAINT\\s+\\S+\\s+)?(CHECK|FOREIGN\\s+KEY)\\b.*");
    private static final java.util.regex.Pattern NOT_VALID = java.util.regex.Pattern.compile("(?is).*\\bNOT\\s+VALID\\s*");

    private static final java.util.regex.Pattern ADD_COLUMN = java.util.regex.Pattern.compile(
            "(?is)^ADD\\s+(COLUMN\\s+)?(IF\\s+NOT\\s+EXISTS\\s+)?");

    private static List<Token> afterAdd(String sql, SqlLexer.Flavor flavor) {
        List<Token> t = tokens(sql, flavor);
        return !t.isEmpty() && t.get(0).isWord("ADD") ? t.subList(1, t.size()) : t;
    }

    private static List<Token> tokens(String sql, SqlLexer.Flavor flavor) {
        try {
            return SqlLexer.tokenize(sql, flavor);
        } catch (SqlParseException e) {
            return List.of();
        }
    }
}
