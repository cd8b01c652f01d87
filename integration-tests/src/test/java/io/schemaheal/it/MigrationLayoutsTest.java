package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migration sets laid out as their tools' documentation shows (a folder per migration, a file per database,
 * Flyway's sub-folders): the table a later migration created heals from its script, exactly as a full
 * migration leaves it, and the down scripts, other databases' files and the tools' other files are never applied.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrationLayoutsTest extends MigrationSetTest {

    /** diesel: migrations/2024-01-15-120000_create_users/up.sql and down.sql (PostgreSQL: its initial setup too). */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void dieselFoldersWithUpAndDownScripts(String kind) throws Exception {
        boolean pg = kind.equals("postgresql");
        Map<String, String> files = new LinkedHashMap<>();
        if (pg) {
            files.put("00000000000000_diesel_initial_setup/up.sql", "CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) "
                    + "RETURNS VOID AS $$\nBEGIN\n    EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s "
                    + "FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', _tbl);\nEND;\n$$ LANGUAGE plpgsql;\n");
            files.put("00000000000000_diesel_initial_setup/down.sql", "DROP FUNCTION IF EXISTS diesel_manage_updated_at(_tbl regclass);\n");
        }
        files.put("2024-01-15-120000_create_users/up.sql", "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL\n);\n");
        files.put("2024-01-15-120000_create_users/down.sql", "DROP TABLE users;\n");
        files.put("2024-01-16-080000_create_posts/up.sql", "CREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n"
                + "  user_id INTEGER NOT NULL REFERENCES users(id),\n  title TEXT NOT NULL\n);\n"
                + "CREATE INDEX posts_user_id ON posts (user_id);\n");
        files.put("2024-01-16-080000_create_posts/down.sql", "DROP TABLE posts;\n");
        files.put("../diesel.toml", "[print_schema]\nfile = \"src/schema.rs\"\n");
        healsTheLaterTables(kind, files, folderScripts(files), "2024-01-15-120000_create_users/up.sql",
                Map.of("posts", "2024-01-16-080000_create_posts/up.sql"));
    }

    /**
     * goose with a migration written in Go beside its SQL ones (goose runs them in version order): what its code did to
     * {@code users}, made before it, cannot be known, so a lost {@code users} is refused naming the Go file, and the
     * application gets its own exception; {@code posts}, made after it, heals.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aGooseMigrationWrittenInGoRefusesTheTablesMadeBeforeIt(String kind) throws Exception {
        Path m = dir.resolve("goose-" + kind);
        write(m.resolve("00001_users.sql"), "-- +goose Up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n");
        write(m.resolve("00002_users_extra.go"), """
                package migrations

                import (
                	"context"
                	"database/sql"

                	"github.com/pressly/goose/v3"
                )

                func init() { goose.AddMigrationContext(up, down) }

                func up(ctx context.Context, tx *sql.Tx) error {
                	_, err := tx.ExecContext(ctx, "ALTER TABLE users ADD COLUMN extra INTEGER")
                	return err
                }

                func down(ctx context.Context, tx *sql.Tx) error { return nil }
                """);
        write(m.resolve("00003_posts.sql"), "-- +goose Up\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE posts;\n");
        try (TestDatabase db = TestDatabase.open(kind, dir);
             Connection c = db.heal(m.toString()); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("INSERT INTO posts (id) VALUES (1)"), "posts, made after the Go migration, heals");
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> st.executeQuery("SELECT id FROM users").close());
            assertEquals(1, e.getSuppressed().length, "the application's own exception, with the reason: " + e);
            assertTrue(e.getSuppressed()[0].getMessage().contains("goose migration 00002_users_extra.go (version 00002) is "
                    + "written in Go"), e.getSuppressed()[0].getMessage());
        }
    }

    /** Prisma: prisma/migrations/20240115120000_init/migration.sql, and migration_lock.toml beside them. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void prismaFoldersWithOneMigrationScriptEach(String kind) throws Exception {
        boolean pg = kind.equals("postgresql");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("migration_lock.toml", "# Please do not edit this file manually\nprovider = \"" + (pg ? "postgresql" : "sqlite") + "\"\n");
        files.put("20240115120000_init/migration.sql", pg
                ? "-- CreateTable\nCREATE TABLE \"User\" (\n    \"id\" SERIAL NOT NULL,\n    \"name\" TEXT NOT NULL,\n\n"
                + "    CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")\n);\n"
                : "-- CreateTable\nCREATE TABLE \"User\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n"
                + "    \"name\" TEXT NOT NULL\n);\n");
        files.put("20240116080000_add_posts/migration.sql", pg
                ? "-- CreateTable\nCREATE TABLE \"Post\" (\n    \"id\" SERIAL NOT NULL,\n    \"title\" TEXT NOT NULL,\n"
                + "    \"authorId\" INTEGER NOT NULL,\n\n    CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\")\n);\n\n"
                + "-- CreateIndex\nCREATE INDEX \"Post_authorId_idx\" ON \"Post\"(\"authorId\");\n\n"
                + "-- AddForeignKey\nALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") "
                + "REFERENCES \"User\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;\n"
                : "-- CreateTable\nCREATE TABLE \"Post\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n"
                + "    \"title\" TEXT NOT NULL,\n    \"authorId\" INTEGER NOT NULL,\n    CONSTRAINT \"Post_authorId_fkey\" "
                + "FOREIGN KEY (\"authorId\") REFERENCES \"User\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE\n);\n\n"
                + "-- CreateIndex\nCREATE INDEX \"Post_authorId_idx\" ON \"Post\"(\"authorId\");\n");
        healsTheLaterTables(kind, files, folderScripts(files), "20240115120000_init/migration.sql",
                Map.of("\"Post\"", "20240116080000_add_posts/migration.sql"));
    }

    /** The scripts a folder-per-migration tool applies, in its order. */
    private static List<String> folderScripts(Map<String, String> files) {
        return files.keySet().stream().filter(f -> f.endsWith("/up.sql") || f.endsWith("/migration.sql")).sorted().toList();
    }

    /**
     * One folder with one file per database (golang-migrate's way of keeping several): each database reads its own
     * ({@code .postgres.}, {@code .mysql.}, {@code .sqlite.}) and those without a marker; another database's file —
     * here CockroachDB's, which would fail anywhere else — is never read.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void oneFolderWithAFilePerDatabase(String kind) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> marker = Map.of("sqlite", "sqlite", "postgresql", "postgres", "mariadb", "mysql");
        Map<String, String> id = Map.of("sqlite", "INTEGER PRIMARY KEY AUTOINCREMENT", "postgresql", "BIGSERIAL PRIMARY KEY",
                "mariadb", "BIGINT AUTO_INCREMENT PRIMARY KEY");
        Map<String, String> text = Map.of("sqlite", "TEXT", "postgresql", "TEXT", "mariadb", "VARCHAR(200)");
        for (String db : List.of("sqlite", "postgresql", "mariadb")) {
            files.put("0001_users." + marker.get(db) + ".up.sql", "CREATE TABLE users (id " + id.get(db) + ", name "
                    + text.get(db) + " NOT NULL);\n");
            files.put("0001_users." + marker.get(db) + ".down.sql", "DROP TABLE users;\n");
            files.put("0002_posts." + marker.get(db) + ".up.sql", "CREATE TABLE posts (id " + id.get(db) + ", title "
                    + text.get(db) + " NOT NULL, user_id BIGINT NOT NULL);\nCREATE INDEX posts_user_id ON posts (user_id);\n");
            files.put("0002_posts." + marker.get(db) + ".down.sql", "DROP TABLE posts;\n");
        }
        files.put("0002_posts.cockroach.up.sql", "CREATE TABLE posts (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
                + "title STRING NOT NULL, INDEX (title)) WITH (ttl_expire_after = '3 months');\n");
        files.put("0003_tags.up.sql", "CREATE TABLE tags (name VARCHAR(50) NOT NULL);\n");
        files.put("0003_tags.down.sql", "DROP TABLE tags;\n");
        String own = "." + marker.get(kind) + ".up.sql";
        List<String> applied = List.of("0001_users" + own, "0002_posts" + own, "0003_tags.up.sql");
        healsTheLaterTables(kind, files, applied, applied.get(0), orderedMap("posts", "0002_posts" + own,
                "tags", "0003_tags.up.sql"));
    }

    /**
     * Ory's popx (Kratos, Hydra, Keto): a version's shared file ({@code V_identities.up.sql}) and, beside it, the same
     * version for one database ({@code V_identities.postgres.up.sql}), which is the one that runs there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aFileForOneDatabaseReplacesTheSharedOneOfItsVersion(String kind) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("20210101000000_identities.up.sql", "CREATE TABLE identities (id CHAR(36) NOT NULL PRIMARY KEY, "
                + "traits TEXT NOT NULL);\n");
        files.put("20210101000000_identities.postgres.up.sql", "CREATE TABLE identities (id UUID NOT NULL PRIMARY KEY, "
                + "traits JSONB NOT NULL);\n");
        files.put("20210101000000_identities.down.sql", "DROP TABLE identities;\n");
        files.put("20210102000000_sessions.up.sql", "CREATE TABLE sessions (id CHAR(36) NOT NULL PRIMARY KEY, "
                + "identity_id CHAR(36) NOT NULL);\n");
        files.put("20210102000000_sessions.mysql.up.sql", "CREATE TABLE sessions (id CHAR(36) NOT NULL PRIMARY KEY, "
                + "identity_id CHAR(36) NOT NULL, KEY sessions_identity (identity_id));\n");
        files.put("20210103000000_tokens.up.sql", "CREATE TABLE tokens (token VARCHAR(64) NOT NULL);\n");
        String identities = kind.equals("postgresql") ? "20210101000000_identities.postgres.up.sql" : "20210101000000_identities.up.sql";
        String sessions = kind.equals("mariadb") ? "20210102000000_sessions.mysql.up.sql" : "20210102000000_sessions.up.sql";
        List<String> applied = List.of(identities, sessions, "20210103000000_tokens.up.sql");
        healsTheLaterTables(kind, files, applied, applied.get(0), orderedMap("sessions", sessions.replace(".up.sql", ""),
                "tokens", "20210103000000_tokens"));
    }

    /**
     * Flyway scans a location's sub-folders: {@code V2} in {@code 2024/} owns its table; a callback there owns nothing,
     * and another tool's files in a sub-folder (a golang-migrate set for MySQL beside it) are not read.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void flywayReadsScriptsInSubFolders(String kind) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("V1__users.sql", "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL);\n");
        files.put("2024/V2__posts.sql", "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(100) NOT NULL);\n"
                + "CREATE INDEX posts_title ON posts (title);\n");
        files.put("2024/q3/V3__tags.sql", "CREATE TABLE tags (name VARCHAR(50) NOT NULL);\n");
        files.put("callbacks/afterMigrate.sql", "INSERT INTO users (id, name) VALUES (1, 'callback ran');\n");
        files.put("mysql/000002_posts.up.sql", "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, other_column INTEGER);\n");
        List<String> applied = List.of("V1__users.sql", "2024/V2__posts.sql", "2024/q3/V3__tags.sql");
        // the schemas compared include every table's rows: the callback's row in users would differ
        healsTheLaterTables(kind, files, applied, applied.get(0), orderedMap("posts", "V2__posts.sql",
                "tags", "V3__tags.sql"));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int k = 0; k < keysAndValues.length; k += 2) {
            out.put(keysAndValues[k], keysAndValues[k + 1]);
        }
        return out;
    }

    /**
     * One database migrated in full by the {@code applied} scripts, another only up to {@code first}: a query of
     * each table of {@code tableOwners} heals it there from its owner script, and both schemas are then the same.
     */
    private void healsTheLaterTables(String kind, Map<String, String> files, List<String> applied, String first,
                                     Map<String, String> tableOwners) throws Exception {
        Path migrations = dir.resolve("project/migrations");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = migrations.resolve(f.getKey()).normalize();
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        Files.createDirectories(dir.resolve("full"));
        Files.createDirectories(dir.resolve("healed"));
        try (TestDatabase full = TestDatabase.open(kind, dir.resolve("full"));
             TestDatabase healed = TestDatabase.open(kind, dir.resolve("healed"))) {
            for (String f : applied) {
                full.execute(Files.readString(migrations.resolve(f)));
                if (applied.indexOf(f) <= applied.indexOf(first)) {
                    healed.execute(Files.readString(migrations.resolve(f)));
                }
            }
            for (Map.Entry<String, String> heal : tableOwners.entrySet()) {
                try (Connection c = healed.heal("filesystem:" + migrations); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM " + heal.getKey())) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getLong(1));
                }
            }
            assertEquals(SchemaSnapshot.withoutSchemaNames(SchemaSnapshot.of(full)), SchemaSnapshot.withoutSchemaNames(SchemaSnapshot.of(healed)),
                    "healed exactly as the full migration made it");
            try (Connection c = healed.raw()) {
                List<String> detail = Queries.strings(c, "SELECT detail FROM schemaheal_history ORDER BY id");
                assertEquals(tableOwners.size(), detail.size(), detail.toString());
                int k = 0;
                for (String owner : tableOwners.values()) {
                    String d = detail.get(k++);
                    assertTrue(d.contains(owner) && !d.contains("down.sql"), d);
                }
            }
        }
    }
}
