package io.schemaheal.heal;

import io.schemaheal.config.HealSettings;
import io.schemaheal.config.Mode;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.HealConnections;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.dialect.postgres.PostgresDialect;
import io.schemaheal.dialect.sqlite.SqliteDialect;
import io.schemaheal.manifest.ManifestCache;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.sql.SqlStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The promise "a heal only adds" rests on the database, not on reading SQL: with the text rules replaced by
 * "run everything", each attack below is still taken back by what the database says changed
 * ({@link io.schemaheal.dialect.ChangeWatch}), on real PostgreSQL and SQLite databases. Each is a migration
 * that, replayed by a heal, would change rows or objects that existed before it; the live rows and objects are
 * compared before and after.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ObservationAloneTest {

    private static final String PG_URL = System.getenv().getOrDefault("PG_TEST_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        ManifestCache.clear();
    }

    /**
     * Rules that let every statement through, but for one whose object the catalog says is there already (a
     * script that is not idempotent would fail on it): nothing judges what a statement changes but the watch.
     */
    private static final class RunEverything extends HealRules {
        RunEverything(MigrationManifest manifest, HealPlanner planner) {
            super(manifest, planner);
        }

        @Override
        Verdict judge(SqlStatement s, HealScope scope) throws SQLException {
            Verdict rules = super.judge(s, scope);
            return rules.run() || rules.done() ? rules : Verdict.RUN;
        }
    }

    /** One heal of {@code target} with the rules off; null when it healed, or why not. */
    private HealFailedException heal(Dialect dialect, Connection c, String schema, String target) throws Exception {
        return heal(dialect, c, schema, target, dialect.name());
    }

    /** As above, the scripts read as {@code reading} says (null: as no database in particular). */
    private HealFailedException heal(Dialect dialect, Connection c, String schema, String target, String reading) throws Exception {
        MigrationManifest manifest = MigrationManifest.build(List.of("filesystem:" + dir.resolve("m")), Map.of(), reading);
        HealPlanner planner = new HealPlanner(manifest, !dialect.transactionalDdl());
        HealSettings settings = new HealSettings(Mode.HEAL, List.of("filesystem:" + dir), dialect.name(),
                Duration.ofSeconds(10), "schemaheal_history", null, null, null, false, Map.of());
        HealRun run = new HealRun(dialect, manifest, new RunEverything(manifest, planner), settings,
                new HealConnections(c, null, false), "observation-" + UUID.randomUUID(), HealHistory.Names.of(dialect, "schemaheal_history"));
        return run.run(target, schema, scope -> planner.plan(target, name -> scope.exists(ObjectType.RELATION, name)),
                scope -> scope.relationExists(target)).exception();
    }

    private void write(String file, String script) throws Exception {
        Files.createDirectories(dir.resolve("m"));
        Files.writeString(dir.resolve("m").resolve(file), script);
    }

    private static void execute(Connection c, String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static String history(Connection c, String table) throws SQLException {
        return String.join("\n", rows(c, "SELECT outcome, detail FROM schemaheal_history WHERE table_name = '" + table + "'"));
    }

    // ---- PostgreSQL ----

    private interface PgTest {
        void run(Connection c, String schema) throws Exception;
    }

    private static void onPostgres(PgTest test) throws Exception {
        Connection admin;
        try {
            admin = DriverManager.getConnection(PG_URL);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true: PostgreSQL is not reachable at " + PG_URL, e);
            }
            assumeTrue(false, "PostgreSQL is not reachable at " + PG_URL + "; start it or set PG_TEST_URL to run this test");
            return;
        }
        String schema = "sh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (admin) {
            execute(admin, "CREATE SCHEMA " + schema);
            try (Connection c = DriverManager.getConnection(PG_URL + "&currentSchema=" + schema)) {
                test.run(c, schema);
            } finally {
                execute(admin, "DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void postgresAQueryInsideACreateThatDeletesLiveRowsIsTakenBack() throws Exception {
        write("V1__sessions.sql", "CREATE TABLE sessions (id int PRIMARY KEY, expires int);");
        write("V2__archive.sql", "CREATE TABLE archive AS WITH gone AS (DELETE FROM sessions WHERE expires < 100 "
                + "RETURNING *) SELECT * FROM gone;");
        write("V3__purged.sql", "CREATE FUNCTION purge() RETURNS bigint LANGUAGE sql AS $$ WITH d AS "
                + "(DELETE FROM sessions WHERE expires < 100 RETURNING 1) SELECT count(*) FROM d $$;\n"
                + "CREATE MATERIALIZED VIEW purged AS SELECT purge() AS n;");
        onPostgres((c, schema) -> {
            execute(c, "CREATE TABLE sessions (id int PRIMARY KEY, expires int)",
                    "CREATE FUNCTION purge() RETURNS bigint LANGUAGE sql AS $$ WITH d AS "
                            + "(DELETE FROM sessions WHERE expires < 100 RETURNING 1) SELECT count(*) FROM d $$",
                    "INSERT INTO sessions VALUES (1, 50), (2, 500)");
            for (String target : List.of("archive", "purged")) {
                HealFailedException why = heal(PostgresDialect.create(), c, schema, target);
                assertNotNull(why, target + " may not be made by deleting live rows");
                assertEquals(HealReason.UNDONE, why.reason(), "the heal ran and was undone: " + why.getMessage());
                assertTrue(why.getMessage().contains("changed what existed before") && why.getMessage().contains("sessions (1 deleted)"),
                        why.getMessage());
                assertEquals(List.of("1|50", "2|500"), rows(c, "SELECT * FROM sessions ORDER BY id"), "live rows, row for row");
                assertEquals(List.of("null"), rows(c, "SELECT to_regclass('" + target + "')"), "nothing half-made is left");
                assertTrue(history(c, target).startsWith("refused"), history(c, target));
            }
        });
    }

    @Test
    void postgresAColumnDefaultThatWritesALiveRowIsTakenBack() throws Exception {
        write("V1__counters.sql", "CREATE TABLE counters (name text PRIMARY KEY, value int);\n"
                + "INSERT INTO counters VALUES ('ticket', 5000);\n"
                + "CREATE FUNCTION next_number() RETURNS int LANGUAGE sql AS "
                + "$$ UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value $$;");
        write("V2__tickets.sql", "CREATE TABLE tickets (id int DEFAULT next_number(), title text);\n"
                + "INSERT INTO tickets (title) VALUES ('first');");
        onPostgres((c, schema) -> {
            execute(c, "CREATE TABLE counters (name text PRIMARY KEY, value int)",
                    "INSERT INTO counters VALUES ('ticket', 5001)",
                    "CREATE FUNCTION next_number() RETURNS int LANGUAGE sql AS "
                            + "$$ UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value $$");
            assertNull(heal(PostgresDialect.create(), c, schema, "tickets"), "the table itself only adds");
            assertEquals(List.of("ticket|5001"), rows(c, "SELECT * FROM counters"), "the live counter is untouched");
            assertEquals(List.of(), rows(c, "SELECT * FROM tickets"), "the seed that moved it was undone");
            assertTrue(history(c, "tickets").contains("skipped V2__tickets.sql:2") && history(c, "tickets").contains("counters (1 updated)"),
                    history(c, "tickets"));
        });
    }

    /**
     * Item 5 with the rules saying "run" and the names read as no database in particular (case folded, as before
     * PostgreSQL's quoted names kept their case): the seed into the live {@code "Event"} (made by hand) is read as
     * event's own, and runs; the database shows rows of a table that existed written, and it is taken back.
     */
    @Test
    void postgresASeedIntoTheQuotedTwinOfTheHealedTableIsTakenBack() throws Exception {
        write("V1__event.sql", "CREATE TABLE event (id int PRIMARY KEY, note text);\n"
                + "INSERT INTO \"Event\" (id, title) VALUES (99, 'seeded twice');");
        onPostgres((c, schema) -> {
            execute(c, "CREATE TABLE \"Event\" (id int PRIMARY KEY, title text)", "INSERT INTO \"Event\" VALUES (1, 'Launch')");
            assertNull(heal(PostgresDialect.create(), c, schema, "event", null), "event itself only adds");
            assertEquals(List.of("1|Launch"), rows(c, "SELECT * FROM \"Event\""), "the live \"Event\", row for row");
            assertTrue(history(c, "event").contains("skipped V1__event.sql:2") && history(c, "event").contains("Event\" (1 inserted)"),
                    history(c, "event"));
        });
    }

    @Test
    void postgresAFunctionTheMigrationsDoNotDefineCannotDeleteLiveRows() throws Exception {
        write("V1__sessions.sql", "CREATE TABLE sessions (id int PRIMARY KEY, expires int);");
        write("V2__reports.sql", "CREATE TABLE reports (n bigint);\nINSERT INTO reports SELECT purge_old();");
        onPostgres((c, schema) -> {
            execute(c, "CREATE TABLE sessions (id int PRIMARY KEY, expires int)",
                    "CREATE FUNCTION purge_old() RETURNS bigint LANGUAGE sql AS $$ WITH d AS "
                            + "(DELETE FROM sessions RETURNING 1) SELECT count(*) FROM d $$",
                    "INSERT INTO sessions VALUES (1, 50), (2, 500)");
            assertNull(heal(PostgresDialect.create(), c, schema, "reports"));
            assertEquals(List.of("1|50", "2|500"), rows(c, "SELECT * FROM sessions ORDER BY id"));
            assertEquals(List.of(), rows(c, "SELECT * FROM reports"));
            assertTrue(history(c, "reports").contains("sessions (2 deleted)"), history(c, "reports"));
        });
    }

    @Test
    void postgresATriggerThatTruncatesALiveTableIsTakenBackAndReadsPass() throws Exception {
        write("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, name text);\n"
                + "CREATE TABLE notes (id int, body text);");
        write("V2__audit.sql", "CREATE TABLE audit (id int);\n"
                + "INSERT INTO audit SELECT id FROM accounts;\n"
                + "CREATE FUNCTION audit_hook() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN TRUNCATE notes; RETURN NEW; END $$;\n"
                + "CREATE TRIGGER audit_ai AFTER INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_hook();\n"
                + "INSERT INTO audit VALUES (7);");
        onPostgres((c, schema) -> {
            execute(c, "CREATE TABLE accounts (id int PRIMARY KEY, name text)", "CREATE TABLE notes (id int, body text)",
                    "INSERT INTO accounts VALUES (1, 'Ann')", "INSERT INTO notes VALUES (1, 'keep')");
            assertNull(heal(PostgresDialect.create(), c, schema, "audit"));
            assertEquals(List.of("1|Ann"), rows(c, "SELECT * FROM accounts"));
            assertEquals(List.of("1|keep"), rows(c, "SELECT * FROM notes"));
            assertEquals(List.of("1"), rows(c, "SELECT * FROM audit"), "the seed that only reads live rows ran");
            String h = history(c, "audit");
            assertTrue(h.contains("applied V2__audit.sql:2"), h);
            assertTrue(h.contains("skipped V2__audit.sql:5") && h.contains("table notes changed"), "TRUNCATE: " + h);
        });
    }

    @Test
    void postgresWhatTheHealItselfDropsIsTakenBack() throws Exception {
        write("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY);");
        write("V2__ledger.sql", "CREATE TABLE ledger (id int);\nINSERT INTO ledger SELECT wipe();");
        onPostgres((c, schema) -> {
            execute(c, "CREATE TABLE accounts (id int PRIMARY KEY)", "INSERT INTO accounts VALUES (1)",
                    "CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$",
                    "CREATE FUNCTION wipe() RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
                            + "DROP TABLE accounts; DROP FUNCTION answer(); RETURN 1; END $$");
            assertNull(heal(PostgresDialect.create(), c, schema, "ledger"));
            assertEquals(List.of("1"), rows(c, "SELECT * FROM accounts"), "the drop of a live table was undone");
            assertEquals(List.of("42"), rows(c, "SELECT answer()"), "and the drop of a live function");
            String h = history(c, "ledger");
            assertTrue(h.contains("skipped V2__ledger.sql:2") && h.contains("table accounts dropped")
                    && h.contains("function answer() dropped"), h);
        });
    }

    // ---- SQLite ----

    @Test
    void sqliteAReplaceThatCascadesToLiveChildrenIsTakenBack() throws Exception {
        write("V1__roles.sql", "CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT);\n"
                + "INSERT INTO roles VALUES (1, 'admin');");
        write("V2__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, "
                + "role_id INTEGER REFERENCES roles(id) ON DELETE CASCADE);");
        write("V3__rename_role.sql", "REPLACE INTO roles VALUES (1, 'administrator');");
        java.util.Properties p = new java.util.Properties();
        p.setProperty("foreign_keys", "true");
        p.setProperty("recursive_triggers", "true"); // REPLACE's delete then runs the foreign key's cascade
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.sqlite"), p)) {
            execute(c, "CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO roles VALUES (1, 'admin')",
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, role_id INTEGER REFERENCES roles(id) ON DELETE CASCADE)",
                    "INSERT INTO users VALUES (10, 1), (11, 1)",
                    "PRAGMA foreign_keys = OFF", "DROP TABLE roles", "PRAGMA foreign_keys = ON"); // lost, children kept
            assertNull(heal(SqliteDialect.create(), c, null, "roles"));
            assertEquals(List.of("10|1", "11|1"), rows(c, "SELECT * FROM users ORDER BY id"), "the live children stay");
            assertEquals(List.of("1|admin"), rows(c, "SELECT * FROM roles"));
            assertTrue(history(c, "roles").contains("skipped V3__rename_role.sql:1") && history(c, "roles").contains("rows of users"),
                    history(c, "roles"));
            assertEquals(List.of(), rows(c, "SELECT name FROM sqlite_temp_master"), "the watch's triggers are gone");
        }
    }

    @Test
    void sqliteWritesThroughTriggersAreTakenBackAndReadsPass() throws Exception {
        write("V1__accounts.sql", "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT);\n"
                + "CREATE TABLE notes (id INTEGER, body TEXT);");
        write("V2__audit.sql", "CREATE TABLE audit (id INTEGER);\n"
                + "INSERT INTO audit SELECT id FROM accounts;\n"
                + "CREATE TRIGGER audit_ai AFTER INSERT ON audit BEGIN UPDATE notes SET body = 'gone'; END;\n"
                + "INSERT INTO audit VALUES (2);");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.sqlite"))) {
            execute(c, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)", "CREATE TABLE notes (id INTEGER, body TEXT)",
                    "INSERT INTO accounts VALUES (1, 'Ann')", "INSERT INTO notes VALUES (1, 'keep')");
            assertNull(heal(SqliteDialect.create(), c, null, "audit"));
            assertEquals(List.of("1|Ann"), rows(c, "SELECT * FROM accounts"));
            assertEquals(List.of("1|keep"), rows(c, "SELECT * FROM notes"));
            assertEquals(List.of("1"), rows(c, "SELECT * FROM audit"), "the seed that only reads live rows ran");
            String h = history(c, "audit");
            assertTrue(h.contains("applied V2__audit.sql:2") && h.contains("applied V2__audit.sql:3"), h);
            assertTrue(h.contains("skipped V2__audit.sql:4") && h.contains("rows of notes"), h);
            assertEquals(List.of(), rows(c, "SELECT name FROM sqlite_temp_master"), "the watch's triggers are gone");
        }
    }
}
