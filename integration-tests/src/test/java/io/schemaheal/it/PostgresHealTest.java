package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import io.schemaheal.heal.HealFailedException;
import io.schemaheal.doctor.Doctor;
import io.schemaheal.doctor.DoctorReport;
import io.schemaheal.dialect.Dialects;
import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The heal of DESIGN §4 on a real PostgreSQL server, each test in a schema of its own. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresHealTest {

    ServerDb db;
    @TempDir
    Path dir;

    @BeforeEach
    void schema() throws SQLException {
        db = ServerDb.postgres();
    }

    @AfterEach
    void drop() throws SQLException {
        if (db != null) {
            db.close();
        }
        SqliteDb.forgetManifests();
    }

    private void applyUpScripts(String resourceDir) throws Exception {
        Path src = Path.of(getClass().getResource("/" + resourceDir).toURI());
        try (var files = Files.list(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".up.sql")).sorted().toList()) {
                db.execute(Files.readString(f));
            }
        }
    }

    @Test
    void seed004HealsTheForeignKeyChainInOrderAndNeverRunsADownScript() throws Exception {
        applyUpScripts("seed004");
        db.execute("""
                INSERT INTO users (email) VALUES ('a@example.com');
                INSERT INTO squads (creator_id, name) SELECT id, 'squad' FROM users;
                INSERT INTO workflows (squad_id, name) SELECT id, 'flow' FROM squads;
                DROP TABLE human_approvals, execution_steps, executions CASCADE;
                """);
        try (Connection c = db.heal("classpath:seed004"); Statement st = c.createStatement()) {
            // one application statement that needs all three tables
            st.executeUpdate("INSERT INTO human_approvals (execution_id, step_id, token, expires_at) "
                    + "SELECT e.id, s.id, 'tok-' || s.id, now() + interval '1 day' "
                    + "FROM executions e JOIN execution_steps s ON s.execution_id = e.id");
            st.executeUpdate("INSERT INTO executions (workflow_id, user_id) SELECT w.id, u.id FROM workflows w, users u");
            st.executeUpdate("INSERT INTO execution_steps (execution_id, node_id, node_type) SELECT id, 'n1', 'llm' FROM executions");
            assertEquals(1, st.executeUpdate("INSERT INTO human_approvals (execution_id, step_id, token, expires_at) "
                    + "SELECT e.id, s.id, 'tok', now() + interval '1 day' FROM executions e JOIN execution_steps s ON s.execution_id = e.id"));
            SQLException check = assertThrows(SQLException.class,
                    () -> st.executeUpdate("UPDATE human_approvals SET status = 'maybe'"));
            assertEquals("23514", check.getSQLState(), "the CHECK constraint came back");
        }
        assertEquals(List.of("executions", "execution_steps", "human_approvals"), db.historyTables());
        for (String t : List.of("users", "agents", "agent_versions", "squads", "workflows", "workflow_templates")) {
            assertTrue(db.hasTable(t), t + " is still there: no down script ran");
        }
        assertEquals(1, db.count("SELECT count(*) FROM workflows"));
        assertEquals(List.of("idx_executions_status", "idx_executions_user", "idx_executions_workflow"),
                db.strings("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'executions' "
                        + "AND indexname LIKE 'idx%' ORDER BY 1"));
    }

    private String chatMigrations() throws Exception {
        Path m = Files.createDirectories(dir.resolve("chat"));
        Files.writeString(m.resolve("V1__tasks.sql"), "CREATE TABLE tasks (task_id TEXT PRIMARY KEY, title TEXT NOT NULL);");
        Files.writeString(m.resolve("V2__chat.sql"), """
                CREATE TABLE IF NOT EXISTS chat_messages (
                  id SERIAL PRIMARY KEY,
                  session_id TEXT NOT NULL,
                  content TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS idx_chat_session ON chat_messages(session_id);
                """);
        db.execute("CREATE TABLE tasks (task_id TEXT PRIMARY KEY, title TEXT NOT NULL)");
        return "filesystem:" + m;
    }

    /**
     * A parent dropped with CASCADE takes the foreign keys its children declared with it. The heal brings them
     * back, NOT VALID (the children's rows, which may point at users that are gone, are not checked or
     * touched), and says so in the history row; a key a later migration dropped stays dropped.
     */
    @Test
    void aParentDroppedWithCascadeComesBackWithItsChildrensForeignKeys() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("cascade"),
                "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name TEXT);",
                "V2__orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT NOT NULL REFERENCES users(id) "
                        + "ON DELETE CASCADE, total INT);",
                "V3__invoices.sql", "CREATE TABLE invoices (id INT PRIMARY KEY, user_id INT);\n"
                        + "ALTER TABLE invoices ADD CONSTRAINT invoices_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
                "V4__notes.sql", "CREATE TABLE notes (id INT PRIMARY KEY, user_id INT REFERENCES users(id));\n"
                        + "ALTER TABLE notes DROP CONSTRAINT notes_user_id_fkey;");
        NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of(m)));
        db.execute("INSERT INTO users (id, name) VALUES (1, 'Ann')");
        db.execute("INSERT INTO orders (id, user_id, total) VALUES (1, 1, 30)");
        db.execute("INSERT INTO invoices (id, user_id) VALUES (1, 1)");
        db.execute("DROP TABLE users CASCADE");
        assertEquals(0, db.count("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = "
                + "current_schema()::regnamespace"), "CASCADE took the children's foreign keys");
        assertEquals(List.of("foreign key invoices(user_id) -> users", "foreign key orders(user_id) -> users", "table users"),
                missingForeignKeysAndTables(m), "the doctor reports the lost keys with the table");

        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeQuery("SELECT count(*) FROM users").close();
            SQLException orphan = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (2, 42, 1)"));
            assertEquals("23503", orphan.getSQLState(), "the foreign key holds for new rows again");
        }
        assertEquals(List.of("invoices.invoices_user_fk NOT VALID", "orders.orders_user_id_fkey NOT VALID"),
                db.strings("SELECT conrelid::regclass::text || '.' || conname || CASE WHEN convalidated THEN '' ELSE "
                        + "' NOT VALID' END FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace "
                        + "ORDER BY 1"), "each child's key as its migration declared it; notes' key was dropped by V4");
        assertEquals("CASCADE", db.strings("SELECT CASE confdeltype WHEN 'c' THEN 'CASCADE' ELSE confdeltype::text END "
                + "FROM pg_constraint WHERE conname = 'orders_user_id_fkey'").get(0), "with its ON DELETE action");
        assertEquals(1, db.count("SELECT count(*) FROM orders WHERE user_id = 1"), "the children's rows are untouched");
        assertEquals(List.of(), missingForeignKeysAndTables(m), "the doctor finds them back");
        List<String> notices = doctorNotices(m);
        assertEquals(2, notices.size(), notices.toString());
        assertTrue(notices.get(0).startsWith("foreign key orders(user_id) -> users is NOT VALID")
                && notices.get(0).endsWith("VALIDATE CONSTRAINT orders_user_id_fkey"), notices.get(0));
        assertTrue(notices.get(1).startsWith("foreign key invoices(user_id) -> users is NOT VALID")
                && notices.get(1).endsWith("VALIDATE CONSTRAINT invoices_user_fk"), notices.get(1));
        assertEquals(1, db.count("SELECT count(*) FROM schemaheal_history WHERE table_name = 'users' AND outcome = 'healed' "
                + "AND detail LIKE '%ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE NOT VALID%' "
                + "AND detail LIKE '%invoices_user_fk%'"), "the history row says what was added back");
    }

    /**
     * A function the migrations qualify with another schema ({@code public.f}) is looked for there, not on the
     * heal's search path: an existing one is never replaced by the heal's {@code CREATE OR REPLACE}.
     */
    @Test
    void aSchemaQualifiedFunctionThatExistsIsNotReplaced() throws Exception {
        String fn = "sh_fn_" + db.name.substring(3);
        String m = TestDatabase.migrations(dir.resolve("fn"), "V1__t.sql",
                "CREATE OR REPLACE FUNCTION public." + fn + "() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\n"
                        + "CREATE TABLE t (x int DEFAULT public." + fn + "());");
        db.execute("CREATE FUNCTION public." + fn + "() RETURNS int AS $$ SELECT 2 $$ LANGUAGE sql");
        try {
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO t DEFAULT VALUES");
            }
            assertEquals(List.of("2"), db.strings("SELECT x::text FROM t"), "the existing public function was not replaced");
        } finally {
            db.execute("DROP TABLE IF EXISTS t; DROP FUNCTION public." + fn + "()");
        }
    }

    /**
     * An enum type a later migration gave more values ({@code ALTER TYPE ... ADD VALUE}): a table healed with its
     * type gets the type with every value, in order; where the type was still there, the heal adds nothing to it
     * and says so.
     */
    @Test
    void anEnumTypeComesBackWithTheValuesLaterMigrationsAddedAndAnExistingOneIsLeftAlone() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("enum"),
                "V1__mood.sql", "CREATE TYPE mood AS ENUM ('sad', 'ok');",
                "V2__people.sql", "CREATE TABLE people (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'ok');",
                "V3__more_moods.sql", "ALTER TYPE mood ADD VALUE 'happy';\n"
                        + "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm' BEFORE 'ok';");
        applyAll(m);
        db.execute("DROP TABLE people; DROP TYPE mood");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO people (id, m) VALUES (1, 'happy')");
        }
        assertEquals(List.of("{sad,calm,ok,happy}"), db.strings("SELECT enum_range(NULL::mood)::text"));
        assertEquals(List.of("healed"), db.strings("SELECT outcome FROM schemaheal_history"));

        db.execute("DROP TABLE people; DELETE FROM schemaheal_history; ALTER TYPE mood ADD VALUE 'wry'");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO people (id, m) VALUES (1, 'calm')");
        }
        assertEquals(List.of("{sad,calm,ok,happy,wry}"), db.strings("SELECT enum_range(NULL::mood)::text"),
                "the type that was there is as it was");
        String detail = db.strings("SELECT detail FROM schemaheal_history").get(0);
        assertTrue(detail.contains("adds a value to type mood, which existed before this heal"), detail);
    }

    /**
     * Sequences belong to the table that uses them: a {@code serial} column's sequence altered by a later migration
     * ({@code AS bigint MAXVALUE ...}), and a sequence of its own named in a string, as pg_dump writes it
     * ({@code ALTER TABLE ONLY ... SET DEFAULT nextval('public.x_seq'::regclass)}, {@code OWNED BY}), come back as the
     * migrations left them. A sequence that was there is never altered by a heal.
     */
    @Test
    void sequencesComeBackWithTheirTableAsTheMigrationsLeftThem() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("seq"),
                "V1__orders.sql", "CREATE TABLE orders (id serial PRIMARY KEY, total int);",
                "V2__wider_ids.sql", "ALTER SEQUENCE orders_id_seq AS bigint MAXVALUE 9999999999;",
                "V3__invoices.sql", "CREATE SEQUENCE " + db.name + ".invoices_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE "
                        + "NO MAXVALUE CACHE 1;\n"
                        + "CREATE TABLE " + db.name + ".invoices (id integer NOT NULL, no text);\n"
                        + "ALTER SEQUENCE " + db.name + ".invoices_id_seq OWNED BY " + db.name + ".invoices.id;\n"
                        + "ALTER TABLE ONLY " + db.name + ".invoices ALTER COLUMN id SET DEFAULT nextval('" + db.name
                        + ".invoices_id_seq'::regclass);\n"
                        + "ALTER SEQUENCE " + db.name + ".invoices_id_seq MAXVALUE 5000;",
                "V4__shared.sql", "ALTER SEQUENCE shared_seq RESTART WITH 1000;");
        db.execute("CREATE SEQUENCE shared_seq");
        applyAll(m);
        String sequences = "SELECT sequencename || ' ' || data_type || ' ' || max_value || ' ' || coalesce(last_value, 0) "
                + "FROM pg_sequences WHERE schemaname = current_schema() AND sequencename NOT LIKE 'schemaheal%' ORDER BY 1";
        String owners = "SELECT s.relname || ' owned by ' || t.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid "
                + "JOIN pg_class t ON t.oid = d.refobjid WHERE d.deptype = 'a' AND s.relkind = 'S' "
                + "AND s.relnamespace = current_schema()::regnamespace AND s.relname NOT LIKE 'schemaheal%' ORDER BY 1";
        List<String> migratedSequences = db.strings(sequences);
        List<String> migratedOwners = db.strings(owners);
        db.execute("DROP TABLE orders; DROP TABLE invoices; SELECT setval('shared_seq', 7)");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO orders (total) VALUES (1)");
            st.executeUpdate("INSERT INTO invoices (no) VALUES ('A-1')");
        }
        assertEquals(migratedSequences.stream().map(x -> x.replace("shared_seq bigint 9223372036854775807 0",
                        "shared_seq bigint 9223372036854775807 7").replaceAll("(_id_seq \\S+ \\d+) 0", "$1 1")).toList(),
                db.strings(sequences), "types and limits as migrated; shared_seq untouched by the heal (not restarted)");
        assertEquals(migratedOwners, db.strings(owners));
        String detail = String.join("\n", db.strings("SELECT detail FROM schemaheal_history"));
        assertFalse(detail.contains("RESTART"), detail);
    }

    private void applyAll(String location) throws Exception {
        NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of(location)));
    }

    /**
     * {@code doctor --fix} completes an existing table: the missing index comes back, but a missing CHECK on
     * columns the table already had is never added (what it would reject cannot be known), and says so.
     */
    @Test
    void aConstraintOnColumnsThatExistedBeforeIsNeverAddedByACompletion() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("check"),
                "V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY, balance INT);",
                "V2__accounts_rules.sql", "ALTER TABLE accounts ADD CONSTRAINT accounts_positive CHECK (balance >= 0);\n"
                        + "CREATE INDEX idx_accounts_balance ON accounts(balance);");
        db.execute("CREATE TABLE accounts (id INT PRIMARY KEY, balance INT)");
        db.execute("INSERT INTO accounts (id, balance) VALUES (1, -5)");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        io.schemaheal.cli.SchemaHealCli.run(new String[] {"doctor", "--url", db.url, "--migrations", m, "--fix"}, print, print);
        assertEquals(1, db.count("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                + "AND indexname = 'idx_accounts_balance'"), "the missing index came back: " + out);
        assertEquals(0, db.count("SELECT count(*) FROM pg_constraint WHERE conname = 'accounts_positive'"),
                "the check on a column that was already there was not added");
        assertEquals(List.of("-5"), db.strings("SELECT balance::text FROM accounts"), "no row touched");
        assertEquals(1, db.count("SELECT count(*) FROM schemaheal_history WHERE table_name = 'accounts' "
                + "AND detail LIKE '%skipped V2__accounts_rules.sql:1%accounts_positive%'"), "and the history row says so");
    }

    /** What the doctor notices that is not drift (foreign keys added back NOT VALID). */
    private List<String> doctorNotices(String migrations) throws Exception {
        try (Connection c = db.raw()) {
            return new Doctor(c, Dialects.forUrl(db.url), MigrationManifest.build(List.of(migrations)), null).examine(db.url)
                    .notices();
        }
    }

    /** What the doctor finds missing, of tables and foreign keys ("kind name"), sorted. */
    private List<String> missingForeignKeysAndTables(String migrations) throws Exception {
        try (Connection c = db.raw()) {
            DoctorReport report = new Doctor(c, Dialects.forUrl(db.url), MigrationManifest.build(List.of(migrations)), null)
                    .examine(db.url);
            return report.migrations().stream().flatMap(s -> s.missing().stream())
                    .filter(o -> o.kind().equals("foreign key") || o.kind().equals("table"))
                    .map(o -> o.kind() + " " + o.name()).sorted().toList();
        }
    }

    @Test
    void insideATransactionTheEarlierWritesSurviveAndCommitKeepsAll() throws Exception {
        String m = chatMigrations();
        try (Connection c = db.heal(m)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO tasks VALUES ('t1', 'earlier write')");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_messages (session_id, content) VALUES (?, ?)")) {
                    ps.setString(1, "s1");
                    ps.setString(2, "hello");
                    assertEquals(1, ps.executeUpdate());
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM tasks")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "the earlier write is still in the transaction");
                }
            }
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
            c.commit();
        }
        assertEquals(1, db.count("SELECT count(*) FROM tasks"));
        assertEquals(1, db.count("SELECT count(*) FROM chat_messages"));
        assertEquals(List.of("chat_messages"), db.historyTables());
    }

    @Test
    void aHealInsideATransactionIsPartOfItARollbackTakesItAndTheNextStatementHealsAgain() throws Exception {
        String m = chatMigrations();
        try (Connection c = db.heal(m)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO tasks VALUES ('t1', 'earlier write')");
                st.executeUpdate("INSERT INTO chat_messages (session_id, content) VALUES ('s1', 'hello')");
            }
            c.rollback();
            assertEquals(0, db.count("SELECT count(*) FROM tasks"));
            assertFalse(db.hasTable("chat_messages"), "the heal ran in the application's transaction, and went with it");
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO chat_messages (session_id, content) VALUES ('s1', 'hello')");
            }
            c.commit();
        }
        assertEquals(1, db.count("SELECT count(*) FROM chat_messages"));
        assertEquals(List.of("chat_messages"), db.historyTables(), "the history row of the heal that was kept");
    }

    /** Runs {@code query} twice, each in a transaction of its own: it heals, then it is known to work (no savepoint). */
    private static void makeKnownGood(Connection c, String query) throws SQLException {
        for (int i = 0; i < 2; i++) {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                ps.setString(1, "s");
                ps.executeQuery().close();
            }
            c.commit();
        }
    }

    /**
     * A statement known to work runs without a savepoint, so its failure aborts the transaction. When it was the first
     * statement of its transaction, the application had nothing in that transaction to lose: it is rolled back, the
     * table heals, and the statement runs again in a new transaction, which the application goes on using — read-write,
     * and read-only (where the heal runs on a connection of its own, and the transaction stays read-only).
     */
    @Test
    void aKnownGoodStatementThatBeginsItsTransactionHealsInANewTransaction() throws Exception {
        String m = chatMigrations();
        String query = "SELECT count(*) FROM chat_messages WHERE session_id = ?";
        try (Connection c = db.heal(m)) {
            c.setAutoCommit(false);
            makeKnownGood(c, query);
            for (boolean readOnly : new boolean[] {false, true}) {
                db.execute("DROP TABLE chat_messages"); // drift after start-up
                c.setReadOnly(readOnly);
                try (PreparedStatement ps = c.prepareStatement(query)) {
                    ps.setString(1, "s");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(0, rs.getInt(1), "the first statement of the transaction healed and ran again");
                    }
                }
                try (Statement st = c.createStatement()) {
                    if (readOnly) {
                        SQLException e = assertThrows(SQLException.class,
                                () -> st.executeUpdate("INSERT INTO tasks VALUES ('t2', 'a write')"));
                        assertEquals("25006", e.getSQLState(), "the new transaction is read-only too: " + e.getMessage());
                    } else {
                        assertEquals(1, st.executeUpdate("INSERT INTO tasks VALUES ('t1', 'the same transaction goes on')"));
                    }
                }
                if (readOnly) {
                    c.rollback();
                } else {
                    c.commit();
                }
                c.setReadOnly(false);
            }
        }
        assertEquals(1, db.count("SELECT count(*) FROM tasks"), "the read-write transaction's write was committed");
        assertEquals(List.of("chat_messages", "chat_messages", "chat_messages"), db.historyTables());
    }

    /**
     * The same failure after the application did something in its transaction (a write, or a savepoint of its own) is
     * not healed: the transaction is the application's, it stays aborted (SchemaHeal never rolls it back), the caller
     * gets the original exception saying so; the next transaction runs the statement under a guard, and it heals there.
     */
    @Test
    void aKnownGoodStatementAfterOtherWorkInItsTransactionLeavesTheTransactionAborted() throws Exception {
        String m = chatMigrations();
        String query = "SELECT count(*) FROM chat_messages WHERE session_id = ?";
        try (Connection c = db.heal(m)) {
            c.setAutoCommit(false);
            for (String earlier : List.of("a write", "a savepoint")) {
                makeKnownGood(c, query);
                db.execute("DROP TABLE chat_messages");
                if (earlier.equals("a write")) {
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate("INSERT INTO tasks VALUES ('t1', 'earlier write')");
                    }
                } else {
                    c.setSavepoint();
                }
                try (PreparedStatement ps = c.prepareStatement(query)) {
                    ps.setString(1, "s");
                    SQLException e = assertThrows(SQLException.class, ps::executeQuery);
                    assertEquals("42P01", e.getSQLState(), "the original exception");
                    assertTrue(e.getSuppressed()[0] instanceof HealFailedException);
                    assertTrue(e.getSuppressed()[0].getMessage().contains("aborted this transaction"), e.getSuppressed()[0].getMessage());
                }
                try (Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT 1"));
                    assertEquals("25P02", e.getSQLState(), earlier + ": the transaction is still the aborted one");
                }
                c.rollback();
                assertFalse(db.hasTable("chat_messages"), "no heal for a session that can no longer be asked where it looked");
                try (PreparedStatement ps = c.prepareStatement(query)) {
                    ps.setString(1, "s");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(0, rs.getInt(1), "the next transaction runs it under a guard again, and it heals there");
                    }
                }
                c.commit();
            }
        }
        assertEquals(0, db.count("SELECT count(*) FROM tasks"), "the aborted transaction's write was never committed");
        assertEquals(List.of("chat_messages", "chat_messages", "chat_messages"), db.historyTables());
    }

    @Test
    void qualifiedQuotedAndSearchPathNames() throws Exception {
        String other = db.name + "_audit";
        db.execute("CREATE SCHEMA " + other);
        try {
            Path m = Files.createDirectories(dir.resolve("names"));
            Files.writeString(m.resolve("V1__names.sql"), """
                    CREATE TABLE "ChatLog" ("Id" INT PRIMARY KEY, "Body" TEXT);
                    CREATE TABLE %s.events (id INT PRIMARY KEY, what TEXT);
                    CREATE TABLE plain_table (id INT);
                    """.formatted(other));
            try (Connection c = db.heal("filesystem:" + m); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO \"ChatLog\" (\"Id\", \"Body\") VALUES (1, 'x')"));
                assertEquals(1, st.executeUpdate("INSERT INTO " + other + ".events VALUES (1, 'y')"));
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM PLAIN_TABLE")) { // folded to plain_table
                    rs.next();
                    assertEquals(0, rs.getInt(1));
                }
            }
            assertEquals(1, db.count("SELECT count(*) FROM \"ChatLog\""));
            assertEquals(1, db.count("SELECT count(*) FROM " + other + ".events"));
            assertFalse(db.hasTable("chatlog"), "the quoted name kept its case");
            assertEquals(List.of("ChatLog", other + ".events", "plain_table"), db.historyTables(),
                    "a qualified name is recorded with its schema, a quoted one as it is named");
        } finally {
            db.execute("DROP SCHEMA " + other + " CASCADE");
        }
    }

    @Test
    void aTableNotInTheMigrationsGivesTheOriginalExceptionAndTheTransactionGoesOn() throws Exception {
        String m = chatMigrations();
        try (Connection c = db.heal(m)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO tasks VALUES ('t1', 'kept')");
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM nowhere_" + UUID.randomUUID().toString().substring(0, 4)));
                assertEquals("42P01", e.getSQLState());
                assertEquals(0, e.getSuppressed().length);
                st.executeUpdate("INSERT INTO tasks VALUES ('t2', 'the savepoint kept the transaction usable')");
            }
            c.commit();
        }
        assertEquals(2, db.count("SELECT count(*) FROM tasks"));
    }

    @Test
    void anApplicationAccountWithoutDdlRightsHealsThroughTheHealUser() throws Exception {
        String m = chatMigrations();
        String app = db.name + "_app";
        db.execute("CREATE ROLE " + app + " LOGIN; "
                + "GRANT USAGE ON SCHEMA " + db.name + " TO " + app + "; "
                + "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA " + db.name + " TO " + app + "; "
                // what an operator sets up once: tables the heal user creates are usable by the application
                + "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA " + db.name + " GRANT ALL ON TABLES TO " + app + "; "
                + "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA " + db.name + " GRANT ALL ON SEQUENCES TO " + app);
        String appUrl = db.url.replace("user=postgres", "user=" + app);
        try {
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:heal:" + appUrl.substring("jdbc:".length()),
                    props("schemaheal.migrations", m)); Statement st = c.createStatement()) {
                SQLException denied = assertThrows(SQLException.class,
                        () -> st.executeUpdate("INSERT INTO chat_messages (session_id, content) VALUES ('s', 'x')"));
                assertEquals("42P01", denied.getSQLState(), "the original exception");
                assertTrue(denied.getSuppressed()[0].getMessage().contains("permission denied"), denied.getSuppressed()[0].getMessage());
            }
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:heal:" + appUrl.substring("jdbc:".length()),
                    props("schemaheal.migrations", m, "schemaheal.heal-user", "postgres")); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO chat_messages (session_id, content) VALUES ('s', 'x')"));
            }
            assertEquals(1, db.count("SELECT count(*) FROM chat_messages"));
            assertEquals("postgres", db.strings("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                    + "AND tablename = 'chat_messages'").get(0), "created by the heal user");
        } finally {
            db.execute("DROP OWNED BY " + app + "; DROP ROLE " + app);
        }
    }

    @Test
    void aMissingColumnHealsInsideATransactionThroughAnAlias() throws Exception {
        String m = chatMigrations();
        Files.writeString(dir.resolve("chat/V3__metadata.sql"), "ALTER TABLE chat_messages ADD COLUMN IF NOT EXISTS metadata JSONB;");
        db.execute("CREATE TABLE chat_messages (id SERIAL PRIMARY KEY, session_id TEXT NOT NULL, content TEXT NOT NULL)");
        try (Connection c = db.heal(m)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO tasks VALUES ('t1', 'earlier write')");
                try (ResultSet rs = st.executeQuery("SELECT m.metadata FROM chat_messages m WHERE m.session_id = 's'")) {
                    assertFalse(rs.next());
                }
                st.executeUpdate("INSERT INTO chat_messages (session_id, content, metadata) VALUES ('s', 'x', '{}')");
            }
            c.commit();
        }
        assertEquals(List.of("id", "session_id", "content", "metadata"), db.columns("chat_messages"));
        assertEquals(1, db.count("SELECT count(*) FROM tasks"));
        assertEquals(List.of("chat_messages"), db.strings("SELECT table_name FROM schemaheal_history WHERE outcome = 'healed column'"));
    }

    @Test
    void aBatchWhoseProgressTheDriverCannotTellIsHealedButNotRunTwice() throws Exception {
        String m = chatMigrations();
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO tasks VALUES ('t1', 'first')");
            st.addBatch("INSERT INTO chat_messages (session_id, content) VALUES ('s', 'x')");
            SQLException e = assertThrows(SQLException.class, st::executeBatch);
            assertTrue(List.of(e.getSuppressed()).stream().anyMatch(x -> x.getMessage().contains("run the batch again")),
                    List.of(e.getSuppressed()).toString());
            long tasks = db.count("SELECT count(*) FROM tasks");
            assertTrue(tasks <= 1, "nothing ran twice");
            st.addBatch("INSERT INTO chat_messages (session_id, content) VALUES ('s', 'again')");
            assertEquals(1, st.executeBatch().length, "the table was healed: the application's next attempt works");
        }
        assertTrue(db.hasTable("chat_messages"));
        assertEquals(List.of("chat_messages"), db.historyTables());
    }

    private static java.util.Properties props(String... kv) {
        java.util.Properties p = new java.util.Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }
}
