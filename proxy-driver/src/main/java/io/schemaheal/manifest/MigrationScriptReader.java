package io.schemaheal.manifest;

import io.schemaheal.sql.ScriptStatement;
import io.schemaheal.sql.SqlLexer;
import io.schemaheal.sql.SqlParseException;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;
import io.schemaheal.sql.Token;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the bytes of one migration file into a {@link Migration}: decodes UTF-8 strictly, keeps only
 * the "up" part of dbmate ({@code -- migrate:up}) and goose ({@code -- +goose Up}) files, keeps goose
 * {@code StatementBegin/End} blocks whole, splits and classifies the statements.
 */
final class MigrationScriptReader {

    private static final Pattern DBMATE_UP = Pattern.compile("^--\\s*migrate:up\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DBMATE_DOWN = Pattern.compile("^--\\s*migrate:down\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern GOOSE_UP = Pattern.compile("^--\\s*\\+goose\\s+up\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern GOOSE_DOWN = Pattern.compile("^--\\s*\\+goose\\s+down\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern GOOSE_BEGIN = Pattern.compile("^--\\s*\\+goose\\s+statementbegin\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern GOOSE_END = Pattern.compile("^--\\s*\\+goose\\s+statementend\\b.*", Pattern.CASE_INSENSITIVE);

    private MigrationScriptReader() {
    }

    /** @param database the dialect name whose Liquibase changesets ({@code dbms:}) are read; null: those for every database */
    static Migration read(MigrationFileName name, MigrationLocation.Resource file, Map<String, String> placeholders,
                          String database) throws ManifestException, UnreadableScript {
        String text = FlywayPlaceholders.replace(decode(file), placeholders, file.name());
        List<SqlStatement> statements = new ArrayList<>();
        try {
            // read as the database the scripts are for reads them (MySQL's # comments and \' escapes, ...)
            SqlLexer.Flavor flavor = SqlLexer.Flavor.of(database);
            List<ScriptStatement> split = LiquibaseSql.isFormattedSql(file.content()) ? LiquibaseSql.statements(text, database)
                    : upStatements(text, flavor);
            for (ScriptStatement s : inlineProcedures(split)) {
                statements.add(StatementClassifier.classify(s));
            }
        } catch (SqlParseException e) {
            throw new UnreadableScript(file.path(), text, "it cannot be split into statements: " + e.getMessage()
                    + "; fix the script (an unterminated quote, comment or trigger body)");
        }
        return new Migration(name.version(), name.description(), file.name(), file.path(), sha256(file.content()),
                statements);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String decode(MigrationLocation.Resource file) throws UnreadableScript {
        byte[] bytes = file.content();
        for (byte b : bytes) {
            if (b == 0) {
                throw new UnreadableScript(file.path(), null, "it is not a text file (it contains NUL bytes); "
                        + "remove it from the migrations location");
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new UnreadableScript(file.path(), new String(bytes, StandardCharsets.ISO_8859_1),
                    "it is not valid UTF-8; save it as UTF-8");
        }
    }

    /** How a schema change a heal can replay begins: in a body, or as the text of a string a body prepares. */
    private static final Pattern DDL_START = Pattern.compile(
            "(?is)(ALTER\\s+TABLE|CREATE\\s+(UNIQUE\\s+)?INDEX|DROP\\s+INDEX)\\b.*");

    /**
     * Replaces {@code CALL p()} by what {@code p} does to the schema, where the script itself defines {@code p}: the
     * statement of a body that is {@code BEGIN EXECUTE '<one statement>'; END} (Mattermost creates materialized views
     * that way), or the {@code ALTER TABLE}, {@code CREATE INDEX} and {@code DROP INDEX} statements its body holds
     * (MySQL migrations drop an index or add a column through a procedure that checks first): the manifest then sees
     * what the call changes, and a heal replays it under its own rules instead of keeping what the call dropped. The
     * same for MySQL's prepared form at the top of a script ({@code SET @s = (SELECT IF(..., 'ALTER TABLE ...',
     * 'SELECT 1')); PREPARE st FROM @s; EXECUTE st}): the {@code PREPARE} stands for the statements the string holds.
     */
    static List<ScriptStatement> inlineProcedures(List<ScriptStatement> statements) throws SqlParseException {
        java.util.Map<String, List<String>> bodies = new java.util.HashMap<>();
        java.util.Map<String, List<String>> variables = new java.util.HashMap<>();
        List<ScriptStatement> out = new ArrayList<>(statements.size());
        for (ScriptStatement s : statements) {
            List<Token> t = s.tokens();
            if (t.size() > 3 && t.get(0).isWord("SET") && t.get(1).isSymbol('@') && t.get(2).isIdentifier()) {
                List<String> ddl = schemaChangesIn(t, s.sql());
                if (!ddl.isEmpty()) {
                    variables.put(t.get(2).text().toLowerCase(java.util.Locale.ROOT), ddl);
                    continue; // read where it is prepared
                }
            } else if (t.size() >= 5 && t.get(0).isWord("PREPARE") && t.get(2).isWord("FROM") && t.get(3).isSymbol('@')) {
                List<String> ddl = variables.get(t.get(4).text().toLowerCase(java.util.Locale.ROOT));
                if (ddl != null) {
                    out.addAll(statementsAt(ddl, s.line(), s.flavor()));
                    continue;
                }
            } else if (t.size() > 3 && t.get(0).isWord("CREATE")) {
                int k = 1;
                if (t.get(k).isWord("OR") && t.size() > k + 2) {
                    k += 2;
                }
                if ((t.get(k).isWord("PROCEDURE") || t.get(k).isWord("FUNCTION")) && t.get(k + 1).isIdentifier()) {
                    String executed = executeOnly(t);
                    List<String> does = executed != null ? List.of(executed) : schemaChangesIn(s);
                    if (!does.isEmpty()) {
                        bodies.put(t.get(k + 1).text().toLowerCase(java.util.Locale.ROOT), does);
                    }
                }
            } else if (t.size() >= 2 && t.get(0).isWord("CALL") && t.get(1).isIdentifier()) {
                List<String> does = bodies.get(t.get(1).text().toLowerCase(java.util.Locale.ROOT));
                if (does != null) {
                    out.addAll(statementsAt(does, s.line(), s.flavor()));
                    continue;
                }
            }
            out.add(s);
        }
        return out;
    }

    /** Statements that stand, at {@code line}, for the call or prepare that runs them. */
    private static List<ScriptStatement> statementsAt(List<String> sqls, int line, SqlLexer.Flavor flavor)
            throws SqlParseException {
        List<ScriptStatement> out = new ArrayList<>(sqls.size());
        for (String sql : sqls) {
            out.add(new ScriptStatement(sql, line, SqlLexer.tokenize(sql, flavor), flavor));
        }
        return out;
    }

    /** The schema changes written in a procedure's body (inline, or its dollar-quoted text), in order. */
    private static List<String> schemaChangesIn(ScriptStatement procedure) throws SqlParseException {
        for (Token token : procedure.tokens()) {
            if (token.type() == Token.Type.STRING && token.text().toUpperCase(java.util.Locale.ROOT).contains("BEGIN")) {
                return schemaChangesIn(SqlLexer.tokenize(token.text()), token.text()); // PostgreSQL: AS $$ BEGIN ... END $$
            }
        }
        return schemaChangesIn(procedure.tokens(), procedure.sql());
    }

    /**
     * The schema changes in tokens of {@code text}: statements that begin with ALTER TABLE, CREATE INDEX or DROP INDEX
     * (up to their semicolon), and strings that hold one (a statement to prepare).
     */
    private static List<String> schemaChangesIn(List<Token> tokens, String text) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.type() == Token.Type.STRING && DDL_START.matcher(t.text().strip()).matches()) {
                String sql = t.text().strip();
                out.add(sql.endsWith(";") ? sql.substring(0, sql.length() - 1).strip() : sql);
            } else if (t.type() == Token.Type.WORD && k + 2 < tokens.size() && DDL_START.matcher(t.text() + " "
                    + tokens.get(k + 1).text() + " " + tokens.get(k + 2).text()).matches()) {
                int end = k;
                while (end < tokens.size() && !tokens.get(end).isSymbol(';')) {
                    end++;
                }
                out.add(text.substring(t.start(), tokens.get(end - 1).end()));
                k = end;
            }
        }
        return out;
    }

    /** The statement of a body that is exactly {@code BEGIN EXECUTE '<sql>' [;] END [;]}, or null. */
    private static String executeOnly(List<Token> createTokens) throws SqlParseException {
        for (Token body : createTokens) {
            if (body.type() != Token.Type.STRING) {
                continue;
            }
            List<Token> b = SqlLexer.tokenize(body.text()).stream().filter(x -> !x.isSymbol(';')).toList();
            if (b.size() == 4 && b.get(0).isWord("BEGIN") && b.get(1).isWord("EXECUTE")
                    && b.get(2).type() == Token.Type.STRING && b.get(3).isWord("END")) {
                String sql = b.get(2).text().strip();
                return sql.endsWith(";") ? sql.substring(0, sql.length() - 1).strip() : sql;
            }
        }
        return null;
    }

    /** Statements of the part of the script that is applied going up. */
    private static List<ScriptStatement> upStatements(String text, SqlLexer.Flavor flavor) throws SqlParseException {
        String[] lines = text.split("\n", -1);
        boolean dbmate = false;
        boolean goose = false;
        for (String l : lines) {
            String t = l.strip();
            dbmate |= DBMATE_UP.matcher(t).matches();
            goose |= GOOSE_UP.matcher(t).matches();
        }
        if (!dbmate && !goose) {
            return SqlLexer.split(text, 1, flavor);
        }
        // Walk the lines: inside the up part, collect chunks; a goose StatementBegin/End block is one statement.
        List<ScriptStatement> out = new ArrayList<>();
        boolean up = false;
        boolean block = false;
        StringBuilder chunk = new StringBuilder();
        int chunkLine = 1;
        for (int n = 0; n < lines.length; n++) {
            String t = lines[n].strip();
            int lineNo = n + 1;
            if (DBMATE_UP.matcher(t).matches() || GOOSE_UP.matcher(t).matches()) {
                up = true;
                chunk.setLength(0);
                chunkLine = lineNo + 1;
                continue;
            }
            if (DBMATE_DOWN.matcher(t).matches() || GOOSE_DOWN.matcher(t).matches()) {
                out.addAll(SqlLexer.split(chunk.toString(), chunkLine, flavor));
                chunk.setLength(0);
                up = false;
                continue;
            }
            if (!up) {
                continue;
            }
            if (goose && GOOSE_BEGIN.matcher(t).matches()) {
                out.addAll(SqlLexer.split(chunk.toString(), chunkLine, flavor));
                chunk.setLength(0);
                chunkLine = lineNo + 1;
                block = true;
                continue;
            }
            if (goose && block && GOOSE_END.matcher(t).matches()) {
                out.addAll(wholeBlock(chunk.toString(), chunkLine, flavor));
                chunk.setLength(0);
                chunkLine = lineNo + 1;
                block = false;
                continue;
            }
            chunk.append(lines[n]).append('\n');
        }
        if (up) {
            out.addAll(block ? wholeBlock(chunk.toString(), chunkLine, flavor) : SqlLexer.split(chunk.toString(), chunkLine, flavor));
        }
        return out;
    }

    /**
     * Text that is one statement whatever it holds (a goose StatementBegin/End block, a Liquibase changeset with
     * {@code splitStatements:false}), its trailing semicolon removed; none when it is blank.
     */
    static List<ScriptStatement> wholeBlock(String body, int line, SqlLexer.Flavor flavor) throws SqlParseException {
        String sql = body.strip();
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty()) {
            return List.of();
        }
        return List.of(new ScriptStatement(sql, line, SqlLexer.tokenize(sql, flavor), flavor));
    }
}
