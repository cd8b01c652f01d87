package io.schemaheal.it;

import io.schemaheal.heal.HealFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests that try to break SchemaHeal: crashes, stalled locks, hostile and broken inputs. Each is bounded in time. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReliabilityTest extends MigrationSetTest {

    private Path migrations(String... nameAndContent) throws Exception {
        Path m = Files.createDirectories(dir.resolve("m" + System.nanoTime()));
        for (int i = 0; i < nameAndContent.length; i += 2) {
            Files.writeString(m.resolve(nameAndContent[i]), nameAndContent[i + 1]);
        }
        return m;
    }

    // ---- hostile and broken inputs ----

    @Test
    void aCraftedErrorMessageIsNeverExecuted() throws Exception {
        Path m = migrations("v1_victim.sql", "CREATE TABLE IF NOT EXISTS victim (x INT);");
        SqliteDb db = new SqliteDb(dir.resolve("crafted.sqlite"));
        db.execute("CREATE TABLE victim (x INT); INSERT INTO victim VALUES (42);");
        try (Connection c = db.heal(m.toString()); Statement st = c.createStatement()) {
            Function.create(c.unwrap(SQLiteConnection.class), "evil", new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    throw new SQLException("no such table: victim; DROP TABLE victim --");
                }
            });
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT evil()"));
            assertTrue(e.getMessage().contains("DROP TABLE victim"), e.getMessage());
        }
        assertEquals(1, db.count("SELECT count(*) FROM victim WHERE x = 42"), "nothing was executed from the message");
    }

    @Test
    void aTableOfAnAttachedDatabaseIsNotHealedInMain() throws Exception {
        Path m = migrations("v1_ghost.sql", "CREATE TABLE ghost (x INT);");
        SqliteDb db = new SqliteDb(dir.resolve("ghost.sqlite"));
        try (Connection c = db.heal(m.toString()); Statement st = c.createStatement()) {
            st.execute("ATTACH DATABASE ':memory:' AS aux");
            // the migrations create main.ghost; healing it would not make aux.ghost, and would leave a stray table
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM aux.ghost"));
            assertTrue(e.getMessage().contains("no such table: aux.ghost"), e.getMessage());
            assertEquals(0, e.getSuppressed().length, "the original exception, untouched");
        }
        assertFalse(db.has("table", "ghost"), "nothing was created in main");
    }

    @Test
    void cyclicForeignKeysBetweenTwoMissingTablesHealTogether() throws Exception {
        Path m = migrations("v1_cycle.sql", """
                CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INT REFERENCES b(id));
                CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INT REFERENCES a(id));
                """);
        SqliteDb db = new SqliteDb(dir.resolve("cycle.sqlite"));
        try (Connection c = db.heal(m.toString()); Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM a").close();
        }
        assertEquals(List.of("a", "b"), db.historyTables());
    }

    @Test
    void emptyBinaryAndHugeMigrationFiles() throws Exception {
        SqliteDb db = new SqliteDb(dir.resolve("files.sqlite"));
        Path m = migrations("v1_empty.sql", "", "v2_t.sql", "CREATE TABLE t (x INT);");
        try (Connection c = db.heal(m.toString()); Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM t").close(); // an empty script is a valid, empty migration
        }
        Files.write(m.resolve("v3_binary.sql"), new byte[] {'C', 'R', 0, 1, 2, (byte) 0xff});
        SqliteDb.forgetManifests();
        try (Connection c = db.heal(m.toString()); Statement st = c.createStatement()) {
            // the connection opens; a script with no text may touch any table, so none heals, and each says why
            SQLException binary = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM nothing_yet"));
            String why = binary.getSuppressed()[0].getMessage();
            assertTrue(why.contains("v3_binary.sql") && why.contains("not a text file"), why);
        }
        Files.delete(m.resolve("v3_binary.sql"));

        // 50 MB: a 48 MB comment, a 512 KB string literal (SQLite refuses statements over 1 MB), 5,000 more statements
        Path huge = m.resolve("v4_huge.sql");
        try (var w = Files.newBufferedWriter(huge, StandardCharsets.UTF_8)) {
            w.write("CREATE TABLE huge (id INT, blob TEXT);\n/*");
            String line = "x".repeat(1023) + "\n";
            for (int i = 0; i < 48 * 1024; i++) {
                w.write(line);
            }
            w.write("*/\nINSERT INTO huge VALUES (1, '");
            for (int i = 0; i < 512; i++) {
                w.write("y".repeat(1023) + "''");
            }
            w.write("');\n");
            for (int i = 2; i <= 5001; i++) {
                w.write("INSERT INTO huge (id, blob) VALUES (" + i + ", 'row; " + i + "');\n");
            }
            w.write("CREATE INDEX idx_huge ON huge(id);\n");
        }
        assertTrue(Files.size(huge) > 50_000_000L, "size " + Files.size(huge));
        SqliteDb.forgetManifests();
        try (Connection c = db.heal(m.toString()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT length(blob), (SELECT count(*) FROM huge) FROM huge WHERE id = 1")) {
            assertTrue(rs.next());
            assertEquals(512 * 1024L, rs.getLong(1), "the literal kept every character, '' read as one quote");
            assertEquals(5001, rs.getLong(2));
        }
        assertTrue(db.has("index", "idx_huge"));
    }

    // ---- a stalled lock holder ----

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS) // a caller that waited on the stalled holder fails here
    void aStalledSqliteLockHolderMakesCallersWaitAtMostTheLockTimeout() throws Exception {
        Path m = migrations("v1_t.sql", "CREATE TABLE t (x INT);");
        SqliteDb db = new SqliteDb(dir.resolve("stalled.sqlite"));
        db.execute("CREATE TABLE other (x INT)");
        try (Connection holder = db.raw(); Statement hold = holder.createStatement()) {
            hold.execute("BEGIN IMMEDIATE"); // holds the write lock and never lets go
            try (Connection c = db.heal(m.toString(), "schemaheal.lock-timeout", "1s"); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM t"));
                assertTrue(e.getMessage().contains("no such table: t"));
                assertTrue(e.getSuppressed()[0] instanceof HealFailedException
                        && e.getSuppressed()[0].getMessage().contains("lock"), e.getSuppressed()[0].getMessage());
                st.executeQuery("SELECT * FROM other").close(); // the application keeps working
            }
            hold.execute("ROLLBACK");
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS) // a caller that waited on the stalled holder fails here
    void aStalledPostgresLockHolderMakesCallersWaitAtMostTheLockTimeout() throws Exception {
        try (ServerDb db = ServerDb.postgres(); Connection holder = db.raw(); Statement hold = holder.createStatement()) {
            Path m = migrations("V1__t.sql", "CREATE TABLE t (x INT);");
            hold.executeQuery("SELECT pg_advisory_lock(hashtext('schemaheal'), hashtext(current_database() || '.' || current_schema()))").close();
            try (Connection c = db.heal(m.toString(), "schemaheal.lock-timeout", "2s"); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM t"));
                assertEquals("42P01", e.getSQLState());
                assertTrue(e.getSuppressed()[0].getMessage().contains("advisory heal lock was not acquired"), e.getSuppressed()[0].getMessage());
            }
            hold.executeQuery("SELECT pg_advisory_unlock_all()").close();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS) // a caller that waited on the stalled holder fails here
    void aStalledMariaDbLockHolderMakesCallersWaitAtMostTheLockTimeout() throws Exception {
        try (ServerDb db = ServerDb.mariadb(); Connection holder = db.raw(); Statement hold = holder.createStatement()) {
            Path m = migrations("V1__t.sql", "CREATE TABLE t (x INT);");
            hold.executeQuery("SELECT GET_LOCK(CONCAT('schemaheal:', MD5(DATABASE())), 0)").close();
            try (Connection c = db.heal(m.toString(), "schemaheal.lock-timeout", "2s"); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM t"));
                assertEquals(1146, e.getErrorCode());
                assertTrue(e.getSuppressed()[0].getMessage().contains("GET_LOCK"), e.getSuppressed()[0].getMessage());
            }
            hold.executeQuery("SELECT RELEASE_ALL_LOCKS()").close();
        }
    }

    // ---- a crash in the middle of a heal ----

    /** Starts CrashApp, waits until its heal is under way (as {@code underWay} sees it), kills it with SIGKILL. */
    private void crashMidHeal(String healUrl, Path m, String table, java.util.concurrent.Callable<Boolean> underWay) throws Exception {
        Process p = ChildJvm.start(ChildJvm.javaBinary(), List.of(), Map.of(), CrashApp.class, healUrl, m.toString(), table);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("committed")) {
            // wait for the committed write
        }
        assertEquals("committed", line);
        while (!underWay.call()) { // bounded by the test's @Timeout
            assertTrue(p.isAlive(), "the heal finished before it could be interrupted");
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed");
    }

    @Test
    void sqliteKilledMidHealLeavesNothingHalfCreatedAndTheNextHealCompletes() throws Exception {
        Path m = migrations("v1_kept.sql", "CREATE TABLE kept (note TEXT);", "v2_big.sql", """
                CREATE TABLE big (n INTEGER, label TEXT);
                INSERT INTO big (n, label) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000)
                    SELECT x, 'row ' || x FROM c;
                CREATE INDEX idx_big ON big(n);
                """);
        SqliteDb db = new SqliteDb(dir.resolve("crash.sqlite"));
        db.execute("CREATE TABLE kept (note TEXT)");
        Path journal = Path.of(db.file + "-journal");
        crashMidHeal("jdbc:heal:sqlite:" + db.file, m, "big", () -> Files.exists(journal) && Files.size(journal) > 0);
        assertFalse(db.has("table", "big"), "the interrupted transaction left nothing behind");
        assertEquals(1, db.count("SELECT count(*) FROM kept"), "the application's row written before the crash is there");
        try (Connection c = db.heal(m.toString()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM big")) {
            rs.next();
            assertEquals(3_000_000, rs.getLong(1));
        }
        assertTrue(db.has("index", "idx_big"));
        assertEquals(List.of("big"), db.historyTables());
    }

    /**
     * A heal killed while it replays the set on a scratch database (the set's procedure builds its ALTER at run time)
     * leaves the scratch database behind, and nothing of the table; the next heal drops that database and heals the
     * table as the mariadb client left it.
     */
    @Test
    void mariaDbKilledMidReplayLeavesAScratchDatabaseTheNextHealDrops() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            Path m = migrations("V1__kept.sql", "CREATE TABLE kept (note VARCHAR(100));\n",
                    "V2__queue.sql", "CREATE TABLE queue (id INT NOT NULL, code VARCHAR(20) NOT NULL, UNIQUE KEY uk_id (id));\n",
                    "V3__fix.sql", ScratchReplayTest.TIDY + "CALL Tidy('queue');\nSELECT SLEEP(2);\n");
            NothingElseChangesTest.applyAll(db, io.schemaheal.manifest.MigrationManifest.build(
                    List.of("filesystem:" + m), Map.of(), "mariadb"));
            String migrated = SchemaSnapshot.of(db).get("queue");
            db.dropTable("queue");
            long before = db.scratchAreas().size();
            crashMidHeal("jdbc:heal:" + db.url.substring("jdbc:".length()), m, "queue", () -> db.scratchAreas().size() > before);
            assertEquals(before + 1, db.scratchAreas().size(), "the cut-off replay left its scratch database");
            assertFalse(db.hasTable("queue"), "nothing of the table was made");
            try (Connection c = db.heal(m.toString()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM queue")) {
                rs.next();
            }
            assertEquals(migrated, SchemaSnapshot.of(db).get("queue"));
            assertEquals(before, db.scratchAreas().size(), "the next replay for this database dropped it");
            assertEquals(1, db.count("SELECT count(*) FROM kept"));
        }
    }

    @Test
    void postgresKilledMidHealLeavesNothingHalfCreatedAndTheNextHealCompletes() throws Exception {
        try (ServerDb db = ServerDb.postgres()) {
            Path m = migrations("V1__kept.sql", "CREATE TABLE kept (note TEXT);", "V2__big.sql", """
                    CREATE TABLE big (n BIGINT, label TEXT);
                    INSERT INTO big (n, label) SELECT x, 'row ' || x FROM generate_series(1, 2000000) AS x;
                    CREATE INDEX idx_big ON big(n);
                    """);
            db.execute("CREATE TABLE kept (note TEXT)");
            crashMidHeal("jdbc:heal:" + db.url.substring("jdbc:".length()), m, "big", () -> db.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'INSERT INTO big%' AND state = 'active'") > 0);
            while (db.count("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'INSERT INTO big%' AND state = 'active'") > 0) {
                Thread.sleep(50); // the server notices the dead client and rolls back (bounded by the test's @Timeout)
            }
            assertFalse(db.hasTable("big"), "the interrupted transaction left nothing behind");
            assertEquals(1, db.count("SELECT count(*) FROM kept"));
            try (Connection c = db.heal(m.toString()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM big")) {
                rs.next();
                assertEquals(2_000_000, rs.getLong(1));
            }
            assertEquals(List.of("big"), db.historyTables());
        }
    }

    @Test
    void mariaDbKilledMidHealLeavesAMarkerAndTheNextConnectionCompletesTheHeal() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            Path m = migrations("v1_kept.sql", "CREATE TABLE kept (note TEXT);", "v2_big.sql", """
                    CREATE TABLE big (n BIGINT PRIMARY KEY, label VARCHAR(40));
                    INSERT INTO big (n, label) SELECT seq, CONCAT('row ', seq) FROM seq_1_to_1000000;
                    CREATE INDEX idx_big_label ON big(label);
                    """, "v3_child.sql", "CREATE TABLE child (id INT PRIMARY KEY, big_n BIGINT, FOREIGN KEY (big_n) REFERENCES big(n));");
            db.execute("CREATE TABLE kept (note TEXT)");
            crashMidHeal("jdbc:heal:" + db.url.substring("jdbc:".length()), m, "child", () -> db.count(
                    "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'INSERT INTO big%'") > 0);
            while (db.count("SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'INSERT INTO big%'") > 0) {
                Thread.sleep(50); // the server notices the dead client and rolls back (bounded by the test's @Timeout)
            }
            assertTrue(db.hasTable("big"), "MariaDB's DDL committed as it went: a partly applied plan");
            assertFalse(db.hasTable("child"));
            assertEquals(List.of("child"), db.strings("SELECT table_name FROM schemaheal_history WHERE outcome = 'started'"),
                    "the heal left its marker");
            assertEquals(List.of("v2_big.sql:1 big"), db.strings("SELECT CONCAT(statement_at, ' ', created_relation) "
                    + "FROM schemaheal_history_journal WHERE step > 0 ORDER BY step"), "its journal: the CREATE ran, the seed did not");
            assertEquals(1, db.count("SELECT count(*) FROM kept"));
            // no statement fails on big any more: the next connection completes the heal before the application uses it
            // (its 1,000,000-row seed may take a slow machine longer than the default lock-timeout leaves)
            try (Connection c = db.heal(m.toString(), "schemaheal.lock-timeout", "120s"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), max(label) FROM big WHERE label LIKE 'row %'")) {
                rs.next();
                assertEquals(1_000_000, rs.getLong(1), "the seed rows, inserted once");
            }
            assertEquals(1, db.count("SELECT count(*) FROM information_schema.statistics WHERE table_schema = DATABASE() "
                    + "AND index_name = 'idx_big_label'"), "the rest of the plan");
            assertEquals(0, db.count("SELECT count(*) FROM schemaheal_history WHERE outcome IN ('started', 'failed')"));
            assertEquals(0, db.count("SELECT count(*) FROM schemaheal_history_journal"));
            assertEquals(List.of("big"), db.historyTables());
            try (Connection c = db.heal(m.toString()); Statement st = c.createStatement()) {
                st.executeQuery("SELECT count(*) FROM child").close(); // a missing table the ordinary way
            }
            assertEquals(List.of("big", "child"), db.historyTables());
        }
    }
}
