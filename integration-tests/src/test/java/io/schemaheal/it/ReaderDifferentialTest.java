package io.schemaheal.it;

import io.schemaheal.manifest.Migration;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.SqlStatement;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SchemaHeal's reading of a script against the database's own: every migration set the tests hold is applied twice,
 * once file by file by the real client ({@code psql}, {@code mariadb}, {@code sqlite3}), once statement by statement as
 * SchemaHeal reads the files (its split, run over JDBC). The two databases must come out the same, catalog and rows: a
 * statement read wrong (cut in two, two run as one, a comment taken for code) shows as a difference.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReaderDifferentialTest extends MigrationSetTest {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"realworld/atuin-postgres, postgresql", "realworld/atuin-sqlite, sqlite", "realworld/atuin-server-sqlite, sqlite",
            "realworld/umami-mysql, mariadb", "agentos/postgres, postgresql", "agentos/mariadb, mariadb",
            "minicoder/postgres, postgresql", "minicoder/mariadb, mariadb", "minicoder/sqlite, sqlite", "seed004, postgresql",
            "attacks/postgresql, postgresql", "attacks/mariadb, mariadb", "attacks/sqlite, sqlite", "dbroot/registry, sqlite"})
    void theDatabaseComesOutAsItsOwnClientMakesIt(String set, String kind) throws Exception {
        compare(NothingElseChangesTest.resource(set), kind, set);
    }

    /** The Mattermost server's 158 PostgreSQL migrations (materialized views, procedures, functions), when beside the checkout. */
    @org.junit.jupiter.api.Test
    void theMattermostSetComesOutAsPsqlMakesIt() throws Exception {
        Path p = Path.of(System.getProperty("project.root", "."), "..", "shared", "realworld", "mattermost-postgres").normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(p), "the real-world set is not at " + p
                + "; run the tests from a checkout with ../shared beside it");
        compare(p, "postgresql", "mattermost-postgres");
    }

    private void compare(Path location, String kind, String set) throws Exception {
        MigrationManifest manifest = MigrationManifest.build(List.of("filesystem:" + location), Map.of(), kind);
        // one after the other, each in a database of its own: scripts that ask the catalog whether a constraint name
        // exists anywhere (Mattermost's DO blocks) must not see the other's
        Map<String, String> byClient;
        try (TestDatabase db = TestDatabase.openAlone(kind, Files.createDirectories(dir.resolve("client")))) {
            NothingElseChangesTest.applyAll(db, manifest);
            byClient = withoutSchema(db);
        }
        Map<String, String> byReader;
        try (TestDatabase db = TestDatabase.openAlone(kind, Files.createDirectories(dir.resolve("reader")))) {
            applyAsRead(db, manifest);
            byReader = withoutSchema(db);
        }
        assertEquals(byClient, byReader, set + ": the same schema and rows, whether the client or SchemaHeal read the scripts");
    }

    /** Every statement of the set as SchemaHeal reads it, one by one over JDBC; one the database rejects fails the test. */
    static void applyAsRead(TestDatabase db, MigrationManifest manifest) throws SQLException {
        try (Connection c = db.raw(); Statement st = c.createStatement()) {
            for (Migration m : manifest.migrations()) {
                for (SqlStatement s : m.statements()) {
                    try {
                        st.execute(s.sql());
                    } catch (SQLException e) {
                        throw new AssertionError("SchemaHeal's reading of " + m.fileName() + " gives, at line " + s.line()
                                + ", a statement the database rejects: " + e.getMessage() + "\n" + s.sql(), e);
                    }
                }
            }
        }
    }

    /** The snapshot, without the test database's own schema name and the times seed rows were written. */
    private static Map<String, String> withoutSchema(TestDatabase db) throws SQLException {
        Map<String, String> out = SchemaSnapshot.withoutSchemaNames(SchemaSnapshot.of(db));
        out.replaceAll((table, shape) -> SchemaSnapshot.withoutInsertTimes(shape));
        return out;
    }
}
