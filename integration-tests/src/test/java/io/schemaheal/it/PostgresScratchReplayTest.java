package io.schemaheal.it;

import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On PostgreSQL a table whose history passes through SQL built at run time (a {@code DO} block's {@code EXECUTE
 * format(...)}) heals from the scripts' text only where a replay of the whole set, in a scratch schema inside a
 * transaction that is rolled back, gives it the same shape: a dynamic statement that left it as the text says lets it
 * heal; one that gave it an index no text says refuses the heal, naming the difference, and leaves nothing behind. And
 * the replay never changes the live schema, even where its text reaches it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresScratchReplayTest {

    ServerDb db;
    @TempDir
    Path dir;

    @BeforeEach
    void database() throws SQLException {
        db = ServerDb.postgres();
        before = db.scratchAreas();
    }

    @AfterEach
    void drop() throws SQLException {
        if (db != null) {
            db.close();
        }
        SqliteDb.forgetManifests();
    }

    private static final String V1 = """
            CREATE TABLE keep (k INT PRIMARY KEY, note TEXT);
            CREATE TABLE lost (id INT PRIMARY KEY, code TEXT NOT NULL, note TEXT);
            """;

    private String migrate(String v2) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("m"), "V1__init.sql", V1, "V2__dynamic.sql", v2);
        NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of(m), Map.of(), "postgresql"));
        return m;
    }

    /** Scratch areas there are now and were not when the test began (a leftover of another run is not this one's). */
    private List<String> scratchSchemas() throws SQLException {
        List<String> now = new java.util.ArrayList<>(db.scratchAreas());
        now.removeAll(before);
        return now;
    }

    private List<String> before;

    private void query(String m) throws SQLException {
        try (Connection c = db.heal(m); Statement st = c.createStatement()) {
            st.executeQuery("SELECT code FROM lost").close();
        }
    }

    @Test
    void runTimeSqlThatLeftTheTableAsTheTextSaysLetsItHeal() throws Exception {
        String m = migrate("DO $$ BEGIN EXECUTE 'ANALYZE ' || quote_ident('lost'); END $$;\n");
        Map<String, String> migrated = SchemaSnapshot.of(db);
        db.dropTable("lost");
        query(m);
        assertEquals(migrated.get("lost"), SchemaSnapshot.of(db).get("lost"));
        assertEquals(List.of("healed"), db.strings("SELECT outcome FROM schemaheal_history WHERE table_name = 'lost'"));
        assertTrue(db.strings("SELECT detail FROM schemaheal_history WHERE table_name = 'lost'").get(0)
                .contains("replayed on a scratch schema"), "the history says it was checked");
        assertEquals(List.of(), scratchSchemas(), "nothing of the replay was committed");
    }

    /** The doctor says such a table is missing, and {@code --fix} heals it as a run-time heal does, checked by a replay. */
    @Test
    void theDoctorSaysSuchATableIsMissingAndFixHealsItCheckedByAReplay() throws Exception {
        String m = migrate("DO $$ BEGIN EXECUTE 'ANALYZE ' || quote_ident('lost'); END $$;\n");
        Map<String, String> migrated = SchemaSnapshot.of(db);
        db.dropTable("lost");
        DoctorTest.Run before = DoctorTest.cli("doctor", "--url", db.url(), "--json", "--migrations", m);
        assertEquals(1, before.exit(), before.out() + before.err());
        assertTrue(before.out().contains("\"missing\":[\"table lost\"]")
                && before.out().contains("a heal from the scripts stands only where a replay of the set agrees"), before.out());
        DoctorTest.Run fix = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", m, "--fix");
        assertEquals(0, fix.exit(), fix.out() + fix.err());
        assertEquals(migrated.get("lost"), SchemaSnapshot.of(db).get("lost"));
        assertEquals(0, DoctorTest.cli("doctor", "--url", db.url(), "--migrations", m).exit());
        assertEquals(List.of(), scratchSchemas());
    }

    @Test
    void runTimeSqlThatGaveTheTableWhatNoTextSaysRefusesTheHeal() throws Exception {
        String m = migrate("DO $$ BEGIN EXECUTE format('CREATE INDEX %I ON %I (code)', 'lost_code_idx', 'lost'); END $$;\n");
        db.dropTable("lost");
        SQLException e = assertThrows(SQLException.class, () -> query(m));
        assertEquals("42P01", e.getSQLState(), "the application gets its own exception");
        String why = e.getSuppressed()[0].getMessage();
        assertTrue(why.contains("does not make what a replay of the set on a scratch schema makes of lost")
                && why.contains("lost_code_idx"), why);
        assertFalse(db.hasTable("lost"), "the heal was undone");
        assertEquals(List.of("refused DIFFERS"), db.strings("SELECT outcome || ' ' || reason FROM schemaheal_history "
                + "WHERE table_name = 'lost'"));
        assertEquals(List.of(), scratchSchemas());
    }

    /**
     * A replay whose run-time SQL reaches the live schema (its name put together, so no reading can tell) changes
     * nothing there: it runs in a transaction that is rolled back. The application's row in {@code keep} stays.
     */
    @Test
    void runTimeSqlThatReachesTheLiveSchemaChangesNothingThere() throws Exception {
        String m = migrate("DO $$ BEGIN EXECUTE format('DELETE FROM %I.keep', 's' || 'h_" + db.name.substring(3)
                + "'); EXECUTE format('ANALYZE %I', 'lost'); END $$;\n");
        db.execute("INSERT INTO keep VALUES (1, 'mine')"); // the application's row, after the migrations
        Map<String, String> migrated = SchemaSnapshot.of(db);
        db.dropTable("lost");
        query(m);
        assertEquals(List.of("1 mine"), db.strings("SELECT k || ' ' || note FROM keep"), "keep's row stays");
        assertEquals(migrated.get("lost"), SchemaSnapshot.of(db).get("lost"));
        assertEquals(List.of(), scratchSchemas());
    }

    @Test
    void runTimeSqlThatNamesTheLiveSchemaIsNotReplayed() throws Exception {
        String m = migrate("DO $$ BEGIN EXECUTE format('ANALYZE %I.%I', '" + db.name + "', 'lost'); END $$;\n");
        db.dropTable("lost");
        SQLException e = assertThrows(SQLException.class, () -> query(m));
        String why = e.getSuppressed()[0].getMessage();
        assertTrue(why.contains("builds SQL at run time") && why.contains("names " + db.name + ", a database or schema"), why);
        assertFalse(db.hasTable("lost"));
    }
}
