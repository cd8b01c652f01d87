package io.schemaheal.it;

import io.schemaheal.heal.HealFailedException;
import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A heal never changes what it did not create, and acts as nobody else: each way that promise was
 * broken, rebuilt on the real database it broke on, asserting what the application and its operator see.
 * The attack migration sets are in test resources {@code attacks/}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SafetyTest extends MigrationSetTest {

    /** The attack set of a database kind, applied in full with its rows. */
    private static String attacked(TestDatabase db) throws Exception {
        Path set = NothingElseChangesTest.resource("attacks/" + db.kind());
        NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of("filesystem:" + set)));
        db.execute(Files.readString(set.resolveSibling(db.kind() + "-rows.sql")));
        return "filesystem:" + set;
    }

    /** A name no other test run uses: for roles and users, which live outside the test's schema. */
    static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** Runs {@code sql} through SchemaHeal; returns the application's exception, or null when it succeeded. */
    private static SQLException query(TestDatabase db, String migrations, String sql) throws SQLException {
        try (Connection c = db.heal(migrations); Statement st = c.createStatement()) {
            st.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static List<String> strings(TestDatabase db, String sql, Object... args) throws SQLException {
        try (Connection c = db.raw()) {
            return Queries.strings(c, sql, args);
        }
    }

    private static String historyDetail(TestDatabase db, String table) throws SQLException {
        return String.join("\n", strings(db, "SELECT outcome || ': ' || detail FROM schemaheal_history WHERE table_name = ?"
                .replace("outcome || ': ' || detail", db.kind().equals("mariadb") ? "CONCAT(outcome, ': ', detail)"
                        : "outcome || ': ' || detail"), table));
    }

    // 1. A table rename replayed onto a live table

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aRenameIsNeverReplayedOntoALiveTable(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = attacked(db);
            db.dropTable("legacy_accounts");
            Map<String, String> before = SchemaSnapshot.of(db);

            SQLException e = query(db, m, "SELECT * FROM legacy_accounts");
            assertTrue(e != null && !(e instanceof HealFailedException), "the application gets its own exception");
            assertTrue(e.getMessage().toLowerCase().contains("legacy_accounts"), e.getMessage());
            HealFailedException why = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0]);
            assertTrue(why.getMessage().contains("V2__archive_accounts.sql") && why.getMessage().contains("renames the table"),
                    why.getMessage());

            assertEquals(before.get("accounts"), SchemaSnapshot.of(db).get("accounts"), "the live accounts, row for row");
            assertEquals(List.of("Ann", "Bob"), strings(db, "SELECT name FROM accounts ORDER BY id"));
            assertFalse(SchemaSnapshot.of(db).containsKey("legacy_accounts"), "nothing half-made is left");
            assertTrue(historyDetail(db, "legacy_accounts").startsWith("refused: skipped V2__archive_accounts.sql:2"),
                    historyDetail(db, "legacy_accounts"));
        }
    }

    // 2. History replayed onto an existing table (MariaDB completes the parents a heal needs)

    @Test
    void healingAChildNeverReplaysItsParentsHistory() throws Exception {
        try (TestDatabase db = TestDatabase.open("mariadb", dir)) {
            String m = attacked(db);
            db.execute("ALTER TABLE users DROP COLUMN note_count"); // something the end state has and the parent lacks
            List<String> names = strings(db, "SELECT full_name FROM users ORDER BY id");
            db.dropTable("orders");
            assertEquals(null, query(db, m, "SELECT * FROM orders"));

            assertEquals(3, names.size());
            assertEquals(names, strings(db, "SELECT full_name FROM users ORDER BY id"),
                    "CHANGE name full_name was not replayed: the values are there");
            assertEquals(List.of("id", "full_name", "visits", "note_count"),
                    strings(db, "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
                            + "AND table_name = 'users' ORDER BY ordinal_position"), "only the missing column was added");
            assertEquals(List.of(), strings(db, "SELECT index_name FROM information_schema.statistics "
                    + "WHERE table_schema = DATABASE() AND index_name = 'uq_users_name'"), "the dropped unique index stays dropped");
            String detail = historyDetail(db, "users");
            assertTrue(detail.contains("skipped V5__users_full_name.sql:2 ALTER TABLE users CHANGE name full_name")
                    && detail.contains("existed before this heal"), detail);
        }
    }

    // 3. Rows deleted by a PostgreSQL DO block whose delete is dynamic or inside a function

    @Test
    void aBlockWhoseEffectsCannotBeReadNeverRuns() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String m = attacked(db);
            db.dropTable("audit_log");
            assertEquals(null, query(db, m, "SELECT * FROM audit_log"));

            assertEquals(List.of("1 true", "2 false"), strings(db, "SELECT id || ' ' || expired FROM sessions ORDER BY id"),
                    "no session was deleted");
            assertEquals(List.of("3 created"), strings(db, "SELECT id || ' ' || what FROM audit_log"),
                    "the block that only writes the new table ran");
            String detail = historyDetail(db, "audit_log");
            assertTrue(detail.contains("V10__audit_log.sql:3") && detail.contains("dynamic SQL"), detail);
            assertTrue(detail.contains("V10__audit_log.sql:9") && detail.contains("it writes sessions"), detail);
        }
    }

    // 4. A column dropped from a table of the same name in another schema

    @Test
    void namesAreComparedWithTheirSchema() throws Exception {
        try (ServerDb db = ServerDb.postgres()) {
            String audit = db.name + "_audit";
            db.execute("CREATE SCHEMA " + audit);
            try {
                Path m = Files.createDirectories(dir.resolve("schemas"));
                Files.writeString(m.resolve("V1__events.sql"), "CREATE TABLE events (id INT PRIMARY KEY, payload TEXT);");
                Files.writeString(m.resolve("V2__audit_events.sql"), "CREATE TABLE " + audit + ".events (id INT PRIMARY KEY, payload TEXT);");
                Files.writeString(m.resolve("V3__audit_slim.sql"), "ALTER TABLE " + audit + ".events DROP COLUMN payload;");
                db.execute("CREATE TABLE events (id INT PRIMARY KEY, payload TEXT); INSERT INTO events VALUES (1, 'kept')");

                assertEquals(null, query(db, "filesystem:" + m, "SELECT * FROM " + audit + ".events"));
                assertEquals(List.of("id"), db.strings("SELECT column_name FROM information_schema.columns "
                        + "WHERE table_schema = ? AND table_name = 'events'", audit), "the audit table as its migrations leave it");
                assertEquals(List.of("id", "payload"), db.columns("events"), "the other schema's events is untouched");
                assertEquals(List.of("kept"), db.strings("SELECT payload FROM events"));
            } finally {
                db.execute("DROP SCHEMA " + audit + " CASCADE");
            }
        }
    }

    // 5. Existing rows changed by seed data: a comma join, a trigger the same heal created

    @Test
    void seedDataNeverWritesAnExistingTable() throws Exception {
        try (TestDatabase db = TestDatabase.open("mariadb", dir)) {
            String m = attacked(db);
            List<String> users = strings(db, "SELECT CONCAT(id, ' ', full_name, ' ', visits) FROM users ORDER BY id");
            db.dropTable("profiles");
            db.dropTable("visits");
            assertEquals(null, query(db, m, "SELECT * FROM profiles"));
            assertEquals(null, query(db, m, "SELECT * FROM visits"));

            assertEquals(users, strings(db, "SELECT CONCAT(id, ' ', full_name, ' ', visits) FROM users ORDER BY id"),
                    "users, row for row");
            assertEquals(List.of("1 seed"), strings(db, "SELECT CONCAT(user_id, ' ', name) FROM profiles"),
                    "the seed row of the new table is there");
            assertEquals(List.of(), strings(db, "SELECT user_id FROM visits"),
                    "the seed row whose trigger would update users was not inserted");
            assertTrue(historyDetail(db, "profiles").contains("it writes users, which this heal did not create"),
                    historyDetail(db, "profiles"));
            assertTrue(historyDetail(db, "visits").contains("it writes users"), historyDetail(db, "visits"));
        }
    }

    // 6. The wrong identity under the agent

    @Test
    void underTheAgentAPostgresHealActsAsTheApplicationsOwnRole() throws Exception {
        try (ServerDb db = ServerDb.postgres()) {
            String role = uniqueName("sh_app_");
            String password = "app-Secret-" + role;
            db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "' NOSUPERUSER; "
                    + "GRANT USAGE, CREATE ON SCHEMA " + db.name + " TO " + role);
            try {
                String url = ServerDb.PG_URL.replaceFirst("user=postgres", "user=" + role + "&password=" + password)
                        + "&currentSchema=" + db.name;
                List<String> agent = AgentTest.options("classpath:minicoder/postgres");

                String out = AgentTest.run(agent, 0, "query", url, "SELECT count(*) FROM chat_messages");
                assertTrue(out.contains("query ok"), out);
                assertEquals(List.of(role), db.strings("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                        + "AND tablename = 'chat_messages'"), "the healed table belongs to the application's role");

                db.execute("DROP TABLE chat_messages");
                String inTx = AgentTest.run(agent, 0, "query", url, "SELECT count(*) FROM chat_messages", "in-transaction");
                assertTrue(inTx.contains("query ok"), "inside a transaction it heals on the application's own connection: " + inTx);
                assertEquals(List.of(role), db.strings("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                        + "AND tablename = 'chat_messages'"), "as the application's role, not another account");
                assertFalse((out + inTx).contains(password), "no password in any output: " + out + inTx);
            } finally {
                db.execute("DROP OWNED BY " + role + " CASCADE");
                db.execute("DROP ROLE " + role);
            }
        }
    }

    /**
     * Inside a MariaDB transaction a heal needs a connection of its own (DDL would commit the application's transaction).
     * Under the agent it logs in exactly as the application did (the driver, URL and password seen at connect): the
     * seed {@code CURRENT_USER()} writes proves the account, and no output holds the password. The account has no
     * PROCESS privilege, so MariaDB refuses it {@code innodb_trx}: the seed still runs, judged by the text rules alone.
     */
    @Test
    void underTheAgentAMariaDbHealInsideATransactionLogsInAsTheApplication() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            String user = uniqueName("sh_app_");
            String password = "app-Secret-" + user;
            db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'; "
                    + "GRANT ALL PRIVILEGES ON " + db.name + ".* TO '" + user + "'@'%'");
            try {
                String url = db.url.replaceFirst("user=root&password=", "user=" + user + "&password=" + password);
                String m = TestDatabase.migrations(dir.resolve("who"), "V1__who.sql",
                        "CREATE TABLE who (name VARCHAR(200));\nINSERT INTO who VALUES (CURRENT_USER());\n");
                String inTx = AgentTest.run(AgentTest.options(m), 0, "query", url, "SELECT count(*) FROM who", "in-transaction");
                assertTrue(inTx.contains("query ok"), "inside the transaction it healed on a connection of its own: " + inTx);
                assertEquals(List.of(user + "@%"), db.strings("SELECT name FROM who"), "as the application's account");
                assertFalse(inTx.contains(password), "no password in any output: " + inTx);
                assertTrue(inTx.contains("needs the PROCESS privilege"), "without PROCESS the seed is not observed, and the "
                        + "log says so (MariaDB refuses innodb_trx to the account): " + inTx);
            } finally {
                db.execute("DROP USER '" + user + "'@'%'");
            }
        }
    }

    // 7. Passwords in logs, exceptions, history rows

    @Test
    void noOutputEverContainsAPassword() throws Exception {
        try (ServerDb db = ServerDb.postgres()) {
            String password = "Secret-" + UUID.randomUUID();
            String url = ServerDb.PG_URL + "&password=" + password + "&currentSchema=" + db.name;
            // a setting found wrong at the first connection: the agent logs it once, with the URL it will not heal
            String out = AgentTest.run(AgentTest.options("classpath:minicoder/postgres", "-Dschemaheal.lock-timeout=soon"), 1,
                    "query", url, "SELECT * FROM a");
            assertTrue(out.contains("SchemaHeal agent does not heal") && out.contains("password=***"), out);
            assertFalse(out.contains(password), out);

            // the proxy driver: a heal that fails as a heal-user that cannot log in
            Path m = Files.createDirectories(dir.resolve("ok"));
            Files.writeString(m.resolve("V1__a.sql"), "CREATE TABLE a (x INT);");
            PrintStream stderr = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            SQLException e;
            try (Connection c = db.heal("filesystem:" + m, "schemaheal.heal-user", uniqueName("nobody_"),
                    "schemaheal.heal-password", password)) {
                e = assertThrows(SQLException.class, () -> {
                    try (Statement st = c.createStatement()) {
                        st.executeQuery("SELECT * FROM a");
                    }
                });
            } finally {
                System.setErr(stderr);
            }
            String everything = e + Arrays.stream(e.getSuppressed()).map(Throwable::toString).collect(Collectors.joining())
                    + captured.toString(StandardCharsets.UTF_8);
            assertTrue(e.getSuppressed().length > 0, "the heal failed and says why");
            assertFalse(everything.contains(password), everything);
            // the doctor, human and JSON, on a URL that carries the password
            for (String format : List.of("--fix", "--json")) {
                ByteArrayOutputStream out2 = new ByteArrayOutputStream();
                io.schemaheal.cli.SchemaHealCli.run(new String[] {"doctor", "--url", url, "--migrations", m.toString(), format},
                        new PrintStream(out2, true, StandardCharsets.UTF_8), new PrintStream(out2, true, StandardCharsets.UTF_8));
                String doctor = out2.toString(StandardCharsets.UTF_8);
                assertTrue(doctor.contains("password=***"), doctor);
                assertFalse(doctor.contains(password), doctor);
            }
            assertTrue(db.strings("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                    + "AND table_name = 'schemaheal_history'").isEmpty() || db.strings("SELECT detail FROM schemaheal_history")
                    .stream().noneMatch(d -> d.contains(password)));
        }
    }

    // 8. A read-only transaction is never written through: the heal runs on a connection of its own

    /**
     * Spring Data runs every repository read in a read-only transaction ({@code setReadOnly(true)}); a session can be
     * read-only by its own setting too. Read-only is the application's promise, not the server's: the heal runs on a
     * connection of its own, the read runs again and succeeds, and the application's transaction stays read-only.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aReadOnlyTransactionHealsOnAConnectionOfItsOwnAndStaysReadOnly(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = "classpath:minicoder/" + (kind.equals("postgresql") ? "postgres" : kind);
            try (Connection c = db.heal(m)) {
                c.setReadOnly(true);
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.executeQuery("SELECT * FROM chat_messages").close();
                    if (kind.equals("postgresql")) { // MariaDB's driver takes setReadOnly as a hint for replicas only
                        SQLException write = assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM chat_messages"));
                        assertTrue(write.getMessage().toLowerCase().contains("read-only"), "still read-only: " + write.getMessage());
                    }
                }
                c.rollback();
            }
            // the server's own read-only session, not the driver's flag
            String readOnlySession = kind.equals("postgresql") ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
                    : "SET SESSION TRANSACTION READ ONLY";
            db.dropTable("chat_messages");
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.execute(readOnlySession);
                st.executeQuery("SELECT * FROM chat_messages").close();
            }
            try (Connection c = db.raw()) {
                assertEquals(2, Queries.count(c, "SELECT count(*) FROM schemaheal_history WHERE table_name = 'chat_messages' "
                        + "AND outcome = 'healed'"), "healed each time, outside the read-only transaction");
            }
        }
    }

    // 9. The wrong schema: a heal goes where the failing statement looked

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aHealGoesWhereTheStatementLooked(String kind) throws Exception {
        boolean pg = kind.equals("postgresql");
        try (ServerDb db = (ServerDb) TestDatabase.open(kind, dir)) {
            String a = db.name + "_a";
            String b = db.name + "_b";
            String schema = pg ? "SCHEMA " : "DATABASE ";
            String use = pg ? "SET search_path TO " : "USE ";
            db.execute("CREATE " + schema + a + "; CREATE " + schema + b);
            try {
                String m = "classpath:minicoder/" + (pg ? "postgres" : "mariadb");
                try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                    st.executeQuery("SELECT count(*) FROM " + b + ".chat_messages").close();
                    st.execute(use + a);
                    st.executeQuery("SELECT count(*) FROM chat_messages").close();
                }
                assertEquals(List.of(a, b), tablesNamed(db, "chat_messages"), "one in each schema the statements named");

                db.execute("DROP TABLE " + a + ".chat_messages");
                try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    st.execute(use + a);
                    st.executeUpdate("INSERT INTO chat_messages (session_id, role, content) VALUES ('s', 'user', 'in a')");
                    c.commit();
                    try (ResultSet rs = st.executeQuery(pg ? "SELECT current_schema()" : "SELECT DATABASE()")) {
                        rs.next();
                        assertEquals(a, rs.getString(1), "the application's session still looks where it did");
                    }
                }
                assertEquals(List.of(a, b), tablesNamed(db, "chat_messages"), "inside a transaction too: no stray table");
                assertEquals(1, db.count("SELECT count(*) FROM " + a + ".chat_messages"));
            } finally {
                db.execute("DROP " + schema + a + (pg ? " CASCADE" : "") + "; DROP " + schema + b + (pg ? " CASCADE" : ""));
            }
        }
    }

    private static List<String> tablesNamed(ServerDb db, String table) throws SQLException {
        return db.strings("SELECT table_schema FROM information_schema.tables WHERE table_name = ? "
                + "AND table_schema LIKE ? ORDER BY 1", table, db.name + "%");
    }

    @Test
    void sqliteReadsANameWithASpaceWhole() throws Exception {
        Path m = Files.createDirectories(dir.resolve("spaced"));
        Files.writeString(m.resolve("V1__audit.sql"), "CREATE TABLE audit (id INT);");
        Files.writeString(m.resolve("V2__audit_log.sql"), "CREATE TABLE \"audit log\" (id INT, what TEXT);");
        SqliteDb db = new SqliteDb(dir.resolve("spaced.sqlite"));
        try (Connection c = db.heal(m.toString()); Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM \"audit log\"").close();
        }
        assertTrue(db.has("table", "audit log"));
        assertFalse(db.has("table", "audit"), "not the table whose name is the first word");
    }

    // 10. A migration's secrets in what SchemaHeal writes

    /**
     * A seed that stores passwords (a settings row, a JSON document) and then fails on a duplicate key, whose message
     * from the database names the row's key or values: neither they nor the statements' literals reach the log, the
     * history, or the exception the application gets (its message and every cause and suppressed one). The heal's
     * history row is written where the failed heal leaves one (MariaDB: its DDL had committed).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aMigrationsSecretsReachNoLogHistoryOrMessage(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = TestDatabase.migrations(dir.resolve("m"), "V1__settings.sql",
                    "CREATE TABLE settings (k VARCHAR(40) PRIMARY KEY, v VARCHAR(200));\n"
                            + "INSERT INTO settings VALUES ('smtp.password', 's3cret-Mail-42');\n"
                            + "INSERT INTO settings VALUES ('smtp.password', '{\"password\": \"hunter2-Json\"}');\n");
            SQLException[] failure = new SQLException[1];
            // SchemaHeal's lines (MariaDB Connector/J logs each error the server sends it, whoever ran the statement)
            String log = Stderr.of(() -> failure[0] = query(db, m, "SELECT * FROM settings")).lines()
                    .filter(line -> line.contains("io.schemaheal")).collect(Collectors.joining("\n"));
            assertTrue(failure[0] != null && failure[0].getSuppressed().length == 1, "the seed fails, the application gets its exception");
            assertTrue(log.contains("could not heal settings: ") && log.contains("V1__settings.sql:3"), "the operator reads why: " + log);
            assertTrue(messages(failure[0]).contains("V1__settings.sql:3"), messages(failure[0]));
            // where DDL is transactional the failed heal's history table went with it
            String history;
            try {
                history = historyDetail(db, "settings");
            } catch (SQLException none) {
                history = "";
            }
            String messages = messages(failure[0]);
            for (String secret : List.of("s3cret-Mail-42", "hunter2-Json", "smtp.password")) {
                assertFalse(log.contains(secret), log);
                assertFalse(history.contains(secret), history);
                assertFalse(messages.contains(secret), messages);
            }
        }
    }

    /** The messages of an exception and of all its causes and suppressed ones, a line each. */
    private static String messages(Throwable t) {
        StringBuilder out = new StringBuilder(String.valueOf(t.getMessage())).append('\n');
        for (Throwable s : t.getSuppressed()) {
            out.append(messages(s));
        }
        return t.getCause() == null ? out.toString() : out.append(messages(t.getCause())).toString();
    }
}
