package io.schemaheal.config;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigResolverTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    /** {@code ;} between sets of locations: each set a migration chain of its own, marked in the list. */
    @Test
    void semicolonsSeparateSetsOfLocations() {
        assertEquals(List.of("classpath:db/main", "filesystem:extra", HealSettings.NEXT_SET, "classpath:db/scheduler"),
                ConfigResolver.locations(" classpath:db/main , filesystem:extra ; classpath:db/scheduler ;"));
        assertEquals(List.of("classpath:db/migration"), ConfigResolver.locations("classpath:db/migration"));
    }

    @Test
    void firstSourceWinsConnectionThenSystemThenEnvironmentThenFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("heal.properties");
        Files.writeString(file, "schemaheal.migrations=from-file\nschemaheal.lock-timeout=5s\nschemaheal.history-table=h_file\n"
                + "schemaheal.mode=report\n");
        Map<String, String> env = Map.of("SCHEMAHEAL_MIGRATIONS", "from-env", "SCHEMAHEAL_LOCK_TIMEOUT", "7s",
                "SCHEMAHEAL_CONFIG", file.toString());
        Properties system = props("schemaheal.migrations", "from-system", "schemaheal.lock-timeout", "9s");

        HealSettings s = ConfigResolver.load(props("schemaheal.migrations", "from-connection"), system, env).settingsFor("jdbc:x");
        assertEquals(List.of("from-connection"), s.migrations());
        assertEquals(Duration.ofSeconds(9), s.lockTimeout());
        assertEquals("h_file", s.historyTable());
        assertEquals(Mode.REPORT, s.mode());

        HealSettings fromEnv = ConfigResolver.load(null, new Properties(), env).settingsFor("jdbc:x");
        assertEquals(List.of("from-env"), fromEnv.migrations());
        assertEquals(Duration.ofSeconds(7), fromEnv.lockTimeout());
    }

    @Test
    void aFlywayConfigurationIsEnoughOnItsOwnAndSchemahealKeysWin(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("flyway.conf");
        Files.writeString(conf, "flyway.url=jdbc:postgresql://db/app\nflyway.locations=filesystem:sql/common,classpath:db/extra\n"
                + "flyway.placeholders.tier=gold\nflyway.placeholders.region=eu\nflyway.schemas=app,audit\n");
        HealSettings s = ConfigResolver.load(null, props("schemaheal.flyway-config", conf.toString(),
                "schemaheal.placeholders.region", "us"), Map.of()).settingsFor("jdbc:x");
        assertEquals(List.of("filesystem:sql/common", "classpath:db/extra"), s.migrations());
        assertEquals(Map.of("tier", "gold", "region", "us", "flyway:defaultSchema", "app"), s.placeholders());

        Path toml = dir.resolve("flyway.toml");
        Files.writeString(toml, """
                [environments.default]
                url = "jdbc:postgresql://db/app"  # not a heal's concern

                [flyway]
                locations = ["filesystem:db/migration", "classpath:more"]
                defaultSchema = "app"

                [flyway.placeholders]
                tier = "silver"
                """);
        HealSettings t = ConfigResolver.load(null, props("schemaheal.flyway-config", toml.toString()), Map.of()).settingsFor("jdbc:x");
        assertEquals(List.of("filesystem:db/migration", "classpath:more"), t.migrations());
        assertEquals(Map.of("tier", "silver", "flyway:defaultSchema", "app"), t.placeholders());

        Files.writeString(conf, "flyway.sqlMigrationPrefix=M\nflyway.sqlMigrationSuffixes=.pgsql,.sql\n");
        HealSettings named = ConfigResolver.load(null, props("schemaheal.flyway-config", conf.toString()), Map.of())
                .settingsFor("jdbc:x");
        assertEquals(Map.of("flyway:sqlMigrationPrefix", "M", "flyway:sqlMigrationSuffixes", ".pgsql,.sql"), named.placeholders(),
                "the scripts' naming is read, as Flyway reads it");
        Files.writeString(conf, "flyway.placeholderReplacement=false\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigResolver.load(null,
                props("schemaheal.flyway-config", conf.toString()), Map.of()));
        assertTrue(e.getMessage().contains("placeholderReplacement"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigResolver.load(null,
                props("schemaheal.flyway-config", dir.resolve("nope.conf").toString()), Map.of()));
        assertTrue(missing.getMessage().contains("nope.conf"), missing.getMessage());
    }

    @Test
    void placeholdersComeFromEverySourceFirstWins() throws Exception {
        Map<String, String> env = Map.of("SCHEMAHEAL_PLACEHOLDERS_TIER", "env", "SCHEMAHEAL_PLACEHOLDERS_OWNER", "ops");
        HealSettings s = ConfigResolver.load(props("schemaheal.migrations", "m", "schemaheal.placeholders.tier", "pro"),
                new Properties(), env).settingsFor("jdbc:x");
        assertEquals(Map.of("tier", "pro", "owner", "ops"), s.placeholders());
        assertThrows(ConfigException.class, () -> ConfigResolver.load(props("schemaheal.placeholders", "x"),
                new Properties(), Map.of()), "schemaheal.placeholders without a name is not a key");
    }

    @Test
    void defaults() throws Exception {
        HealSettings s = ConfigResolver.load(props("schemaheal.migrations", "a, b"), new Properties(), Map.of()).settingsFor("jdbc:x");
        assertEquals(List.of("a", "b"), s.migrations());
        assertEquals(Mode.HEAL, s.mode());
        assertEquals(Duration.ofSeconds(30), s.lockTimeout());
        assertEquals("schemaheal_history", s.historyTable());
        assertNull(s.checksums());
        assertNull(ConfigResolver.load(new Properties(), new Properties(), Map.of()).settingsFor("jdbc:x"), "no migrations: not healed");
        assertNull(ConfigResolver.load(props("schemaheal.migrations", "a", "schemaheal.mode", "off"), new Properties(), Map.of())
                .settingsFor("jdbc:x"), "mode off: not healed");
    }

    @Test
    void databaseKindsAreChosenByUrlGlob() throws Exception {
        Properties p = props("schemaheal.db.registry.url", "*main/plan_registry.db",
                "schemaheal.db.registry.migrations", "reg",
                "schemaheal.db.plan.url", "*plans/plan_*.sqlite",
                "schemaheal.db.plan.migrations", "plan",
                "schemaheal.migrations", "ignored-when-kinds-exist");
        Map<String, String> env = Map.of("SCHEMAHEAL_DB_SESSION_URL", "*sessions/session_*.sqlite",
                "SCHEMAHEAL_DB_SESSION_MIGRATIONS", "sess");
        ConfigResolver r = ConfigResolver.load(p, new Properties(), env);
        assertEquals("plan", r.settingsFor("jdbc:sqlite:/data/plans/plan_42.sqlite").kind());
        assertEquals(List.of("reg"), r.settingsFor("jdbc:sqlite:/data/main/plan_registry.db").migrations());
        assertEquals(List.of("sess"), r.settingsFor("jdbc:sqlite:/data/sessions/session_1.sqlite").migrations());
        assertNull(r.settingsFor("jdbc:sqlite:/data/cache/llm_cache.db"), "a URL no kind matches is not healed");
    }

    @Test
    void badConfigurationIsAClearError() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ConfigResolver.load(props("schemaheal.migration", "x"), new Properties(), Map.of()));
        assertTrue(unknown.getMessage().contains("schemaheal.migration'") && unknown.getMessage().contains("connection properties"));
        ConfigException mode = assertThrows(ConfigException.class, () -> ConfigResolver.load(
                props("schemaheal.migrations", "x", "schemaheal.mode", "fix"), new Properties(), Map.of()).settingsFor("u"));
        assertTrue(mode.getMessage().contains("heal, report or off"));
        ConfigException timeout = assertThrows(ConfigException.class, () -> ConfigResolver.load(
                props("schemaheal.migrations", "x", "schemaheal.lock-timeout", "soon"), new Properties(), Map.of()).settingsFor("u"));
        assertTrue(timeout.getMessage().contains("500ms, 30s"));
        ConfigException half = assertThrows(ConfigException.class, () -> ConfigResolver.load(
                props("schemaheal.db.plan.url", "*"), new Properties(), Map.of()).settingsFor("u"));
        assertTrue(half.getMessage().contains("schemaheal.db.plan.migrations"));
        ConfigException file = assertThrows(ConfigException.class, () -> ConfigResolver.load(
                props("schemaheal.config", "/no/such/file.properties"), new Properties(), Map.of()));
        assertTrue(file.getMessage().contains("/no/such/file.properties"));
        ConfigException history = assertThrows(ConfigException.class, () -> ConfigResolver.load(
                props("schemaheal.migrations", "x", "schemaheal.history-table", "h; DROP TABLE t"), new Properties(), Map.of())
                .settingsFor("u"));
        assertTrue(history.getMessage().contains("not a plain table name"));
    }

    @Test
    void schemaHealKeysNeverReachTheRealDriver() {
        Properties filtered = ConfigResolver.withoutSchemaHealKeys(props("schemaheal.migrations", "x", "user", "app"));
        assertEquals(props("user", "app"), filtered);
        assertEquals("SCHEMAHEAL_LOCK_TIMEOUT", ConfigResolver.envName("schemaheal.lock-timeout"));
    }

    @Test
    void schemahealPropertiesOnTheClassPathIsTheLastSource(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("schemaheal.properties"), "schemaheal.migrations=from-classpath\nschemaheal.lock-timeout=3s\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            HealSettings fromClasspath = ConfigResolver.load(null, new Properties(), Map.of()).settingsFor("jdbc:x");
            assertEquals(List.of("from-classpath"), fromClasspath.migrations());
            assertEquals(Duration.ofSeconds(3), fromClasspath.lockTimeout());
            HealSettings overridden = ConfigResolver.load(null, props("schemaheal.migrations", "from-system"), Map.of())
                    .settingsFor("jdbc:x");
            assertEquals(List.of("from-system"), overridden.migrations());
            assertEquals(Duration.ofSeconds(3), overridden.lockTimeout(), "keys no earlier source sets still come from the file");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
