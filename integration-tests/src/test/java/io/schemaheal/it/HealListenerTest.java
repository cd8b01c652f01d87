package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import io.schemaheal.heal.HealListener;
import io.schemaheal.heal.HealListeners;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link HealListener}: told of each outcome, on SQLite files (what the starter's metrics count). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealListenerTest {

    @TempDir
    Path dir;
    final List<String> told = new CopyOnWriteArrayList<>();
    final HealListener listener = (table, outcome, duration) -> told.add(table + " " + outcome);

    @AfterEach
    void remove() {
        HealListeners.remove(listener);
        SqliteDb.forgetManifests();
    }

    @Test
    void eachOutcomeIsTold() throws Exception {
        HealListeners.add(listener);
        Path m = Files.createDirectories(dir.resolve("m"));
        Files.writeString(m.resolve("V1__a.sql"), "CREATE TABLE a (x INT);");
        Files.writeString(m.resolve("V2__broken.sql"), "CREATE TABLE broken (x INT NOT_A_TYPE_AT ALL ((;");
        Files.writeString(m.resolve("V3__a_y.sql"), "ALTER TABLE a ADD COLUMN y INT;");
        SqliteDb db = new SqliteDb(dir.resolve("app.sqlite"));
        db.execute("CREATE TABLE other (x INT)");
        try (Connection c = db.heal("filesystem:" + m); Statement st = c.createStatement()) {
            st.executeQuery("SELECT x FROM a").close();
            assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM broken"));
        }
        try (Connection c = db.heal("filesystem:" + m, "schemaheal.mode", "report"); Statement st = c.createStatement()) {
            db.execute("DROP TABLE a; CREATE TABLE a (x INT)");
            assertThrows(SQLException.class, () -> st.executeQuery("SELECT y FROM a"));
        }
        assertEquals(List.of("a healed", "broken failed", "a.y reported"), told);
    }

    /** A heal a rule refused (here: a newer release migrated the database) is told as refused, not as failed. */
    @Test
    void aRefusalIsToldAsRefused() throws Exception {
        HealListeners.add(listener);
        Path newer = Files.createDirectories(dir.resolve("newer"));
        Files.writeString(newer.resolve("V1__a.sql"), "CREATE TABLE a (x INT);");
        Files.writeString(newer.resolve("V2__b.sql"), "CREATE TABLE b (x INT);");
        Path older = Files.createDirectories(dir.resolve("older"));
        Files.writeString(older.resolve("V1__a.sql"), "CREATE TABLE a (x INT);");
        SqliteDb db = new SqliteDb(dir.resolve("app.sqlite"));
        Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + newer).load().migrate();
        db.execute("DROP TABLE a");
        try (Connection c = db.heal("filesystem:" + older); Statement st = c.createStatement()) {
            assertThrows(SQLException.class, () -> st.executeQuery("SELECT x FROM a"));
        }
        assertEquals(List.of("a refused"), told);
    }
}
