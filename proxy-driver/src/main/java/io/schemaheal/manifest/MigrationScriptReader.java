package io.schemaheal.manifest;

import io.schemaheal.sql.ScriptStatement;
import io.schemaheal.sql.ScriptStatements;
import io.schemaheal.sql.SqlLexer;
import io.schemaheal.sql.SqlParseException;
import io.schemaheal.sql.SqlStatement;
import io.schemaheal.sql.StatementClassifier;

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
        return read(name, file, placeholders, database, new ArrayList<>(), null);
    }

    /**
     * As {@link #read(MigrationFileName, MigrationLocation.Resource, Map, String)}; a Liquibase changeset of the script
     * that is not read (behind a precondition that cannot be known) is added to {@code partlyUnread}. {@code made}: what
     * the scripts of the location read before this one made (a formatted changeset's {@code table-exists} asks it),
     * which this script's statements are added to; null: not kept.
     */
    static Migration read(MigrationFileName name, MigrationLocation.Resource file, Map<String, String> placeholders,
                          String database, List<UnreadableScript> partlyUnread, MadeSoFar made)
            throws ManifestException, UnreadableScript {
        String text = FlywayPlaceholders.replace(decode(file), placeholders, file.name());
        List<SqlStatement> statements = new ArrayList<>();
        List<SqlStatement> asWritten = new ArrayList<>();
        boolean formatted = LiquibaseSql.isFormattedSql(file.content());
        try {
            // read as the database the scripts are for reads them (MySQL's # comments and \' escapes, ...)
            List<LiquibaseSql.Uncertain> uncertain = new ArrayList<>();
            MigrationLocation.ReadInPlace inPlace = file.read();
            List<ScriptStatement> split;
            if (inPlace != null && inPlace.text().equals(text)) {
                split = inPlace.statements(); // read already, in its place in a master changelog
                uncertain.addAll(inPlace.uncertain());
            } else {
                split = statements(text, formatted, database, uncertain, made);
            }
            for (LiquibaseSql.Uncertain u : uncertain) {
                partlyUnread.add(UnreadableScript.changeset(file.path(), u.id(), u.text(), u.why()));
            }
            List<ScriptStatement> read = ScriptStatements.inlineProcedures(split);
            for (ScriptStatement s : read) {
                statements.add(StatementClassifier.classify(s));
            }
            if (!read.equals(split)) {
                split.forEach(s -> asWritten.add(StatementClassifier.classify(s)));
            }
        } catch (SqlParseException e) {
            throw new UnreadableScript(file.path(), text, "it cannot be split into statements: " + e.getMessage()
                    + "; fix the script (an unterminated quote, comment or trigger body)");
        }
        List<String> changeSets = new ArrayList<>();
        if (formatted) {
            // each statement's changeSet, which Liquibase's DATABASECHANGELOG records by author and id
            java.util.TreeMap<Integer, String> headers = LiquibaseSql.changeSetLines(text);
            for (SqlStatement s : statements) {
                Map.Entry<Integer, String> header = headers.floorEntry(s.line());
                changeSets.add(header == null ? "" : header.getValue());
            }
        }
        return new Migration(name.version(), name.description(), file.name(), file.path(), sha256(file.content()),
                statements, changeSets, asWritten);
    }

    /**
     * The statements of a script as they run ({@code formatted}: a Liquibase formatted SQL file, its changesets read as
     * Liquibase runs them, those not read added to {@code uncertain}), taken into {@code made} (null: not kept).
     */
    static List<ScriptStatement> statements(String text, boolean formatted, String database,
                                            List<LiquibaseSql.Uncertain> uncertain, MadeSoFar made) throws SqlParseException {
        List<ScriptStatement> split = formatted ? LiquibaseSql.statements(text, database, uncertain, made)
                : upStatements(text, SqlLexer.Flavor.of(database));
        if (!formatted && made != null) {
            split.forEach(st -> made.ran(st.sql())); // a formatted file's are added changeset by changeset
        }
        return split;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String decode(MigrationLocation.Resource file) throws UnreadableScript {
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
            return ScriptStatements.split(text, 1, flavor);
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
                out.addAll(ScriptStatements.split(chunk.toString(), chunkLine, flavor));
                chunk.setLength(0);
                up = false;
                continue;
            }
            if (!up) {
                continue;
            }
            if (goose && GOOSE_BEGIN.matcher(t).matches()) {
                out.addAll(ScriptStatements.split(chunk.toString(), chunkLine, flavor));
                chunk.setLength(0);
                chunkLine = lineNo + 1;
                block = true;
                continue;
            }
            if (goose && block && GOOSE_END.matcher(t).matches()) {
                out.addAll(ScriptStatements.wholeBlock(chunk.toString(), chunkLine, flavor));
                chunk.setLength(0);
                chunkLine = lineNo + 1;
                block = false;
                continue;
            }
            chunk.append(lines[n]).append('\n');
        }
        if (up) {
            out.addAll(block ? ScriptStatements.wholeBlock(chunk.toString(), chunkLine, flavor) : ScriptStatements.split(chunk.toString(), chunkLine, flavor));
        }
        return out;
    }
}
