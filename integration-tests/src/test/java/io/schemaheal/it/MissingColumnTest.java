package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import io.schemaheal.demo.AgentOsDemo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The other common drift: a table in an older shape, missing a column that a later migration added. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MissingColumnTest {

    @TempDir
    Path dir;
    SqliteDb db;
    String migrations;

    /** The AgentOS schema, but task_audits and chat_messages as an older release created them. */
    @BeforeEach
    void olderShapes() throws Exception {
        Path m = AgentOsDemo.copyMigrations(dir.resolve("migrations"));
        migrations = "filesystem:" + m;
        db = new SqliteDb(dir.resolve("registry.sqlite"));
        for (Path f : Files.list(m).sorted().toList()) {
            RealClients.run(db, f); // migrated by sqlite3, as a deploy would
        }
        db.execute("""
                    DROP TABLE task_audits;
                    CREATE TABLE task_audits (audit_id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, repo_id TEXT,
                        level TEXT DEFAULT 'info', event_type TEXT NOT NULL, payload TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
                    DROP TABLE chat_messages;
                    CREATE TABLE chat_messages (message_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, role TEXT NOT NULL,
                        content TEXT NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
                    INSERT INTO task_audits (task_id, event_type) VALUES ('t1', 'kept');
                    """);
    }

    @AfterEach
    void forget() {
        SqliteDb.forgetManifests();
    }

    @Test
    void aColumnALaterMigrationAddedIsAddedAndNothingElse() throws Exception {
        try (Connection c = db.heal(migrations); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT verdict_id FROM task_audits")) {
            assertTrue(rs.next());
        }
        assertEquals(List.of("audit_id", "task_id", "repo_id", "level", "event_type", "payload", "created_at", "verdict_id"),
                db.columns("task_audits"), "just that column: v05's columns are not needed by this statement");
        assertEquals(1, db.count("SELECT count(*) FROM task_audits WHERE event_type = 'kept'"), "no row lost");
        Map<String, Object> row = db.history().get(0);
        assertEquals("task_audits", row.get("table_name"));
        assertEquals("healed column", row.get("outcome"));
        assertEquals("v11_context_governance.sql", row.get("migrations"));
    }

    @Test
    void anInsertNamingMissingColumnsAndAnAliasedReferenceHealEachColumn() throws Exception {
        try (Connection c = db.heal(migrations); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("INSERT INTO task_audits (task_id, event_type, decision_id, verdict_id) VALUES ('t', 'e', 'd', 'v')"));
            try (ResultSet rs = st.executeQuery("SELECT a.supervisor_processed_at FROM task_audits a WHERE a.verdict_id = 'v'")) {
                assertTrue(rs.next());
            }
        }
        assertTrue(db.columns("task_audits").containsAll(List.of("decision_id", "verdict_id", "supervisor_processed_at")));
        assertEquals(3, db.history().size());
    }

    @Test
    void aColumnDeclaredByTheCreateTableOfAnOlderShapeIsAdded() throws Exception {
        try (Connection c = db.heal(migrations); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO chat_sessions (session_id) VALUES ('s1')");
            assertEquals(1, st.executeUpdate("INSERT INTO chat_messages (message_id, session_id, role, content, metadata) "
                    + "VALUES ('m1', 's1', 'user', 'hi', '{}')"));
        }
        assertEquals(List.of("message_id", "session_id", "role", "content", "created_at", "metadata"), db.columns("chat_messages"));
        assertTrue(db.history().get(0).get("detail").toString().contains("ADD COLUMN metadata TEXT"), db.history().toString());
    }

    private String customMigrations(String... nameAndContent) throws Exception {
        Path m = Files.createDirectories(dir.resolve("custom"));
        for (int i = 0; i < nameAndContent.length; i += 2) {
            Files.writeString(m.resolve(nameAndContent[i]), nameAndContent[i + 1]);
        }
        return "filesystem:" + m;
    }

    @Test
    void anAmbiguousOrDroppedOrUnknownColumnIsNotGuessed() throws Exception {
        String m = customMigrations(
                "v1_base.sql", "CREATE TABLE left_t (id INT); CREATE TABLE right_t (id INT); CREATE TABLE gone (a INT);",
                "v2_shared.sql", "ALTER TABLE left_t ADD COLUMN shared TEXT; ALTER TABLE right_t ADD COLUMN shared TEXT;",
                "v3_b.sql", "ALTER TABLE gone ADD COLUMN b INT;",
                "v4_drop_b.sql", "ALTER TABLE gone DROP COLUMN b;");
        db.execute("CREATE TABLE left_t (id INT); CREATE TABLE right_t (id INT); CREATE TABLE gone (a INT);");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            SQLException ambiguous = assertThrows(SQLException.class,
                    () -> st.executeQuery("SELECT shared FROM left_t JOIN right_t ON left_t.id = right_t.id"));
            assertEquals(0, ambiguous.getSuppressed().length, "two tables could own it: the original exception, untouched");
            SQLException dropped = assertThrows(SQLException.class, () -> st.executeQuery("SELECT b FROM gone"));
            assertEquals(0, dropped.getSuppressed().length);
            SQLException unknown = assertThrows(SQLException.class, () -> st.executeQuery("SELECT nothing FROM left_t"));
            assertEquals(0, unknown.getSuppressed().length);
            // qualified, it is no longer ambiguous
            st.executeQuery("SELECT left_t.shared FROM left_t JOIN right_t ON left_t.id = right_t.id").close();
        }
        assertTrue(db.columns("left_t").contains("shared"));
        assertFalse(db.columns("right_t").contains("shared"));
        assertFalse(db.columns("gone").contains("b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aColumnComesBackWithTheIndexesThatInvolveItAndNoOthers(String kind) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("with-index-" + kind),
                "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80));",
                "V2__users_email.sql", "ALTER TABLE users ADD COLUMN email VARCHAR(120);\n"
                        + "CREATE INDEX idx_users_email ON users(email);",
                "V3__users_name.sql", "CREATE INDEX idx_users_name ON users(name);");
        try (TestDatabase tdb = TestDatabase.open(kind, dir)) {
            // the older shape: no email, and none of the indexes (PostgreSQL and MariaDB drop an index with its column)
            tdb.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80)); INSERT INTO users (id, name) VALUES (1, 'Ann')");
            try (Connection c = tdb.heal(m); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT email FROM users")) {
                assertTrue(rs.next());
            }
            try (Connection c = tdb.raw()) {
                assertEquals(1, indexes(c, kind, "idx_users_email"), "the index on the column came back with it");
                assertEquals(0, indexes(c, kind, "idx_users_name"), "an index that does not involve the column is not this heal's");
                assertEquals(List.of("Ann"), Queries.strings(c, "SELECT name FROM users"), "no row lost");
                assertEquals(List.of("users"), Queries.strings(c, "SELECT table_name FROM schemaheal_history"));
                assertEquals(List.of("healed column"), Queries.strings(c, "SELECT outcome FROM schemaheal_history"));
                assertTrue(Queries.strings(c, "SELECT detail FROM schemaheal_history").get(0)
                        .contains("applied V2__users_email.sql:2 CREATE INDEX idx_users_email"));
            }
        }
    }

    /**
     * {@code doctor --fix} (and heal-on-connect, which runs it) brings back a column the CREATE TABLE declares, as a
     * run-time heal does: a schema dump declares every column there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void doctorFixBringsBackAColumnTheCreateTableDeclares(String kind) throws Exception {
        Path m = dir.resolve("dump-" + kind);
        TestDatabase.migrations(m, "V1__users.sql",
                "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80), email VARCHAR(120));\n");
        try (TestDatabase tdb = TestDatabase.open(kind, dir)) {
            tdb.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80)); INSERT INTO users (id, name) VALUES (1, 'Ann')");
            DoctorTest.Run before = DoctorTest.cli("doctor", "--url", tdb.url(), "--migrations", m.toString());
            assertEquals(1, before.exit(), before.out());
            assertTrue(before.out().contains("email"), before.out());
            DoctorTest.Run fixed = DoctorTest.cli("doctor", "--url", tdb.url(), "--migrations", m.toString(), "--fix");
            assertEquals(0, fixed.exit(), fixed.out() + fixed.err());
            try (Connection c = tdb.raw()) {
                assertEquals(List.of("Ann|null"), Queries.rows(c, "SELECT name, email FROM users"), "the column is back, the row kept");
            }
        }
    }

    /**
     * A statement that names another schema ({@code tenant_b.users}, an alias of it) misses the column there: it is
     * added there, and the session's own {@code users}, which lacks it too, is not touched.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aColumnMissingInAnotherSchemaIsAddedThereAndNowhereElse(String kind) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("tenants-" + kind),
                "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80));",
                "V2__users_email.sql", "ALTER TABLE users ADD COLUMN email VARCHAR(120);");
        try (TestDatabase own = TestDatabase.open(kind, dir); TestDatabase tenant = TestDatabase.open(kind, dir)) {
            String b = ((ServerDb) tenant).name;
            own.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80))");
            tenant.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80)); INSERT INTO users VALUES (1, 'Ann')");
            try (Connection c = own.heal(m); Statement st = c.createStatement()) {
                assertEquals(List.of("Ann|null"), Queries.rows(c, "SELECT u.name, u.email FROM " + b + ".users u"));
                assertEquals(1, st.executeUpdate("UPDATE " + b + ".users SET email = 'ann@example.com'"));
            }
            assertEquals(List.of("id", "name", "email"), ((ServerDb) tenant).columns("users"), "added where the statement looked");
            assertEquals(List.of("id", "name"), ((ServerDb) own).columns("users"), "the session's own table is untouched");
        }
    }

    /**
     * PostgreSQL drops a table's constraints with a column they involve: they come back with the column,
     * CHECK and FOREIGN KEY as NOT VALID (the existing rows hold NULL there anyway), a later-dropped one not,
     * one that does not involve the column not (it is still there, untouched). MariaDB adds them as written.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aColumnComesBackWithTheConstraintsThatInvolveIt(String kind) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("with-constraints-" + kind),
                "V1__plans.sql", "CREATE TABLE plans (code VARCHAR(20) PRIMARY KEY);",
                "V2__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80), age INT, "
                        + "CONSTRAINT users_age_adult CHECK (age >= 18));",
                "V3__users_plan.sql", "ALTER TABLE users ADD COLUMN plan VARCHAR(20);\n"
                        + "ALTER TABLE users ADD CONSTRAINT users_plan_known CHECK (plan IN ('free', 'pro'));\n"
                        + "ALTER TABLE users ADD CONSTRAINT users_plan_fk FOREIGN KEY (plan) REFERENCES plans (code);\n"
                        + "ALTER TABLE users ADD CONSTRAINT users_name_plan UNIQUE (name, plan);\n"
                        + "ALTER TABLE users ADD CONSTRAINT users_plan_old CHECK (plan <> 'legacy');",
                "V4__drop_old.sql", "ALTER TABLE users DROP CONSTRAINT users_plan_old;");
        try (TestDatabase tdb = TestDatabase.open(kind, dir)) {
            // the older shape: the plan column and what involves it are gone; the age check is still there
            tdb.execute("CREATE TABLE plans (code VARCHAR(20) PRIMARY KEY)");
            tdb.execute("INSERT INTO plans (code) VALUES ('free')");
            tdb.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80), age INT, "
                    + "CONSTRAINT users_age_adult CHECK (age >= 18))");
            tdb.execute("INSERT INTO users (id, name, age) VALUES (1, 'Ann', 30)");
            try (Connection c = tdb.heal(m); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE users SET plan = 'free' WHERE id = 1");
                SQLException unknownPlan = assertThrows(SQLException.class,
                        () -> st.executeUpdate("UPDATE users SET plan = 'gold' WHERE id = 1"));
                assertTrue(unknownPlan.getSQLState().startsWith("23") || unknownPlan.getErrorCode() == 4025
                        || unknownPlan.getErrorCode() == 1452, "the check or the foreign key holds again: " + unknownPlan);
            }
            try (Connection c = tdb.raw()) {
                List<String> constraints = Queries.strings(c, kind.equals("postgresql")
                        ? "SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype <> 'p' ORDER BY 1"
                        : "SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = DATABASE() "
                        + "AND table_name = 'users' AND constraint_type <> 'PRIMARY KEY' ORDER BY 1");
                assertEquals(List.of("users_age_adult", "users_name_plan", "users_plan_fk", "users_plan_known"), constraints,
                        "users_plan_old was dropped by V4, so it stays away");
                assertTrue(Queries.strings(c, "SELECT detail FROM schemaheal_history").get(0)
                        .contains("ADD CONSTRAINT users_plan_known CHECK"), "named in the history row");
            }
        }
    }

    /**
     * A trigger on the column ({@code UPDATE OF email}) goes with it (PostgreSQL drops it; SQLite cannot drop
     * a column a trigger uses, so an older shape never had it): it comes back with the column, after the
     * function it runs when that is missing too; a trigger that does not involve the column does not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aColumnComesBackWithTheTriggersThatInvolveIt(String kind) throws Exception {
        boolean pg = kind.equals("postgresql");
        String m = TestDatabase.migrations(dir.resolve("with-trigger-" + kind),
                "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80));",
                "V2__users_email.sql", "ALTER TABLE users ADD COLUMN email VARCHAR(120);\n" + (pg
                        ? "CREATE FUNCTION users_email_lower() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "NEW.email := lower(NEW.email); RETURN NEW; END $$;\n"
                        + "CREATE TRIGGER trg_users_email BEFORE INSERT OR UPDATE OF email ON users FOR EACH ROW "
                        + "EXECUTE FUNCTION users_email_lower();"
                        : "CREATE TRIGGER trg_users_email AFTER UPDATE OF email ON users BEGIN "
                        + "UPDATE users SET email = lower(NEW.email) WHERE id = NEW.id; END;"),
                "V3__users_name.sql", pg
                        ? "CREATE FUNCTION users_name_trim() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "NEW.name := trim(NEW.name); RETURN NEW; END $$;\n"
                        + "CREATE TRIGGER trg_users_name BEFORE UPDATE OF name ON users FOR EACH ROW EXECUTE FUNCTION users_name_trim();"
                        : "CREATE TRIGGER trg_users_name AFTER UPDATE OF name ON users BEGIN "
                        + "UPDATE users SET name = trim(NEW.name) WHERE id = NEW.id; END;");
        try (TestDatabase tdb = TestDatabase.open(kind, dir)) {
            // the older shape: no email and no trigger on it (PostgreSQL: its function is missing too), no name trigger
            tdb.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80))");
            tdb.execute("INSERT INTO users (id, name) VALUES (1, 'Ann')");
            try (Connection c = tdb.heal(m); Statement st = c.createStatement()) {
                // (sqlite-jdbc counts the rows the trigger changed too)
                assertTrue(st.executeUpdate("UPDATE users SET email = 'Ann@Example.ORG' WHERE id = 1") >= 1);
            }
            try (Connection c = tdb.raw()) {
                assertEquals(List.of("ann@example.org"), Queries.strings(c, "SELECT email FROM users"),
                        "the trigger on the column came back with it, and ran for the statement run again");
                assertEquals(List.of("trg_users_email"), Queries.strings(c, pg
                        ? "SELECT tgname FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal"
                        : "SELECT name FROM sqlite_master WHERE type = 'trigger'"), "a trigger not on the column is not this heal's");
                String detail = Queries.strings(c, "SELECT detail FROM schemaheal_history").get(0);
                assertTrue(detail.contains("CREATE TRIGGER trg_users_email"), detail);
            }
        }
    }

    /**
     * PostgreSQL drops the views that read a column with it ({@code DROP COLUMN ... CASCADE}), and the views over
     * those: they come back with the column, as the migrations define them; a view that does not read it is left alone.
     */
    @Test
    void aColumnComesBackWithTheViewsThatReadIt() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("with-views"),
                "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80), email VARCHAR(120));",
                "V2__views.sql", "CREATE VIEW user_emails AS SELECT id, email FROM users WHERE email IS NOT NULL;\n"
                        + "CREATE VIEW email_domains AS SELECT id, split_part(email, '@', 2) AS domain FROM user_emails;\n"
                        + "CREATE VIEW user_names AS SELECT id, name FROM users;");
        try (TestDatabase tdb = TestDatabase.open("postgresql", dir)) {
            NothingElseChangesTest.applyAll(tdb, io.schemaheal.manifest.MigrationManifest.build(List.of(m)));
            Map<String, String> migrated = SchemaSnapshot.of(tdb);
            tdb.execute("ALTER TABLE users DROP COLUMN email CASCADE");
            try (Connection c = tdb.heal(m); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO users (id, name, email) VALUES (1, 'Ann', 'ann@example.org')");
            }
            try (Connection c = tdb.raw()) {
                assertEquals(List.of("example.org"), Queries.strings(c, "SELECT domain FROM email_domains"),
                        "both views are back, the one over the other too");
                String detail = Queries.strings(c, "SELECT detail FROM schemaheal_history").get(0);
                assertTrue(detail.contains("CREATE VIEW user_emails") && detail.contains("CREATE VIEW email_domains")
                        && !detail.contains("CREATE VIEW user_names"), detail);
            }
            tdb.execute("DELETE FROM users");
            assertEquals(migrated, SchemaSnapshot.of(tdb), "exactly as migrated");
        }
    }

    private static long indexes(Connection c, String kind, String name) throws SQLException {
        return Queries.count(c, switch (kind) {
            case "sqlite" -> "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?";
            case "postgresql" -> "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?";
            default -> "SELECT count(DISTINCT index_name) FROM information_schema.statistics WHERE table_schema = DATABASE() "
                    + "AND index_name = ?";
        }, name);
    }
}
