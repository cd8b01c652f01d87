package io.schemaheal.it;

import io.schemaheal.heal.HealFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pg_dump baseline writes every name with its schema ({@code public.users}); the scripts after it write {@code users}.
 * In an application whose schema is {@code public} they are one table whose history is split between two names:
 * healed from either, it would come back in a shape the migrations never left it in. It is refused with the reason,
 * and the doctor says so, instead of "clean".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgDumpBaselineTest extends MigrationSetTest {

    @Test
    void aTableTheScriptsNameWithAndWithoutPublicIsRefusedNotHealedWrong() throws Exception {
        ServerDb.postgres().close(); // skips the test, saying how to run it, when PostgreSQL is not there
        String database = "sh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String admin = ServerDb.PG_URL;
        String url = admin.replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + database);
        Path m = dir.resolve("m");
        String baseline = "SELECT pg_catalog.set_config('search_path', '', false);\n"
                + "CREATE TABLE public.users (id integer NOT NULL PRIMARY KEY, name text NOT NULL);\n";
        String later = "ALTER TABLE users DROP COLUMN name;\nALTER TABLE users ADD COLUMN email text;\n";
        TestDatabase.migrations(m, "V1__baseline.sql", baseline, "V2__users_email.sql", later);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        try {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE public.users (id integer NOT NULL PRIMARY KEY, name text NOT NULL)");
                st.execute("ALTER TABLE users DROP COLUMN name");
                st.execute("ALTER TABLE users ADD COLUMN email text");
                st.execute("DROP TABLE users");
            }
            Properties p = new Properties();
            p.setProperty("schemaheal.migrations", "filesystem:" + m);
            try (Connection c = DriverManager.getConnection("jdbc:heal:" + url.substring("jdbc:".length()), p);
                 Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT email FROM users").close());
                assertEquals("42P01", e.getSQLState(), "the application's own exception");
                HealFailedException why = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0]);
                assertTrue(why.getMessage().contains("public.users and users"), why.getMessage());
            }
            try (Connection c = DriverManager.getConnection(url)) {
                assertEquals(List.of("null"), Queries.rows(c, "SELECT to_regclass('public.users')"), "nothing healed in a wrong shape");
            }
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", url, "--migrations", m.toString());
            assertEquals(1, doctor.exit(), doctor.out() + doctor.err());
            assertTrue(doctor.out().contains("public.users and users"), doctor.out());
        } finally {
            try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }
}
