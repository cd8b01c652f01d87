package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import io.schemaheal.demo.AgentOsDemo;
import io.schemaheal.heal.HealFailedException;
import io.schemaheal.heal.HealReason;
import io.schemaheal.jdbc.HealingConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the application sees when SchemaHeal does not or cannot heal: its own error, and a clear reason. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureModesTest {

    @TempDir
    Path dir;
    SqliteDb db;

    @BeforeEach
    void emptyDatabase() {
        db = new SqliteDb(dir.resolve("app.sqlite"));
    }

    @AfterEach
    void forget() {
        SqliteDb.forgetManifests();
    }

    private String migrations(String... nameAndContent) throws Exception {
        return TestDatabase.migrations(dir.resolve("migrations"), nameAndContent);
    }

    private static String rawError(SqliteDb db, String sql) throws SQLException {
        try (Connection c = db.raw(); Statement st = c.createStatement()) {
            return assertThrows(SQLException.class, () -> st.executeQuery(sql)).getMessage();
        }
    }

    @Test
    void aTableTheMigrationsDoNotKnowGivesTheOriginalExceptionUntouched() throws Exception {
        String m = migrations("v1_a.sql", "CREATE TABLE a (x INT);");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM unknown_table"));
            assertEquals(rawError(db, "SELECT * FROM unknown_table"), e.getMessage());
            assertEquals(1, e.getErrorCode());
            assertEquals(0, e.getSuppressed().length);
            assertEquals("org.sqlite.SQLiteException", e.getClass().getName());
        }
        assertFalse(db.has("table", "schemaheal_history"), "nothing written");
    }

    @Test
    void otherErrorsPassThroughUntouched() throws Exception {
        String m = migrations("v1_a.sql", "CREATE TABLE a (x INT NOT NULL);");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            SQLException syntax = assertThrows(SQLException.class, () -> st.execute("SELEC 1"));
            assertEquals(0, syntax.getSuppressed().length);
            st.executeUpdate("INSERT INTO a VALUES (1)"); // heals a
            SQLException notNull = assertThrows(SQLException.class, () -> st.executeUpdate("INSERT INTO a VALUES (NULL)"));
            assertTrue(notNull.getMessage().contains("NOT NULL"), notNull.getMessage());
            assertEquals(0, notNull.getSuppressed().length);
        }
    }

    @Test
    void aClosedStatementGivesTheDriversOwnExceptionUntouched() throws Exception {
        String m = migrations("v1_a.sql", "CREATE TABLE a (x INT);");
        // closed with its connection: sqlite-jdbc runs a closed statement of an open connection without complaint
        Connection rawConnection = db.raw();
        Statement rawStatement = rawConnection.createStatement();
        rawStatement.close();
        rawConnection.close();
        String raw = assertThrows(SQLException.class, () -> rawStatement.executeQuery("SELECT * FROM a")).getMessage();
        Connection c = db.heal(m);
        Statement st = c.createStatement();
        st.close();
        c.close();
        SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM a"));
        assertEquals(raw, e.getMessage());
        assertEquals(0, e.getSuppressed().length);
        assertFalse(db.has("table", "a"), "nothing healed for a statement that never ran");
    }

    @Test
    void aFailingScriptStatementLeavesNothingHalfAppliedAndSaysWhere() throws Exception {
        String m = migrations("v1_a.sql", "CREATE TABLE a (x INT);\nCREATE INDEX idx_a ON a(x);\n\nCREATE INDEX idx_bad ON a(no_such_column);\n");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM a"));
            assertTrue(e.getMessage().contains("no such table: a"), "the original exception: " + e.getMessage());
            assertEquals(1, e.getSuppressed().length);
            HealFailedException why = (HealFailedException) e.getSuppressed()[0];
            assertTrue(why.getMessage().contains("v1_a.sql:4"), why.getMessage());
            assertNull(why.reason(), "the database failed the heal; no rule refused it: " + why.getMessage());
            assertTrue(why.getMessage().contains("CREATE INDEX idx_bad ON a(no_such_column)"), why.getMessage());
            assertTrue(why.getMessage().contains("nothing was applied"), why.getMessage());
        }
        assertFalse(db.has("table", "a"), "rolled back: no half-created table");
        assertFalse(db.has("index", "idx_a"));
    }

    @Test
    void aTableWhoseHistoryEndsInADropIsNotHealed() throws Exception {
        String m = migrations("v1_a.sql", "CREATE TABLE old_t (x INT);", "v2_b.sql", "DROP TABLE old_t;");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM old_t"));
            assertTrue(e.getMessage().contains("no such table: old_t"));
            assertTrue(e.getSuppressed()[0].getMessage().contains("v2_b.sql:1"), e.getSuppressed()[0].getMessage());
        }
        assertFalse(db.has("table", "old_t"));
    }

    @Test
    void badMigrationSetsFailTheConnectNamingTheFile() throws Exception {
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", dir.resolve("missing").toString());
        SQLException missing = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:heal:sqlite:" + db.file, p));
        assertTrue(missing.getMessage().contains(dir.resolve("missing").toString()) && missing.getMessage().contains("does not exist"),
                missing.getMessage());

        assertFalse(Files.exists(db.file), "no connection was opened");

        // two scripts that create one table: the connection opens, that table is not healed, and its heal says why
        String m = migrations("v1_a.sql", "CREATE TABLE t (x INT);", "v2_b.sql", "CREATE TABLE t (y INT);");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            SQLException owners = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM t"));
            assertTrue(owners.getMessage().contains("no such table: t"), "the application's own exception: " + owners);
            String why = owners.getSuppressed()[0].getMessage();
            assertTrue(why.contains("v1_a.sql") && why.contains("v2_b.sql") && why.contains("both create table t"), why);
        }
        assertFalse(db.has("table", "t"));
        Files.delete(dir.resolve("migrations/v2_b.sql"));
        SqliteDb.forgetManifests();

        // one file SchemaHeal cannot read a version from is ignored, with one warning that says what to do
        Files.writeString(dir.resolve("migrations/setup.sql"), "CREATE TABLE s (x INT);");
        String warnings = Stderr.of(() -> {
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.executeQuery("SELECT * FROM t").close();
            }
            db.heal(m).close();
        });
        assertEquals(1, warnings.lines().filter(l -> l.contains("SchemaHeal ignores") && l.contains("setup.sql")
                && l.contains("V<version>__<description>.sql")).count(), warnings);
        assertEquals(List.of("t"), db.historyTables(), "the rest of the set healed");
    }

    @Test
    void aPlaceholderWithNoValueIsNamedInTheReason() throws Exception {
        String m = migrations("V1__plans.sql", "CREATE TABLE plans (code TEXT DEFAULT '${tier}');");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM plans"));
            assertTrue(e.getMessage().contains("no such table: plans"), "the application's own exception: " + e);
            String why = e.getSuppressed()[0].getMessage();
            assertTrue(why.contains("${tier}") && why.contains("schemaheal.placeholders.tier"), why);
        }
        assertFalse(db.has("table", "plans"), "nothing ran");
    }

    @Test
    void badConfigurationFailsTheConnect() {
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", "x");
        p.setProperty("schemaheal.lock-timout", "5s");
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:heal:sqlite:" + db.file, p));
        assertTrue(e.getMessage().contains("unknown configuration key 'schemaheal.lock-timout'"), e.getMessage());
        SQLException dialect = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:heal:h2:mem:x", p));
        assertTrue(dialect.getMessage().contains("schemaheal"), dialect.getMessage());
    }

    @Test
    void reportModeLogsAndChangesNothing() throws Exception {
        Path m = AgentOsDemo.copyMigrations(dir.resolve("agentos"));
        AgentOsDemo.createDriftedRegistry(db.file, m);
        try (Connection c = db.heal("filesystem:" + m, "schemaheal.mode", "report")) {
            assertTrue(c.isWrapperFor(HealingConnection.class));
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement(AgentOsDemo.CHAT_QUERY));
            assertTrue(e.getMessage().contains("no such table: chat_messages"));
            assertEquals(0, e.getSuppressed().length);
        }
        assertFalse(db.has("table", "chat_messages"));
        assertFalse(db.has("table", "schemaheal_history"));
    }

    @Test
    void offModeHandsOutTheDriversOwnConnection() throws Exception {
        String m = migrations("v1_a.sql", "CREATE TABLE a (x INT);");
        try (Connection c = db.heal(m, "schemaheal.mode", "off")) {
            assertEquals("org.sqlite.jdbc4.JDBC4Connection", c.getClass().getName());
            assertThrows(SQLException.class, () -> c.prepareStatement("SELECT * FROM a"));
        }
        assertFalse(db.has("table", "a"));
    }

    @Test
    void aReadOnlyDatabaseGivesTheOriginalErrorWithTheReason() throws Exception {
        String m = migrations("v1_a.sql", "CREATE TABLE a (x INT);");
        db.execute("CREATE TABLE other (x INT)");
        try (Connection c = DriverManager.getConnection("jdbc:heal:sqlite:file:" + db.file + "?mode=ro",
                props("schemaheal.migrations", m, "schemaheal.lock-timeout", "2s"));
             Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM a"));
            assertTrue(e.getMessage().contains("no such table: a"));
            assertTrue(e.getSuppressed().length == 1 && e.getSuppressed()[0].getMessage().contains("readonly"),
                    e.getSuppressed().length == 0 ? "no reason" : e.getSuppressed()[0].getMessage());
            st.executeQuery("SELECT * FROM other").close(); // the application keeps working
        }
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }
}
