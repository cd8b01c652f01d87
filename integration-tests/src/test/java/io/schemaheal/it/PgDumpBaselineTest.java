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
 * In an application whose schema is {@code public} they are one table, and it heals as one: the baseline's CREATE,
 * then the later scripts' changes, exactly the shape psql migrated (no dropped NOT NULL column, the later one there).
 * In another schema the scripts would write to {@code public}: refused there with the reason.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgDumpBaselineTest extends MigrationSetTest {

    @Test
    void aTableTheScriptsNameWithAndWithoutPublicHealsAsOneTableInPublicOnly() throws Exception {
        ServerDb.postgres().close(); // skips the test, saying how to run it, when PostgreSQL is not there
        String database = "sh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String admin = ServerDb.PG_URL;
        String url = admin.replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + database);
        Path m = dir.resolve("m");
        String baseline = "SELECT pg_catalog.set_config('search_path', '', false);\n"
                + "CREATE TABLE public.users (id integer NOT NULL, name text NOT NULL, legacy text NOT NULL);\n"
                + "CREATE SEQUENCE public.users_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;\n"
                + "ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;\n"
                + "ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);\n"
                + "ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);\n";
        String later = "ALTER TABLE users DROP COLUMN legacy;\nALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '';\n";
        TestDatabase.migrations(m, "V1__baseline.sql", baseline, "V2__users_email.sql", later);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        try {
            RealClients.psql(database, m.resolve("V1__baseline.sql"));
            RealClients.psql(database, m.resolve("V2__users_email.sql"));
            String shape = "SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable || ' ' "
                    + "|| coalesce(column_default, ''), ', ' ORDER BY ordinal_position) FROM information_schema.columns "
                    + "WHERE table_schema = 'public' AND table_name = 'users'";
            String constraints = "SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), ', ' ORDER BY conname) "
                    + "FROM pg_constraint WHERE conrelid = 'public.users'::regclass";
            List<String> migrated;
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                migrated = List.of(Queries.rows(c, shape).get(0), Queries.rows(c, constraints).get(0));
                st.execute("DROP TABLE users");
                st.execute("CREATE SCHEMA tenant");
            }
            Properties p = new Properties();
            p.setProperty("schemaheal.migrations", "filesystem:" + m);
            String heal = "jdbc:heal:" + url.substring("jdbc:".length());
            try (Connection c = DriverManager.getConnection(heal + (heal.contains("?") ? "&" : "?") + "currentSchema=tenant", p);
                 Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT email FROM users").close());
                assertEquals("42P01", e.getSQLState(), "the application's own exception");
                assertEquals(1, e.getSuppressed().length, "the reason is on it: " + e);
                HealFailedException why = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0]);
                assertTrue(why.getMessage().contains("one table in schema public, and this heal runs in schema tenant"),
                        why.getMessage());
            }
            try (Connection c = DriverManager.getConnection(heal, p); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO users (name, email) VALUES ('ann', 'ann@example.org')");
            }
            try (Connection c = DriverManager.getConnection(url)) {
                assertEquals(migrated, List.of(Queries.rows(c, shape).get(0), Queries.rows(c, constraints).get(0)),
                        "exactly the shape psql migrated: legacy gone, email there, the serial and the key");
                assertEquals(List.of("null"), Queries.rows(c, "SELECT to_regclass('tenant.users')"), "nothing in tenant");
            }
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", url, "--migrations", m.toString());
            assertEquals(0, doctor.exit(), doctor.out() + doctor.err());
        } finally {
            try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }
}
