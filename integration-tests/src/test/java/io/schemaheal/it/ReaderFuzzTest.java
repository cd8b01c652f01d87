package io.schemaheal.it;

import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scripts generated (seeded: a failure is reproducible) from the forms each database reads its own way — its string
 * escapes, comments, quoted names, bodies — between ordinary inserts, read by the database's own client and by
 * SchemaHeal: the rows that land must be the same. A form read wrong cuts a statement, joins two, or takes a comment
 * for code, and a row is missing, doubled or different.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReaderFuzzTest extends MigrationSetTest {

    static final long SEED = 20261206L;
    static final int STATEMENTS = 400;

    /** A value as each database writes it, and, where it differs, the same value in another of its forms. */
    private static final Map<String, String[]> VALUES = Map.of(
            "postgresql", new String[] {"'plain'", "'it''s'", "'semi;colon'", "'--not a comment'", "'/* not one */'",
                    "E'it\\'s'", "E'back\\\\slash'", "'back\\'", "$$dollar;'quote$$", "$t$a$$b;$t$", "U&'caf\\00e9'",
                    "'line\nbreak'", "'$$'", "'#hash'"},
            "mariadb", new String[] {"'plain'", "'it''s'", "'semi;colon'", "'--not a comment'", "'/* not one */'",
                    "'it\\'s'", "\"double \\\" quoted\"", "'back\\\\slash'", "CONCAT('minus', 5--1)", "'line\nbreak'",
                    "'#hash'", "\"single ' inside\""},
            "sqlite", new String[] {"'plain'", "'it''s'", "'semi;colon'", "'--not a comment'", "'/* not one */'",
                    "'back\\'", "'line\nbreak'", "'[bracket]'", "'`tick`'", "'#hash'"});

    /** Comments and other text between statements that a database skips. */
    private static final Map<String, String[]> BETWEEN = Map.of(
            "postgresql", new String[] {"-- dash ; comment\n", "/* block ; comment */", "/* outer /* nested ; */ still */", "\n"},
            "mariadb", new String[] {"-- dash ; comment\n", "# hash ; comment\n", "/* block ; comment */",
                    "/*!40101 SET @fuzz = 1 */;\n", "\n"},
            "sqlite", new String[] {"-- dash ; comment\n", "/* block ; comment */", "\n"});

    /** How each database lets the table be named. */
    private static final Map<String, String[]> NAMES = Map.of(
            "postgresql", new String[] {"notes", "\"notes\"", "U&\"n\\006Ftes\""},
            "mariadb", new String[] {"notes", "`notes`"},
            "sqlite", new String[] {"notes", "\"notes\"", "[notes]", "`notes`"});

    static String script(String kind, Random r) {
        StringBuilder sb = new StringBuilder("CREATE TABLE notes (id INT PRIMARY KEY, body TEXT);\n");
        String[] values = VALUES.get(kind);
        String[] between = BETWEEN.get(kind);
        String[] names = NAMES.get(kind);
        for (int id = 1; id <= STATEMENTS; id++) {
            if (r.nextInt(3) == 0) {
                sb.append(between[r.nextInt(between.length)]);
            }
            sb.append("INSERT INTO ").append(names[r.nextInt(names.length)]).append(" (id, body) VALUES (").append(id)
                    .append(", ").append(values[r.nextInt(values.length)]).append(");");
            sb.append(r.nextBoolean() ? "\n" : " ");
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void generatedScriptsLandTheSameRowsWhoeverReadsThem(String kind) throws Exception {
        Path m = Files.createDirectories(dir.resolve("m"));
        Files.writeString(m.resolve("V1__fuzz.sql"), script(kind, new Random(SEED)));
        List<String> byClient;
        try (TestDatabase db = TestDatabase.open(kind, Files.createDirectories(dir.resolve("client")))) {
            RealClients.run(db, m.resolve("V1__fuzz.sql"));
            byClient = rows(db);
        }
        assertEquals(STATEMENTS, byClient.size(), "the client ran every insert");
        List<String> byReader;
        MigrationManifest manifest = MigrationManifest.build(List.of("filesystem:" + m), Map.of(), kind);
        try (TestDatabase db = TestDatabase.open(kind, Files.createDirectories(dir.resolve("reader")))) {
            ReaderDifferentialTest.applyAsRead(db, manifest);
            byReader = rows(db);
        }
        assertEquals(byClient, byReader, "the same rows, whether " + kind + "'s client or SchemaHeal read the script");
    }

    private static List<String> rows(TestDatabase db) throws SQLException {
        try (Connection c = db.raw()) {
            return Queries.rows(c, "SELECT id, body FROM notes ORDER BY id");
        }
    }
}
