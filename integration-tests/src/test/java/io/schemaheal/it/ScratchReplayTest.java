package io.schemaheal.it;

import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table whose history passes through SQL built at run time (a procedure that puts its {@code ALTER TABLE} together
 * with {@code CONCAT}, Conductor's shape) heals on MariaDB as a replay of the whole set on a scratch database made it:
 * its keys, triggers and rows as the real {@code mariadb} client left them. And the replay never reaches the live
 * database: a set whose run-time SQL would is refused, by its text where it names the database, by the database's own
 * locks where it puts the name together, and the live tables keep their rows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScratchReplayTest {

    ServerDb db;
    @TempDir
    Path dir;

    @BeforeEach
    void database() throws SQLException {
        db = ServerDb.mariadb();
        before = db.scratchAreas();
    }

    @AfterEach
    void drop() throws SQLException {
        if (db != null) {
            db.close();
        }
        SqliteDb.forgetManifests();
    }

    /** A procedure that drops a column through text it puts together, as Conductor's {@code FixPkIfNeeded} does. */
    static final String TIDY = """
            DELIMITER $$
            CREATE PROCEDURE Tidy(IN tableName VARCHAR(64))
            BEGIN
                SET @stmt = CONCAT('ALTER TABLE ', tableName, ' DROP COLUMN id, ADD PRIMARY KEY (code)');
                PREPARE st FROM @stmt;
                EXECUTE st;
                DEALLOCATE PREPARE st;
            END$$
            DELIMITER ;
            """;

    private static final String V1 = """
            CREATE TABLE keep (k INT PRIMARY KEY, note VARCHAR(20));
            CREATE TABLE lost (id INT NOT NULL AUTO_INCREMENT, code VARCHAR(20) NOT NULL, label VARCHAR(40),
                               raw VARBINARY(8), at DATETIME, UNIQUE KEY uk_lost_id (id));
            CREATE TABLE lost_log (code VARCHAR(20) NOT NULL);
            CREATE TRIGGER lost_logged AFTER INSERT ON lost FOR EACH ROW INSERT INTO lost_log VALUES (NEW.code);
            INSERT INTO lost (code, label, raw, at) VALUES ('a', 'it''s a \\\\ back', X'00FF10', '2024-02-29 12:00:00'),
                                                           ('b', NULL, NULL, NULL);
            """;

    private String migrations(String v3) throws Exception {
        return v3 == null ? TestDatabase.migrations(dir.resolve("m"), "V1__init.sql", V1, "V2__tidy.sql", TIDY + "CALL Tidy('lost');\n")
                : TestDatabase.migrations(dir.resolve("m"), "V1__init.sql", V1, "V2__tidy.sql", TIDY + "CALL Tidy('lost');\n",
                "V3__more.sql", v3);
    }

    /** Applies the set with the real {@code mariadb} client, as the application's migration tool did. */
    private void migrate(String location) throws Exception {
        NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of(location), Map.of(), "mariadb"));
    }

    /** Scratch areas there are now and were not when the test began (a leftover of another run is not this one's). */
    private List<String> scratchDatabases() throws SQLException {
        List<String> now = new java.util.ArrayList<>(db.scratchAreas());
        now.removeAll(before);
        return now;
    }

    private List<String> before;

    @Test
    void aTableRunTimeSqlChangedHealsAsTheReplayMadeItWithItsTriggerAndRows() throws Exception {
        String m = migrations(null);
        migrate(m);
        Map<String, String> migrated = SchemaSnapshot.of(db);
        List<String> rows = db.strings("SELECT CONCAT_WS('|', code, IFNULL(label, 'null'), IFNULL(HEX(raw), 'null'), "
                + "IFNULL(at, 'null')) FROM lost ORDER BY code");
        db.execute("INSERT INTO keep VALUES (1, 'mine')");
        db.dropTable("lost");
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeQuery("SELECT code FROM lost").close();
        }
        Map<String, String> healed = SchemaSnapshot.of(db);
        assertEquals(migrated.get("lost"), healed.get("lost"), "lost as the mariadb client left it: no id, key on code");
        assertEquals(rows, db.strings("SELECT CONCAT_WS('|', code, IFNULL(label, 'null'), IFNULL(HEX(raw), 'null'), "
                + "IFNULL(at, 'null')) FROM lost ORDER BY code"), "the rows the migrations left, byte for byte");
        assertEquals(1, db.count("SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                + "AND trigger_name = 'lost_logged'"), "its trigger");
        assertEquals(2, db.count("SELECT count(*) FROM lost_log"), "the rows copied in did not fire the trigger a second time");
        assertEquals(List.of("1|mine"), db.strings("SELECT CONCAT_WS('|', k, note) FROM keep"), "keep untouched");
        assertEquals(List.of("healed 0"), db.strings("SELECT CONCAT_WS(' ', outcome, statements_skipped) FROM schemaheal_history "
                + "WHERE table_name = 'lost'"), "healed, nothing skipped (lost_log, there all along, is left as it is)");
        assertEquals(List.of("lost"), db.strings("SELECT table_name FROM schemaheal_history"));
        assertTrue(db.strings("SELECT detail FROM schemaheal_history WHERE table_name = 'lost'").get(0)
                .contains("replayed on a scratch database"), "the history says how it was made");
        assertEquals(List.of(), scratchDatabases(), "the scratch database is dropped");
    }

    /**
     * The doctor says such a table is missing (its shape it does not check: no text says it), and {@code --fix} makes it
     * as the replay did, as a run-time heal does; then the doctor finds the database clean.
     */
    @Test
    void theDoctorSaysSuchATableIsMissingAndFixMakesItAsTheReplayDid() throws Exception {
        String m = migrations(null);
        migrate(m);
        Map<String, String> migrated = SchemaSnapshot.of(db);
        db.dropTable("lost");
        DoctorTest.Run before = DoctorTest.cli("doctor", "--url", db.url(), "--json", "--migrations", m);
        assertEquals(1, before.exit(), before.out() + before.err());
        assertTrue(before.out().contains("\"missing\":[\"table lost\"]"), before.out());
        assertTrue(before.out().contains("a heal makes it as a replay of the set on a scratch database makes it"), before.out());
        DoctorTest.Run fix = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", m, "--fix");
        assertEquals(0, fix.exit(), fix.out() + fix.err());
        assertEquals(migrated.get("lost"), SchemaSnapshot.of(db).get("lost"));
        assertEquals(List.of("healed"), db.strings("SELECT outcome FROM schemaheal_history WHERE table_name = 'lost'"));
        DoctorTest.Run after = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", m);
        assertEquals(0, after.exit(), after.out() + after.err());
        assertEquals(List.of(), scratchDatabases());
    }

    /**
     * A third script whose run-time SQL reaches the live database: named in a string (refused before anything runs),
     * put together from pieces (the replay's {@code DROP} waits for the lock the heal holds on every live table, and
     * fails), or a statement that acts on the server. Each refuses the heal, saying why; {@code keep} keeps its rows.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "named|SET @s = CONCAT('DROP TABLE ', '#DB#', '.keep'); PREPARE st FROM @s; EXECUTE st;|names #DB#, a database or schema",
            "put together|SET @s = CONCAT('DROP TABLE IF EXISTS ', 's', 'h_', '#HEX#', '.keep'); PREPARE st FROM @s; EXECUTE st; CREATE TABLE keep (k INT PRIMARY KEY, note VARCHAR(20));|the replay on a scratch database stopped at V3__more.sql:1",
            "server|CREATE DATABASE IF NOT EXISTS #DB#_copy;|acts beyond the database it runs in"})
    void runTimeSqlThatWouldReachTheLiveDatabaseIsNeverReplayed(String how, String v3, String refusal) throws Exception {
        String live = db.name;
        String m = migrations(v3.replace("#DB#", live).replace("#HEX#", live.substring(3)));
        migrate(m);
        db.execute("DROP DATABASE IF EXISTS " + live + "_copy");
        db.execute("CREATE TABLE IF NOT EXISTS keep (k INT PRIMARY KEY, note VARCHAR(20))");
        db.execute("INSERT INTO keep VALUES (1, 'mine')"); // the application's row, after the migrations
        db.dropTable("lost");
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.executeQuery("SELECT code FROM lost").close();
            }
        });
        assertEquals("42S02", e.getSQLState(), "the application gets its own exception");
        assertNotNull(e.getSuppressed().length > 0 ? e.getSuppressed()[0] : null, "with why nothing healed");
        String why = e.getSuppressed()[0].getMessage();
        assertTrue(why.contains("builds SQL at run time") && why.contains(refusal.replace("#DB#", live)), why);
        assertEquals(List.of("1|mine"), db.strings("SELECT CONCAT_WS('|', k, note) FROM keep"), "keep and its row stay");
        assertEquals(0, db.count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?", live + "_copy"));
        assertTrue(!db.hasTable("lost"), "nothing half made");
        assertEquals(List.of(), scratchDatabases(), "the scratch database is dropped");
    }

    /**
     * An account that may do anything in its own database but create no other (the usual application account) gets the
     * application's exception with why: the replay could not be made, and the table is not made from the text instead.
     */
    @Test
    void anAccountThatMayNotCreateADatabaseIsRefusedSayingSo() throws Exception {
        String m = migrations(null);
        migrate(m);
        db.dropTable("lost");
        String user = "app_" + db.name.substring(3);
        String password = "pw-" + java.util.UUID.randomUUID();
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'; "
                + "GRANT ALL PRIVILEGES ON " + db.name + ".* TO '" + user + "'@'%'");
        try {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("schemaheal.migrations", m);
            String url = "jdbc:heal:" + db.url.substring("jdbc:".length())
                    .replaceFirst("user=root&password=", "user=" + user + "&password=" + password);
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Connection c = java.sql.DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
                    st.executeQuery("SELECT code FROM lost").close();
                }
            });
            assertEquals("42S02", e.getSQLState());
            String why = e.getSuppressed()[0].getMessage();
            assertTrue(why.contains("builds SQL at run time") && why.contains("the replay on a scratch database could not be made")
                    && why.contains("denied") && !why.contains(password), why);
            assertTrue(!db.hasTable("lost"), "not made from the text instead");
            assertEquals(List.of(), scratchDatabases());
        } finally {
            db.execute("DROP USER '" + user + "'@'%'");
        }
    }

    /** How a replay names the scratch databases for {@code live}: {@code schemaheal_scratch_<CRC-32 of live>_}. */
    /**
     * A scratch database a replay for this database left when it was cut off (its name says for which) is dropped by the
     * next replay for it (which holds the database's heal lock); one a replay for another database made, or one no
     * replay made, is not touched.
     */
    @Test
    void aScratchDatabaseACutOffReplayLeftIsDroppedByTheNextOneOnly() throws Exception {
        String m = migrations(null);
        migrate(m);
        String mine = ServerDb.scratchPrefix(db.name) + "left";
        String theirs = ServerDb.scratchPrefix("another_database") + "left";
        String nobodys = "schemaheal_scratch_" + db.name.substring(3) + "c";
        try {
            db.execute("CREATE DATABASE " + mine);
            db.execute("CREATE DATABASE " + theirs);
            db.execute("CREATE DATABASE " + nobodys);
            db.dropTable("lost");
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.executeQuery("SELECT code FROM lost").close();
            }
            List<String> left = db.strings("SELECT schema_name FROM information_schema.schemata WHERE schema_name IN (?, ?, ?)",
                    mine, theirs, nobodys);
            assertTrue(!left.contains(mine), left.toString());
            assertTrue(left.contains(theirs) && left.contains(nobodys), left.toString());
        } finally {
            for (String d : List.of(mine, theirs, nobodys)) {
                db.execute("DROP DATABASE IF EXISTS " + d);
            }
        }
    }
}
