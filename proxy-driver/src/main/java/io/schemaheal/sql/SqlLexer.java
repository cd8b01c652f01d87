package io.schemaheal.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements. It understands single-quoted strings (with {@code ''} and
 * PostgreSQL {@code E'\''} escapes), double-quoted and back-quoted identifiers, {@code --} and
 * {@code /* *}{@code /} comments, PostgreSQL dollar quoting ({@code $$ ... $$}, {@code $tag$ ... $tag$})
 * and the {@code BEGIN ... END} bodies of triggers, inside which semicolons do not end the statement.
 * Statements that hold only comments are dropped. MySQL's executable comments ({@code /*!50003 CREATE *}{@code /},
 * {@code /*M!100100 ... *}{@code /}) are code, as the server reads them, and a {@code DELIMITER ;;} line (the mysql
 * client's, in mysqldump output) makes that string end statements until the next {@code DELIMITER} line.
 * <p>Where the database reads a script differently, its {@link Flavor} says so: MySQL's {@code #} comments, its
 * {@code --} that needs a space after it, its backslash escapes in {@code '...'} and {@code "..."} strings;
 * PostgreSQL's nested block comments and standard strings (a backslash is a character; {@code E'...'} escapes);
 * SQLite's {@code [bracketed]} names.
 */
public final class SqlLexer {

    /** How a database reads a script; {@link #GENERIC} when it is not known (the scripts of every database). */
    public enum Flavor {
        GENERIC, POSTGRESQL, MYSQL, SQLITE;

        /** The flavor of a dialect name ({@code postgresql}, {@code mariadb}, {@code mysql}, {@code sqlite}); GENERIC for null. */
        public static Flavor of(String database) {
            if (database == null) {
                return GENERIC;
            }
            return switch (database.toLowerCase(java.util.Locale.ROOT)) {
                case "postgresql", "postgres" -> POSTGRESQL;
                case "mariadb", "mysql" -> MYSQL;
                case "sqlite" -> SQLITE;
                default -> GENERIC;
            };
        }
    }

    private final String src;
    private final Flavor flavor;
    private int pos;
    private int line;
    /** What ends a statement other than {@code ;}, from a {@code DELIMITER} line; null for {@code ;}. */
    private String delimiter;

    private SqlLexer(String src, int firstLine, Flavor flavor) {
        this.flavor = flavor;
        this.src = flavor != Flavor.POSTGRESQL && flavor != Flavor.SQLITE && (src.contains("/*!") || src.contains("/*M!"))
                ? withExecutableCommentsAsCode(src) : src;
        this.line = firstLine;
    }

    /** Splits a whole script whose first line is line 1. */
    public static List<ScriptStatement> split(String script) throws SqlParseException {
        return split(script, 1);
    }

    /** Splits a script fragment whose first line is {@code firstLine} of its file. */
    public static List<ScriptStatement> split(String script, int firstLine) throws SqlParseException {
        return split(script, firstLine, Flavor.GENERIC);
    }

    /** Splits a script fragment as {@code flavor}'s database reads it. */
    public static List<ScriptStatement> split(String script, int firstLine, Flavor flavor) throws SqlParseException {
        return new SqlLexer(script, firstLine, flavor).statements();
    }

    /** Tokens of a single statement or fragment, ignoring semicolons' meaning. */
    public static List<Token> tokenize(String sql) throws SqlParseException {
        return tokenize(sql, Flavor.GENERIC);
    }

    /** Tokens of a single statement or fragment as {@code flavor}'s database reads it. */
    public static List<Token> tokenize(String sql, Flavor flavor) throws SqlParseException {
        SqlLexer lexer = new SqlLexer(sql, 1, flavor);
        List<Token> tokens = new ArrayList<>();
        Token t;
        while ((t = lexer.next()) != null) {
            tokens.add(t);
        }
        return tokens;
    }

    private List<ScriptStatement> statements() throws SqlParseException {
        List<ScriptStatement> out = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        int start = -1;
        int startLine = line;
        int blockDepth = 0;
        int closedAt = -1; // how many tokens the statement had when an END last closed a block (END IF right after it reopens it)
        boolean trigger = false;
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                break;
            }
            if (tokens.isEmpty() && src.charAt(pos) == '\\') {
                // a psql meta-command on a line of its own (pg_dump's \restrict, \connect): not SQL
                int nl = src.indexOf('\n', pos);
                pos = nl < 0 ? src.length() : nl;
                continue;
            }
            if (tokens.isEmpty() && src.regionMatches(true, pos, "DELIMITER", 0, 9) && pos + 9 < src.length()
                    && (src.charAt(pos + 9) == ' ' || src.charAt(pos + 9) == '\t')) {
                // the mysql client's DELIMITER line: not SQL; what follows it ends statements
                int nl = src.indexOf('\n', pos);
                String given = src.substring(pos + 9, nl < 0 ? src.length() : nl).strip();
                delimiter = given.isEmpty() || given.equals(";") ? null : given;
                pos = nl < 0 ? src.length() : nl;
                continue;
            }
            if (delimiter != null && src.startsWith(delimiter, pos)) {
                if (!tokens.isEmpty()) {
                    out.add(statement(src.substring(start, pos).strip(), startLine, tokens, start));
                }
                pos += delimiter.length();
                tokens = new ArrayList<>();
                start = -1;
                trigger = false;
                closedAt = -1;
                blockDepth = 0;
                continue;
            }
            int tokenStart = pos;
            Token t = next();
            if (t == null) {
                break;
            }
            if (delimiter != null && t.type() != Token.Type.STRING && t.type() != Token.Type.QUOTED_IDENTIFIER) {
                for (int d = tokenStart + 1; d < pos; d++) {
                    if (src.startsWith(delimiter, d)) {
                        // a word that runs into the delimiter (END$$: $ is a character of MySQL names): the mysql client
                        // looks for the delimiter in the text, so the statement ends there
                        t = new Token(t.type(), src.substring(tokenStart, d), t.line(), t.start(), t.start() + (d - tokenStart));
                        pos = d;
                        break;
                    }
                }
            }
            if (t.isSymbol(';') && blockDepth == 0 && delimiter == null) {
                if (!tokens.isEmpty()) {
                    out.add(statement(src.substring(start, tokenStart).strip(), startLine, tokens, start));
                }
                tokens = new ArrayList<>();
                start = -1;
                trigger = false;
                closedAt = -1;
                continue;
            }
            if (tokens.isEmpty()) {
                start = tokenStart;
                startLine = t.line();
            }
            tokens.add(t);
            if (delimiter != null) {
                continue; // only the delimiter ends this statement
            }
            // CREATE [OR REPLACE] [DEFINER = `user`@`host`] TRIGGER|PROCEDURE|FUNCTION: the word comes within the first
            // dozen tokens; a body written inline (MySQL, SQLite, BEGIN ATOMIC) runs BEGIN ... END
            if (!trigger && tokens.size() <= 12 && (t.isWord("TRIGGER") || t.isWord("PROCEDURE") || t.isWord("FUNCTION"))
                    && tokens.get(0).isWord("CREATE")) {
                trigger = true;
            }
            if (trigger && t.type() == Token.Type.WORD) {
                if (closedAt == tokens.size() - 1
                        && (t.isWord("IF") || t.isWord("LOOP") || t.isWord("WHILE") || t.isWord("REPEAT") || t.isWord("CASE"))) {
                    // END IF, END LOOP ...: it closed that, not a BEGIN (END CASE closed the CASE counted when it opened)
                    if (!t.isWord("CASE")) {
                        blockDepth++;
                    }
                } else if (t.isWord("BEGIN") || (blockDepth > 0 && t.isWord("CASE"))) {
                    blockDepth++;
                } else if (t.isWord("END") && blockDepth > 0) {
                    blockDepth--;
                    closedAt = tokens.size();
                }
            }
        }
        if (blockDepth > 0) {
            throw new SqlParseException("BEGIN without END in the trigger, procedure or function that starts here", startLine);
        }
        if (!tokens.isEmpty()) {
            out.add(statement(src.substring(start).strip(), startLine, tokens, start));
        }
        return out;
    }

    /**
     * The script with the markers of MySQL's executable comments ({@code /*!50003}, {@code /*M!100100} and their
     * {@code *}{@code /}) blanked out, so that their bodies read as the code the server runs; same length, same lines.
     */
    static String withExecutableCommentsAsCode(String src) {
        char[] out = src.toCharArray();
        boolean executable = false;
        char quote = 0;
        for (int k = 0; k < out.length; k++) {
            char c = out[k];
            if (quote != 0) {
                if (c == '\\' && quote != '`' && k + 1 < out.length) {
                    k++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '-' && src.startsWith("--", k)) {
                int nl = src.indexOf('\n', k);
                k = nl < 0 ? out.length : nl;
            } else if (!executable && (src.startsWith("/*!", k) || src.startsWith("/*M!", k))) {
                int end = k + (out[k + 2] == 'M' ? 4 : 3);
                while (end < out.length && Character.isDigit(out[end])) {
                    end++;
                }
                java.util.Arrays.fill(out, k, end, ' ');
                executable = true;
                k = end - 1;
            } else if (c == '/' && src.startsWith("/*", k)) {
                int end = src.indexOf("*/", k + 2);
                k = end < 0 ? out.length : end + 1; // an ordinary comment: left for the lexer
            } else if (executable && c == '*' && src.startsWith("*/", k)) {
                out[k] = ' ';
                out[k + 1] = ' ';
                executable = false;
                k++;
            }
        }
        return new String(out);
    }

    /** A statement whose tokens' offsets count from its own first character. */
    private ScriptStatement statement(String sql, int line, List<Token> tokens, int start) {
        List<Token> rebased = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            rebased.add(t.shifted(-start));
        }
        return new ScriptStatement(sql, line, rebased, flavor);
    }

    /** The next token, or null at the end of the input. */
    private Token next() throws SqlParseException {
        skipSpaceAndComments();
        if (pos >= src.length()) {
            return null;
        }
        int tokenLine = line;
        int tokenStart = pos;
        char c = src.charAt(pos);
        if (c == '\'') {
            return token(Token.Type.STRING, quoted('\'', flavor == Flavor.MYSQL), tokenLine, tokenStart);
        }
        if ((c == 'E' || c == 'e') && flavor != Flavor.MYSQL && pos + 1 < src.length() && src.charAt(pos + 1) == '\'') {
            pos++;
            return token(Token.Type.STRING, quoted('\'', true), tokenLine, tokenStart);
        }
        if ((c == 'U' || c == 'u') && flavor == Flavor.POSTGRESQL && src.startsWith("&", pos + 1) && pos + 2 < src.length()
                && (src.charAt(pos + 2) == '"' || src.charAt(pos + 2) == '\'')) {
            // PostgreSQL's U&"d\0061ta" and U&'...': the text with its Unicode escapes read (the default escape, \)
            char q = src.charAt(pos + 2);
            pos += 2;
            String text = unicodeEscapes(quoted(q, false), tokenLine);
            return token(q == '"' ? Token.Type.QUOTED_IDENTIFIER : Token.Type.STRING, text, tokenLine, tokenStart);
        }
        if (c == '"' && flavor == Flavor.MYSQL) {
            return token(Token.Type.STRING, quoted('"', true), tokenLine, tokenStart); // MySQL: a string, as '...'
        }
        if (c == '"' || c == '`') {
            return token(Token.Type.QUOTED_IDENTIFIER, quoted(c, false), tokenLine, tokenStart);
        }
        if (c == '[' && flavor == Flavor.SQLITE) {
            int close = src.indexOf(']', pos + 1);
            if (close < 0) {
                throw new SqlParseException("unterminated [bracketed] name (missing ])", tokenLine);
            }
            String name = src.substring(pos + 1, close);
            advanceTo(close + 1);
            return token(Token.Type.QUOTED_IDENTIFIER, name, tokenLine, tokenStart);
        }
        if (c == '$' && flavor != Flavor.MYSQL && flavor != Flavor.SQLITE) {
            String tag = dollarTag();
            if (tag != null) {
                return token(Token.Type.STRING, dollarBody(tag), tokenLine, tokenStart);
            }
        }
        if (isWordStart(c)) {
            int s = pos;
            while (pos < src.length() && isWordPart(src.charAt(pos))) {
                pos++;
            }
            return token(Token.Type.WORD, src.substring(s, pos), tokenLine, tokenStart);
        }
        if (Character.isDigit(c)) {
            int s = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
                pos++;
            }
            return token(Token.Type.NUMBER, src.substring(s, pos), tokenLine, tokenStart);
        }
        advance();
        return token(Token.Type.SYMBOL, String.valueOf(c), tokenLine, tokenStart);
    }

    /** {@code \XXXX} and {@code \+XXXXXX} as the characters they stand for, {@code \\} as one backslash. */
    private static String unicodeEscapes(String text, int line) throws SqlParseException {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            int digits = i + 1 < text.length() && text.charAt(i + 1) == '+' ? 6 : 4;
            int from = i + 1 + (digits == 6 ? 1 : 0);
            if (i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.append('\\');
                i++;
            } else if (from + digits <= text.length() && text.substring(from, from + digits).chars().allMatch(
                    ch -> Character.digit(ch, 16) >= 0)) {
                out.appendCodePoint(Integer.parseInt(text.substring(from, from + digits), 16));
                i = from + digits - 1;
            } else {
                throw new SqlParseException("invalid Unicode escape in a U& name or string", line);
            }
        }
        return out.toString();
    }

    private Token token(Token.Type type, String text, int tokenLine, int start) {
        return new Token(type, text, tokenLine, start, pos);
    }

    private void skipSpaceAndComments() throws SqlParseException {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isWhitespace(c)) {
                advance();
            } else if (c == '-' && pos + 1 < src.length() && src.charAt(pos + 1) == '-' && dashDashComment()
                    || c == '#' && flavor == Flavor.MYSQL) {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '*') {
                int commentLine = line;
                int end = flavor == Flavor.POSTGRESQL ? nestedCommentEnd() : src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new SqlParseException("unterminated /* comment", commentLine);
                }
                advanceTo(end + 2);
            } else {
                return;
            }
        }
    }

    /** At {@code --}: a comment, except in MySQL when no space, control character or end follows it ({@code 1--1}). */
    private boolean dashDashComment() {
        if (flavor != Flavor.MYSQL || pos + 2 >= src.length()) {
            return true;
        }
        char after = src.charAt(pos + 2);
        return Character.isWhitespace(after) || Character.isISOControl(after);
    }

    /** Where the block comment at {@code pos} ends (the index of its {@code *}{@code /}), counting nested ones; -1 if never. */
    private int nestedCommentEnd() {
        int depth = 0;
        for (int k = pos; k + 1 < src.length(); k++) {
            if (src.charAt(k) == '/' && src.charAt(k + 1) == '*') {
                depth++;
                k++;
            } else if (src.charAt(k) == '*' && src.charAt(k + 1) == '/') {
                if (--depth == 0) {
                    return k;
                }
                k++;
            }
        }
        return -1;
    }

    /** Reads a quoted run that starts at {@code pos}; a doubled quote stands for itself. */
    private String quoted(char quote, boolean backslashEscapes) throws SqlParseException {
        int openLine = line;
        advance();
        StringBuilder sb = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (backslashEscapes && c == '\\' && pos + 1 < src.length()) {
                sb.append(c).append(src.charAt(pos + 1));
                advance();
                advance();
                continue;
            }
            advance();
            if (c == quote) {
                if (pos < src.length() && src.charAt(pos) == quote) {
                    sb.append(quote);
                    advance();
                    continue;
                }
                return sb.toString();
            }
            sb.append(c);
        }
        String what = quote == '\'' ? "string literal" : "quoted identifier";
        throw new SqlParseException("unterminated " + what + " (missing " + quote + ")", openLine);
    }

    /** If a dollar-quote tag ({@code $$} or {@code $name$}) starts at pos, returns it; else null. */
    private String dollarTag() {
        int i = pos + 1;
        while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
        if (i < src.length() && src.charAt(i) == '$') {
            String tag = src.substring(pos, i + 1);
            // $1$ is not a tag: a tag cannot start with a digit
            if (tag.length() > 2 && Character.isDigit(tag.charAt(1))) {
                return null;
            }
            return tag;
        }
        return null;
    }

    private String dollarBody(String tag) throws SqlParseException {
        int openLine = line;
        int bodyStart = pos + tag.length();
        int end = src.indexOf(tag, bodyStart);
        if (end < 0) {
            throw new SqlParseException("unterminated dollar-quoted string (missing " + tag + ")", openLine);
        }
        advanceTo(end + tag.length());
        return src.substring(bodyStart, end);
    }

    private void advance() {
        if (src.charAt(pos) == '\n') {
            line++;
        }
        pos++;
    }

    private void advanceTo(int target) {
        while (pos < target) {
            advance();
        }
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
