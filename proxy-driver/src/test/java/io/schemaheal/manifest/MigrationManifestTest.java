package io.schemaheal.manifest;

import io.schemaheal.sql.StatementKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationManifestTest {

    @TempDir
    Path dir;

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private MigrationManifest build() throws ManifestException {
        return MigrationManifest.build(List.of(dir.toString()));
    }

    /**
     * An SQL file a Liquibase master includes is split once: in its place (what it makes is what the files after it see),
     * and the manifest takes those statements rather than splitting the file again; with Flyway's placeholders in it,
     * whose values change its text, it is read again with them.
     */
    @Test
    void anIncludedSqlFileIsSplitOnceAndReadAgainOnlyWhenPlaceholdersChangeIt() throws Exception {
        write("master.xml", """
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
                    <include file="001.sql" relativeToChangelogFile="true"/>
                    <include file="002.sql" relativeToChangelogFile="true"/>
                </databaseChangeLog>
                """);
        write("001.sql", "--liquibase formatted sql\n--changeset ann:1\nCREATE TABLE users (id INT PRIMARY KEY);\n");
        write("002.sql", "--liquibase formatted sql\n--changeset ann:2\nCREATE TABLE ${prefix}orders (id INT PRIMARY KEY);\n");
        List<MigrationLocation.Resource> read = MigrationLocation.parse(dir.resolve("master.xml").toString()).read(null);
        assertEquals(List.of("CREATE TABLE users (id INT PRIMARY KEY)"),
                read.get(0).read().statements().stream().map(io.schemaheal.sql.ScriptStatement::sql).toList(),
                "read in its place");
        MigrationManifest plain = MigrationManifest.build(List.of(dir.resolve("master.xml").toString()));
        assertTrue(plain.knows("users") && !plain.knows("app_orders"), "without a value the placeholder's CREATE owns nothing");
        MigrationManifest replaced = MigrationManifest.build(List.of(dir.resolve("master.xml").toString()),
                Map.of("prefix", "app_"), null);
        assertTrue(replaced.knows("users") && replaced.knows("app_orders"),
                "the file whose text the placeholder changes is read again with it");
    }

    @Test
    void ordersByVersionAsNumbersAndIndexesTables() throws Exception {
        write("v10_b.sql", "ALTER TABLE a ADD COLUMN y INT;");
        write("v9_a.sql", "CREATE TABLE a (x INT); CREATE INDEX idx_a ON a(x);");
        write("README.md", "not a migration");
        MigrationManifest m = build();
        assertEquals(List.of("v9_a.sql", "v10_b.sql"), m.migrations().stream().map(Migration::fileName).toList());
        assertTrue(m.knows("a"));
        assertEquals(3, m.about("a").size());
        assertEquals(64, m.migrations().get(0).sha256().length());
    }

    /**
     * Netflix Conductor's shape: a procedure that puts its ALTER TABLE together with CONCAT, called with a table's name,
     * and a text prepared from variables. Each table whose history passes through one is refused, the statement named;
     * a literal prepared text is replayed; a table created after such a statement, or never named by one, is healed.
     */
    /**
     * A Flyway callback is never applied: a table it changes (here indexes) is refused naming it; one it writes rows to
     * or grants rights on is not, and neither is one it does not name.
     */
    @Test
    void aTableAFlywayCallbackChangesIsRefusedNamingTheCallback() throws Exception {
        write("V1__tables.sql", "CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(80));\n"
                + "CREATE TABLE posts (id INT PRIMARY KEY);\nCREATE TABLE tags (id INT PRIMARY KEY);\n");
        write("afterMigrate__grants.sql", "GRANT SELECT ON posts TO reporting;\nINSERT INTO posts (id) VALUES (1);\n");
        write("afterEachMigrate.sql", "-- kept fast\nCREATE INDEX IF NOT EXISTS users_email ON users (email);\n");
        MigrationManifest m = build();
        assertEquals(1, m.migrations().size());
        String why = m.refusal("users");
        assertTrue(why != null && why.contains("afterEachMigrate.sql (line 2) changes users, and a heal never applies "
                + "callbacks"), why);
        assertEquals(null, m.refusal("posts"), "rows and rights are no table's structure");
        assertEquals(null, m.refusal("tags"));
        assertEquals(1, m.notRead().size(), "said among the parts not read: " + m.notRead());
    }

    @Test
    void aTableChangedBySqlBuiltAtRunTimeIsRefusedNamingTheStatement() throws Exception {
        write("V1__tables.sql", "CREATE TABLE queue (id INT PRIMARY KEY, name VARCHAR(64));\n"
                + "CREATE TABLE task (id INT PRIMARY KEY, task_id VARCHAR(64));\n"
                + "CREATE TABLE note (id INT PRIMARY KEY);\n"
                + "CREATE TABLE flag (id INT PRIMARY KEY);\n");
        write("V2__fix.sql", """
                DELIMITER $$
                DROP PROCEDURE IF EXISTS `FixPk`$$
                CREATE PROCEDURE `FixPk`(IN tableName VARCHAR(128), IN columns VARCHAR(128))
                BEGIN
                    SET @stmt = CONCAT('ALTER TABLE ', tableName, ' DROP PRIMARY KEY, ADD PRIMARY KEY (', columns, ')');
                    PREPARE st FROM @stmt;
                    EXECUTE st;
                    DEALLOCATE PREPARE st;
                END$$
                DELIMITER ;
                CALL FixPk('queue', 'name');
                SET @t = "task";
                SET @s = (SELECT IF(1 > 0, CONCAT("ALTER TABLE ", @t, " ADD x INT"), "SELECT 1"));
                PREPARE add_x FROM @s;
                EXECUTE add_x;
                SET @n = IF(1 > 0, 'ALTER TABLE `note` ADD COLUMN y INT', 'SELECT 1');
                PREPARE add_y FROM @n;
                EXECUTE add_y;
                """);
        write("V3__later.sql", "CREATE TABLE queue_archive (id INT PRIMARY KEY);\n");
        MigrationManifest m = MigrationManifest.build(List.of("filesystem:" + dir), Map.of(), "mariadb");
        String queue = m.refusal("queue");
        assertTrue(queue != null && queue.contains("V2__fix.sql (line 11) builds SQL at run time")
                && queue.contains("it calls fixpk, whose body runs dynamic SQL"), queue);
        String task = m.refusal("task");
        assertTrue(task != null && task.contains("V2__fix.sql (line 14)") && task.contains("PREPARE ... FROM"), task);
        assertNull(m.refusal("note"), "a literal prepared text is read and replayed");
        assertTrue(m.about("note").stream().anyMatch(e -> e.statement().sql().contains("ADD COLUMN y")));
        assertNull(m.refusal("queue_archive"), "created after: nothing built at run time reached it");
        // flag is named by no statement that builds SQL, nor by any script holding one
        assertNull(m.refusal("flag"));
        // a replay runs the script as the database does: the PREPARE of a literal text, not the ALTER read in its place
        Migration fix = m.migrations().stream().filter(x -> x.fileName().equals("V2__fix.sql")).findFirst().orElseThrow();
        List<String> run = fix.run().stream().map(st -> st.sql().strip().split("\\s+")[0].toUpperCase()).toList();
        assertEquals(List.of("DROP", "CREATE", "CALL", "SET", "SET", "PREPARE", "EXECUTE", "SET", "PREPARE", "EXECUTE"), run);
        assertTrue(fix.statements().stream().noneMatch(st -> st.sql().startsWith("PREPARE add_y")), "read in place of it");
        Migration later = m.migrations().stream().filter(x -> x.fileName().equals("V3__later.sql")).findFirst().orElseThrow();
        assertSame(later.statements(), later.run(), "nothing read in place of another: the statements as read");
    }

    /**
     * Two migration sets in one schema (Netflix Conductor's {@code migration_postgres} and {@code migration_scheduler},
     * each with its own Flyway history table): each set's versions are its own (both have a V1), the second read after
     * the first, and the tables of both are known.
     */
    @Test
    void twoSetsInOneSchemaEachKeepTheirVersions() throws Exception {
        Path main = Files.createDirectories(dir.resolve("main"));
        Path scheduler = Files.createDirectories(dir.resolve("scheduler"));
        Files.writeString(main.resolve("V1__workflow.sql"), "CREATE TABLE workflow (id INT PRIMARY KEY);");
        Files.writeString(main.resolve("V2__task.sql"), "CREATE TABLE task (id INT PRIMARY KEY);");
        Files.writeString(scheduler.resolve("V1__scheduler.sql"), "CREATE TABLE scheduler (id INT PRIMARY KEY);");
        Files.writeString(scheduler.resolve("V2__scheduler_runs.sql"), "CREATE TABLE scheduler_runs (id INT PRIMARY KEY);");
        MigrationManifest m = MigrationManifest.build(List.of("filesystem:" + main, io.schemaheal.config.HealSettings.NEXT_SET,
                "filesystem:" + scheduler));
        assertEquals(List.of("V1__workflow.sql", "V2__task.sql", "V1__scheduler.sql", "V2__scheduler_runs.sql"),
                m.migrations().stream().map(Migration::fileName).toList());
        assertTrue(m.knows("workflow") && m.knows("scheduler_runs"));
        ManifestException mixed = assertThrows(ManifestException.class,
                () -> MigrationManifest.build(List.of("filesystem:" + main, "filesystem:" + scheduler)));
        assertTrue(mixed.getMessage().contains("both have version"), "one set: one version each, as before");
    }

    @Test
    void aSequenceTheMigrationsCreateAndKeepIsKnownAlone() throws Exception {
        write("V1__batch.sql", "CREATE TABLE batch_job (id BIGINT); CREATE SEQUENCE BATCH_JOB_SEQ MAXVALUE 99 NO CYCLE;"
                + "CREATE SEQUENCE old_seq; CREATE SEQUENCE renewed_seq;");
        write("V2__drop.sql", "DROP SEQUENCE old_seq; DROP SEQUENCE IF EXISTS renewed_seq; CREATE SEQUENCE renewed_seq START 5;");
        MigrationManifest m = build();
        assertTrue(m.knows("batch_job_seq") && m.isSequence("batch_job_seq"));
        assertTrue(m.isSequence("renewed_seq"), "created again after its drop");
        assertFalse(m.knows("old_seq") || m.isSequence("old_seq"), "its history ends in a drop");
        assertFalse(m.isSequence("batch_job"), "a table is not a sequence");
    }

    /**
     * Spring's way (PetClinic's {@code classpath*:db/postgres/schema.sql} and {@code data.sql}, inside an executable
     * jar): each location one file on the class path, read in the order listed as versions 1 and 2.
     */
    @Test
    void singleFilesOnTheClassPathAreReadInTheOrderListed() throws Exception {
        Path jar = dir.resolve("app.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (String[] entry : new String[][] {
                    {"db/postgres/schema.sql", "CREATE TABLE IF NOT EXISTS vets (id SERIAL PRIMARY KEY, name TEXT);"},
                    {"db/postgres/data.sql", "INSERT INTO vets (name) VALUES ('James Carter') ON CONFLICT DO NOTHING;"}}) {
                out.putNextEntry(new java.util.jar.JarEntry(entry[0]));
                out.write(entry[1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (java.net.URLClassLoader app = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            thread.setContextClassLoader(app);
            MigrationManifest m = MigrationManifest.build(List.of("classpath:db/postgres/schema.sql",
                    "classpath:db/postgres/data.sql"), Map.of(), "postgresql");
            assertEquals(List.of("1 schema.sql", "2 data.sql"), m.migrations().stream()
                    .map(x -> x.version() + " " + x.fileName()).toList());
            assertTrue(m.knows("vets"));
            assertEquals(List.of(StatementKind.CREATE_TABLE, StatementKind.DATA),
                    m.about("vets").stream().map(e -> e.statement().kind()).toList());
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void eachFileSaysHowItWasReadOrWhyNot() throws Exception {
        write("0001_users.postgres.up.sql", "CREATE TABLE users (id SERIAL);");
        write("0001_users.sqlite.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);");
        write("0001_users.sqlite.down.sql", "DROP TABLE users;");
        write("README.md", "not a migration");
        Files.createDirectories(dir.resolve("2024"));
        Files.writeString(dir.resolve("2024/V2__posts.sql"), "CREATE TABLE posts (id INT);");
        Files.createDirectories(dir.resolve("mysql"));
        Files.writeString(dir.resolve("mysql/0002_posts.up.sql"), "CREATE TABLE posts (other INT);");
        MigrationManifest m = MigrationManifest.build(List.of(dir.toString()), Map.of(), "sqlite");
        Map<String, String> how = new java.util.TreeMap<>();
        for (MigrationManifest.FileReading f : m.files()) {
            how.put(dir.relativize(Path.of(f.path())).toString(), f.migration() != null
                    ? f.migration().version() + " " + f.convention() : f.ignoredBecause());
        }
        assertEquals(Map.of(
                "0001_users.postgres.up.sql", "marked for postgresql, not for sqlite",
                "0001_users.sqlite.down.sql", "a down script: never applied",
                "0001_users.sqlite.up.sql", "0001 golang-migrate, sqlite only",
                "2024/V2__posts.sql", "2 Flyway",
                "README.md", "not a SQL script"), how, "mysql/ is another tool's folder: not read at all");
        assertTrue(m.migrations().get(0).statements().get(0).sql().contains("INTEGER PRIMARY KEY"));
        assertEquals(1, MigrationManifest.build(List.of(dir.toString()), Map.of(), null).migrations().size(),
                "with the database not known yet, only the unmarked scripts");
    }

    @Test
    void aSetWhoseScriptsAreAllMarkedWaitsForTheDatabaseToBeKnown() throws Exception {
        write("0001_users.postgres.up.sql", "CREATE TABLE users (id SERIAL);");
        assertTrue(MigrationManifest.build(List.of(dir.toString()), Map.of(), null).migrations().isEmpty());
        assertEquals(1, MigrationManifest.build(List.of(dir.toString()), Map.of(), "postgresql").migrations().size());
        ManifestException e = assertThrows(ManifestException.class,
                () -> MigrationManifest.build(List.of(dir.toString()), Map.of(), "sqlite"));
        assertTrue(e.getMessage().contains("holds no migration scripts"), e.getMessage());
    }

    @Test
    void golangMigrateDownScriptsAreNeverRead() throws Exception {
        write("000001_users.up.sql", "CREATE TABLE users (id INT);");
        write("000001_users.down.sql", "DROP TABLE users;");
        MigrationManifest m = build();
        assertEquals(1, m.migrations().size());
        assertTrue(m.about("users").stream().noneMatch(e -> e.statement().kind() == StatementKind.DROP_TABLE));
    }

    /**
     * goose runs its migrations written in Go in version order with the SQL ones: what one did to a table made before it
     * cannot be known, so such a table is refused naming the Go file; one made after it is not, nor is a Go file that is
     * no migration.
     */
    @Test
    void aTableMadeBeforeAGooseMigrationWrittenInGoIsRefusedNamingIt() throws Exception {
        write("00001_users.sql", "-- +goose Up\nCREATE TABLE users (id INT PRIMARY KEY);\n");
        write("00002_backfill_users.go", "package migrations\n");
        write("00003_posts.sql", "-- +goose Up\nCREATE TABLE posts (id INT PRIMARY KEY);\n");
        write("migrations_test.go", "package migrations\n");
        write("00004_helpers_test.go", "package migrations\n");
        MigrationManifest m = build();
        assertEquals(2, m.migrations().size());
        String why = m.refusal("users");
        assertTrue(why != null && why.contains("goose migration 00002_backfill_users.go (version 00002) is written in Go: it "
                + "runs code, which a heal never runs, after users were made"), why);
        assertEquals(null, m.refusal("posts"), "made after it");
    }

    @Test
    void dbmateAndGooseContributeOnlyTheirUpPart() throws Exception {
        write("20200101000000_dbmate.sql", "-- migrate:up\nCREATE TABLE d (x INT);\n-- migrate:down\nDROP TABLE d;\n");
        write("20200102000000_goose.sql", """
                -- +goose Up
                -- +goose StatementBegin
                CREATE FUNCTION f() RETURNS int AS 'SELECT 1; SELECT 2' LANGUAGE sql;
                -- +goose StatementEnd
                CREATE TABLE g (x INT);
                -- +goose Down
                DROP TABLE g;
                """);
        MigrationManifest m = build();
        assertTrue(m.knows("d"));
        assertTrue(m.knows("g"));
        assertEquals(1, m.migrations().get(0).statements().size());
        assertEquals(2, m.migrations().get(1).statements().size());
        assertEquals(StatementKind.CREATE_FUNCTION, m.migrations().get(1).statements().get(0).kind());
        assertEquals(3, m.migrations().get(1).statements().get(0).line());
        assertEquals(5, m.migrations().get(1).statements().get(1).line());
        assertTrue(m.entries().stream().noneMatch(e -> e.statement().kind() == StatementKind.DROP_TABLE));
    }

    @Test
    void aTableTwoScriptsCreateIsRefusedNamingBothFilesAndTheRestIsRead() throws Exception {
        write("v1_a.sql", "CREATE TABLE t (x INT);");
        write("v2_b.sql", "CREATE TABLE IF NOT EXISTS t (x INT); CREATE TABLE u (y INT);");
        MigrationManifest m = build();
        String why = m.refusal("t");
        assertTrue(why != null && why.contains("v1_a.sql") && why.contains("v2_b.sql") && why.contains("both create table t"), why);
        assertNull(m.refusal("u"), "the rest of the set is healed as usual");
        assertEquals(List.of(why), m.unreadable(), "and reported");
    }

    @Test
    void aTableMayBeCreatedAgainAfterADrop() throws Exception {
        write("v1_a.sql", "CREATE TABLE t (x INT);");
        write("v2_b.sql", "DROP TABLE t; CREATE TABLE t (y INT);");
        assertTrue(build().knows("t"));
    }

    @Test
    void aFileForThisDatabaseReplacesTheSharedOneOfTheSameVersion() throws Exception {
        // Ory's popx layout (Kratos, Hydra, Keto): the database's own file is the one that runs
        write("20200101000000_users.up.sql", "CREATE TABLE users (id TEXT);");
        write("20200101000000_users.postgres.up.sql", "CREATE TABLE users (id UUID);");
        write("20200102000000_posts.up.sql", "CREATE TABLE posts (id TEXT);");
        MigrationManifest pg = MigrationManifest.build(List.of(dir.toString()), Map.of(), "postgresql");
        assertEquals(List.of("20200101000000_users.postgres.up.sql", "20200102000000_posts.up.sql"),
                pg.migrations().stream().map(Migration::fileName).toList());
        assertTrue(pg.files().stream().anyMatch(f -> f.path().endsWith("20200101000000_users.up.sql")
                && "replaced by 20200101000000_users.postgres.up.sql, the same version for postgresql".equals(f.ignoredBecause())),
                pg.files().toString());
        MigrationManifest sqlite = MigrationManifest.build(List.of(dir.toString()), Map.of(), "sqlite");
        assertEquals(List.of("20200101000000_users.up.sql", "20200102000000_posts.up.sql"),
                sqlite.migrations().stream().map(Migration::fileName).toList(), "elsewhere the shared one");
    }

    @Test
    void popxAutocommitFilesAreReadForTheirDatabase() throws Exception {
        // Kratos: X.autocommit.up.sql is shared (run outside a transaction), X.cockroach.autocommit.up.sql CockroachDB's
        write("20250708190000000000_ext.autocommit.up.sql", "ALTER TABLE users ADD COLUMN external_id TEXT;");
        write("20250708190000000000_ext.cockroach.autocommit.up.sql", "ALTER TABLE users ADD COLUMN external_id STRING;");
        write("20250708190000000001_idx.postgres.autocommit.up.sql", "CREATE INDEX CONCURRENTLY u_ext ON users (external_id);");
        write("20250708190000000001_idx.autocommit.up.sql", "CREATE INDEX u_ext ON users (external_id);");
        write("20250708190000000000_ext.autocommit.down.sql", "ALTER TABLE users DROP COLUMN external_id;");
        MigrationManifest pg = MigrationManifest.build(List.of(dir.toString()), Map.of(), "postgresql");
        assertEquals(List.of("20250708190000000000_ext.autocommit.up.sql", "20250708190000000001_idx.postgres.autocommit.up.sql"),
                pg.migrations().stream().map(Migration::fileName).toList());
        MigrationManifest sqlite = MigrationManifest.build(List.of(dir.toString()), Map.of(), "sqlite");
        assertEquals(List.of("20250708190000000000_ext.autocommit.up.sql", "20250708190000000001_idx.autocommit.up.sql"),
                sqlite.migrations().stream().map(Migration::fileName).toList());
    }

    @Test
    void sameVersionTwiceIsAnError() throws Exception {
        write("v1_a.sql", "CREATE TABLE a (x INT);");
        write("V1__b.sql", "CREATE TABLE b (x INT);");
        ManifestException e = assertThrows(ManifestException.class, this::build);
        assertTrue(e.getMessage().contains("both have version"), e.getMessage());
    }

    @Test
    void unreadableInputNamesTheFileAndWhatToDo() throws Exception {
        ManifestException missing = assertThrows(ManifestException.class,
                () -> MigrationManifest.build(List.of(dir.resolve("nope").toString())));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        ManifestException empty = assertThrows(ManifestException.class, this::build);
        assertTrue(empty.getMessage().contains("holds no migration scripts"), empty.getMessage());

        write("init.sql", "CREATE TABLE a (x INT);");
        ManifestException noVersion = assertThrows(ManifestException.class, this::build);
        assertTrue(noVersion.getMessage().contains("init.sql") && noVersion.getMessage().contains("V<version>__"),
                "a set of nothing but such files says why it is empty: " + noVersion.getMessage());
        write("v1_a.sql", "CREATE TABLE a (x INT);");
        assertEquals(Set.of("a"), build().relations(), "beside a readable script it is ignored, with a warning");
        Files.delete(dir.resolve("v1_a.sql"));
        Files.delete(dir.resolve("init.sql"));

        // a script that cannot be read never fails the set: it is named, and what it names is not healed
        Files.write(dir.resolve("v1_latin1.sql"), "CREATE TABLE caf\u00e9 (x INT);".getBytes(StandardCharsets.ISO_8859_1));
        write("v2_broken.sql", "CREATE TABLE b (x TEXT DEFAULT 'unterminated);");
        write("v3_fine.sql", "CREATE TABLE c (x INT);");
        MigrationManifest m = build();
        assertEquals(Set.of("c"), m.relations());
        String latin1 = m.refusal("caf\u00e9");
        assertTrue(latin1 != null && latin1.contains("v1_latin1.sql") && latin1.contains("UTF-8"), latin1);
        String broken = m.refusal("b");
        assertTrue(broken != null && broken.contains("v2_broken.sql") && broken.contains("line 1"), broken);
        assertNull(m.refusal("c"), "a table no unreadable script names heals");
        assertEquals(2, m.unreadable().size(), m.unreadable().toString());
        Files.write(dir.resolve("v4_binary.sql"), new byte[] {'C', 0, 'X'});
        assertTrue(build().refusal("anything").contains("NUL bytes"), "a script with no text may touch anything");
    }

    @Test
    void classpathLocationsAreRead() throws Exception {
        MigrationManifest m = MigrationManifest.build(List.of("classpath:io/schemaheal/manifest/classpath-set"));
        assertEquals(2, m.migrations().size());
        assertTrue(m.knows("projects"));
        assertTrue(m.knows("tasks"));
        assertFalse(m.knows("tasks_project"));
        ManifestException e = assertThrows(ManifestException.class,
                () -> MigrationManifest.build(List.of("classpath:no/such/folder")));
        assertTrue(e.getMessage().contains("not on the class path"), e.getMessage());
    }

    @Test
    void flywayPlaceholdersAreReplacedBeforeTheScriptIsReadAndTheChecksumIsTheFiles() throws Exception {
        String script = "CREATE TABLE ${prefix}plans (code TEXT DEFAULT '${tier}', note TEXT DEFAULT '${unknown}');";
        Files.writeString(dir.resolve("V1__plans.sql"), script);
        MigrationManifest m = MigrationManifest.build(List.of(dir.toString()), Map.of("prefix", "shop_", "tier", "free"), null);
        assertTrue(m.relations().contains("shop_plans"), m.relations().toString());
        String sql = m.entries().get(0).statement().sql();
        assertEquals("CREATE TABLE shop_plans (code TEXT DEFAULT 'free', note TEXT DEFAULT '${unknown}')", sql,
                "a placeholder with no value stays as written");
        assertEquals(MigrationScriptReader.sha256(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                m.migrations().get(0).sha256());
    }

    @Test
    void aMysqlRenameWithoutToIsARenameSoTheNameCanBeCreatedAgain() throws Exception {
        write("V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY);");
        write("V2__rename.sql", "ALTER TABLE accounts RENAME legacy_accounts;\nCREATE TABLE accounts (id BIGINT PRIMARY KEY);");
        write("V3__rename_table.sql", "RENAME TABLE legacy_accounts TO archived_accounts;");
        MigrationManifest m = build();
        assertTrue(m.relations().containsAll(Set.of("accounts", "legacy_accounts", "archived_accounts")), m.relations().toString());
    }

    @Test
    void aCreateWhoseNameCannotBeReadOwnsNothingAndFailsNothing() throws Exception {
        write("V1__plans.sql", "CREATE TABLE ${prefix}plans (code TEXT);\nCREATE TABLE users (id INT);");
        MigrationManifest m = build();
        assertEquals(Set.of("users"), m.relations(), "the placeholder's table is nobody's; the rest of the set reads");
    }
}
