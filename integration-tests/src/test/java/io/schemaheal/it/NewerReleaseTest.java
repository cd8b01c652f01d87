package io.schemaheal.it;

import io.schemaheal.heal.HealFailedException;
import io.schemaheal.heal.HealReason;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database that a newer release migrated (a rolled-back deploy, the old color of a blue/green) is not the older
 * application's to heal: its version table is ahead of every migration that application has, and a heal would build
 * the old shape next to the new data (an empty {@code accounts}, the {@code users.name} the new release moved away).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NewerReleaseTest extends MigrationSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void anOlderApplicationNeverHealsADatabaseANewerReleaseMigrated(String kind) throws Exception {
        Path newer = dir.resolve("release-3");
        write(newer.resolve("V1__users.sql"), "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80));\n");
        write(newer.resolve("V2__accounts.sql"), "CREATE TABLE accounts (id INT PRIMARY KEY, user_id INT);\n");
        write(newer.resolve("V3__profiles.sql"), "CREATE TABLE profiles (user_id INT PRIMARY KEY, name VARCHAR(80));\n"
                + "ALTER TABLE users DROP COLUMN name;\nDROP TABLE accounts;\n");
        Path older = dir.resolve("release-2");
        for (String f : List.of("V1__users.sql", "V2__accounts.sql")) {
            write(older.resolve(f), Files.readString(newer.resolve(f)));
        }
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + newer).load().migrate();

            try (Connection c = db.heal("filesystem:" + older); Statement st = c.createStatement()) {
                for (String sql : List.of("SELECT name FROM users", "SELECT count(*) FROM accounts")) {
                    SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(sql).close(), sql);
                    HealFailedException why = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0], sql);
                    assertEquals(HealReason.NEWER_RELEASE, why.reason(), why.getMessage());
                    assertTrue(why.getMessage().contains("flyway_schema_history records version 3")
                            && why.getMessage().contains("newer release"), why.getMessage());
                }
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("id"), Queries.columns(c, "users"), "the column the newer release moved away stays away");
                assertThrows(SQLException.class, () -> Queries.count(c, "SELECT count(*) FROM accounts"), "no empty old table");
            }
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", older.toString());
            assertEquals(1, doctor.exit(), doctor.out() + doctor.err());
            assertTrue(doctor.out().contains("records version 3, newer than every migration here"), doctor.out());
        }
    }

    /**
     * Flyway also records Java migrations, which no script set holds: one of the same release is no newer release. (What
     * its code did to a table made before it cannot be known, so that table is refused for that reason, naming it.)
     */
    @org.junit.jupiter.api.Test
    void aJavaMigrationOfTheSameReleaseIsNoNewerRelease() throws Exception {
        Path scripts = dir.resolve("release-2");
        write(scripts.resolve("V1__users.sql"), "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80));\n");
        write(scripts.resolve("V2__accounts.sql"), "CREATE TABLE accounts (id INT PRIMARY KEY, user_id INT);\n");
        try (TestDatabase db = TestDatabase.open("sqlite", dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + scripts)
                    .javaMigrations(new V3__Backfill()).load().migrate();
            try (Connection c = db.raw()) {
                assertEquals(List.of("JDBC"), Queries.strings(c, "SELECT type FROM flyway_schema_history WHERE version = '3'"));
            }
            db.dropTable("accounts");
            try (Connection c = db.heal("filesystem:" + scripts)) {
                SQLException e = assertThrows(SQLException.class, () -> Queries.count(c, "SELECT count(*) FROM accounts"));
                HealFailedException why = (HealFailedException) e.getSuppressed()[0];
                assertEquals(HealReason.NOT_KNOWN, why.reason(), "not taken for a newer release: " + why.getMessage());
                assertTrue(why.getMessage().contains("records version 3 (io.schemaheal.it.NewerReleaseTest$V3__Backfill, "
                        + "type JDBC), which ran code after accounts was made by V2__accounts.sql"), why.getMessage());
            }
        }
    }

    /** A Java migration, as Flyway finds it: its version is in its class name. */
    static final class V3__Backfill extends org.flywaydb.core.api.migration.BaseJavaMigration {
        @Override
        public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
            try (Statement st = context.getConnection().createStatement()) {
                st.execute("UPDATE users SET name = 'anonymous' WHERE name IS NULL");
            }
        }
    }
}
