package io.schemaheal.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.schemaheal.jdbc.HealingDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starter in a real Spring Boot context (Boot's own DataSource auto-configuration, HikariCP, a SQLite
 * file): nothing but properties; the migrations are the test's {@code classpath:db/migration}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaHealAutoConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AppWithMetrics {
        @org.springframework.context.annotation.Bean
        io.micrometer.core.instrument.MeterRegistry meterRegistry() {
            return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        }
    }

    @TempDir
    Path dir;

    /** users exists, orders (a later migration) does not: the drift of a restored snapshot. */
    private Path driftedDatabase() throws SQLException {
        Path db = dir.resolve("app.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
            st.execute("INSERT INTO users (id, name) VALUES (1, 'Ann')");
        }
        return db;
    }

    private static ConfigurableApplicationContext start(Path db, String... properties) {
        return start(App.class, db, properties);
    }

    private static ConfigurableApplicationContext start(Class<?> app, Path db, String... properties) {
        // JPA is on this module's test class path (HealOnStartJpaTest); Hibernate has no SQLite dialect of its own
        List<String> all = new ArrayList<>(List.of("spring.datasource.url=jdbc:sqlite:" + db, "spring.flyway.enabled=false",
                "spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration,"
                        + "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
                .properties(all.toArray(new String[0])).run();
    }

    private static List<String> tables(Path db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void everyDataSourceBeanHealsWithNothingButTheDependency() throws Exception {
        Path db = driftedDatabase();
        try (ConfigurableApplicationContext ctx = start(db)) {
            DataSource ds = ctx.getBean(DataSource.class);
            assertTrue(ds instanceof HealingDataSource, ds.getClass().getName());
            assertTrue(ds.unwrap(HikariDataSource.class).getJdbcUrl().endsWith("app.sqlite"), "the pool is still there");
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            assertEquals(0, jdbc.queryForObject("SELECT count(*) FROM orders", Long.class), "the missing table healed");
            assertEquals(List.of("orders"), jdbc.queryForList("SELECT table_name FROM schemaheal_history", String.class));
            assertEquals("Ann", jdbc.queryForObject("SELECT name FROM users", String.class));
        }
    }

    @Test
    void enabledFalseLeavesTheDataSourceAlone() throws Exception {
        Path db = driftedDatabase();
        try (ConfigurableApplicationContext ctx = start(AppWithMetrics.class, db, "schemaheal.enabled=false")) {
            DataSource ds = ctx.getBean(DataSource.class);
            assertTrue(ds instanceof HikariDataSource, ds.getClass().getName());
            for (Class<?> part : List.of(Boot3HealthIndicator.class, SchemaHealEndpoint.class, SchemaHealMetrics.class)) {
                assertEquals(0, ctx.getBeanNamesForType(part).length, "no " + part.getSimpleName());
            }
            assertThrows(Exception.class, () -> new JdbcTemplate(ds).queryForObject("SELECT count(*) FROM orders", Long.class));
        }
        assertFalse(tables(db).contains("orders"));
    }

    @Test
    void healOnStartHealsBeforeAnyStatement() throws Exception {
        Path db = driftedDatabase();
        try (ConfigurableApplicationContext ctx = start(db, "schemaheal.heal-on-start=true")) {
            assertEquals(List.of("orders", "schemaheal_history", "users"), tables(db));
        }
    }

    @Test
    void theMigrationsDefaultToFlywaysLocationsAndKeysBindRelaxed() throws Exception {
        Path m = Files.createDirectories(dir.resolve("flyway-scripts"));
        Files.writeString(m.resolve("V1__plans.sql"), "CREATE TABLE plans (code TEXT PRIMARY KEY);\n"
                + "INSERT INTO plans (code) VALUES ('free');");
        Path db = dir.resolve("flyway.sqlite");
        try (ConfigurableApplicationContext ctx = start(db, "spring.flyway.locations=filesystem:" + m,
                "schemaheal.history-table=heal_log", "schemaheal.lockTimeout=5s")) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertEquals(List.of("free"), jdbc.queryForList("SELECT code FROM plans", String.class));
            assertEquals(List.of("plans"), jdbc.queryForList("SELECT table_name FROM heal_log", String.class));
        }
    }

    /**
     * Boot's Flyway reads {@code {vendor}} in a location as the database's name: SchemaHeal reads the same folder, and
     * stays out of the way where the application's database has none.
     */
    @Test
    void flywaysVendorLocationIsTheFolderOfTheDatabase() throws Exception {
        Path m = dir.resolve("vendor-scripts");
        Files.createDirectories(m.resolve("sqlite"));
        Files.createDirectories(m.resolve("postgresql"));
        Files.writeString(m.resolve("sqlite/V1__plans.sql"), "CREATE TABLE plans (code TEXT PRIMARY KEY);\n"
                + "INSERT INTO plans (code) VALUES ('sqlite');");
        Files.writeString(m.resolve("postgresql/V1__plans.sql"), "CREATE TABLE plans (code VARCHAR(20) PRIMARY KEY);\n"
                + "INSERT INTO plans (code) VALUES ('postgresql');");
        try (ConfigurableApplicationContext ctx = start(dir.resolve("vendor.sqlite"),
                "spring.flyway.locations=filesystem:" + m + "/{vendor}")) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertEquals(List.of("sqlite"), jdbc.queryForList("SELECT code FROM plans", String.class), "healed from sqlite/");
        }
        Files.delete(m.resolve("sqlite/V1__plans.sql"));
        Files.delete(m.resolve("sqlite"));
        Path db = dir.resolve("no-vendor-folder.sqlite");
        try (ConfigurableApplicationContext ctx = start(db, "spring.flyway.locations=filesystem:" + m + "/{vendor}")) {
            DataSource ds = ctx.getBean(DataSource.class);
            assertFalse(ds instanceof io.schemaheal.jdbc.HealingDataSource, "no folder for SQLite: not wrapped");
            assertEquals(1, new JdbcTemplate(ds).queryForObject("SELECT 1", Integer.class));
        }
    }

    /**
     * An application without Flyway whose schema is Spring's own {@code spring.sql.init} scripts (a single
     * {@code schema.sql} and {@code data.sql} on the class path, as Spring PetClinic keeps them): they are its
     * migrations, the schema first, then the data.
     */
    @Test
    void springsSqlInitScriptsAreTheMigrationsWhereSpringRunsThem() throws Exception {
        Path db = dir.resolve("sqlinit.sqlite");
        try (ConfigurableApplicationContext ctx = start(db, "spring.flyway.locations=classpath:no/such/folder",
                "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:sqlinit/schema.sql",
                "spring.sql.init.data-locations=optional:classpath*:sqlinit/data.sql")) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertEquals(List.of("free"), jdbc.queryForList("SELECT code FROM plans", String.class), "Spring ran its scripts");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.execute("DROP TABLE plans"); // behind the application's back
            }
            assertEquals(List.of("free"), jdbc.queryForList("SELECT code FROM plans", String.class),
                    "healed from schema.sql, with data.sql's row");
            assertEquals(List.of("plans"), jdbc.queryForList("SELECT table_name FROM schemaheal_history", String.class));
        }
    }

    @Test
    void flywaysPlaceholdersAreReplacedAsFlywayReplacedThem() throws Exception {
        Path m = Files.createDirectories(dir.resolve("placeholder-scripts"));
        Files.writeString(m.resolve("V1__plans.sql"), "CREATE TABLE ${prefix}plans (code TEXT PRIMARY KEY);\n"
                + "INSERT INTO ${prefix}plans (code) VALUES ('${tier}');");
        Path db = dir.resolve("placeholders.sqlite");
        try (ConfigurableApplicationContext ctx = start(db, "spring.flyway.locations=filesystem:" + m,
                "spring.flyway.placeholders.prefix=shop_", "spring.flyway.placeholders.tier=free")) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertEquals(List.of("free"), jdbc.queryForList("SELECT code FROM shop_plans", String.class));
        }
        Path other = dir.resolve("own-placeholders.sqlite");
        try (ConfigurableApplicationContext ctx = start(other, "spring.flyway.locations=filesystem:" + m,
                "spring.flyway.placeholders.prefix=shop_", "spring.flyway.placeholders.tier=free",
                "schemaheal.placeholders.prefix=app_", "schemaheal.placeholders.tier=pro")) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertEquals(List.of("pro"), jdbc.queryForList("SELECT code FROM app_plans", String.class),
                    "schemaheal.placeholders.* over Flyway's");
        }
    }

    @Test
    void flywaysOwnPlaceholderPrefixAndSuffixAreHonoured() throws Exception {
        Path m = Files.createDirectories(dir.resolve("bracket-scripts"));
        Files.writeString(m.resolve("V1__plans.sql"), "CREATE TABLE plans (code TEXT PRIMARY KEY, note TEXT);\n"
                + "INSERT INTO plans (code, note) VALUES ('#[tier]', '${tier}');");
        Path db = dir.resolve("brackets.sqlite");
        try (ConfigurableApplicationContext ctx = start(db, "spring.flyway.locations=filesystem:" + m,
                "spring.flyway.placeholders.tier=free", "spring.flyway.placeholder-prefix=#[", "spring.flyway.placeholder-suffix=]")) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertEquals(List.of("free|${tier}"), jdbc.queryForList("SELECT code || '|' || note FROM plans", String.class),
                    "#[tier] replaced, ${tier} plain text, as Flyway with that prefix left them");
        }
    }

    @Test
    void flywaysOwnScriptNamingIsRead() throws Exception {
        Path m = Files.createDirectories(dir.resolve("named-scripts"));
        Files.writeString(m.resolve("M1-plans.pgsql"), "CREATE TABLE plans (code TEXT PRIMARY KEY);\n"
                + "INSERT INTO plans (code) VALUES ('free');");
        Path db = dir.resolve("named.sqlite");
        try (ConfigurableApplicationContext ctx = start(db, "spring.flyway.locations=filesystem:" + m,
                "spring.flyway.sql-migration-prefix=M", "spring.flyway.sql-migration-separator=-",
                "spring.flyway.sql-migration-suffixes=.pgsql")) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertEquals(List.of("free"), jdbc.queryForList("SELECT code FROM plans", String.class));
            assertEquals(List.of("plans"), jdbc.queryForList("SELECT table_name FROM schemaheal_history", String.class),
                    "healed from M1-plans.pgsql");
        }
    }

    /** An application that never asked for SchemaHeal and has no migrations where Boot looks: untouched, and it starts. */
    @Test
    void withNoMigrationsWhereBootLooksTheStarterStaysOutOfTheWay() throws Exception {
        Path db = dir.resolve("plain.sqlite");
        try (ConfigurableApplicationContext ctx = start(db, "spring.flyway.locations=classpath:no/such/folder")) {
            DataSource ds = ctx.getBean(DataSource.class);
            assertFalse(ds instanceof io.schemaheal.jdbc.HealingDataSource, "not wrapped");
            assertEquals(1, new JdbcTemplate(ds).queryForObject("SELECT 1", Integer.class));
        }
    }

    /** A database SchemaHeal does not heal (H2, as PetClinic's default profile has it) passes through untouched. */
    @Test
    void aDatabaseItDoesNotHealPassesThrough() throws Exception {
        try (ConfigurableApplicationContext ctx = start(dir.resolve("unused.sqlite"),
                "spring.datasource.url=jdbc:h2:mem:petclinic;DB_CLOSE_DELAY=-1")) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            jdbc.execute("CREATE TABLE owners (id INT PRIMARY KEY)");
            assertEquals(0, jdbc.queryForObject("SELECT count(*) FROM owners", Integer.class));
        }
        // asked for by name, it still says plainly that it cannot
        try (ConfigurableApplicationContext ctx = start(dir.resolve("unused.sqlite"),
                "spring.datasource.url=jdbc:h2:mem:asked", "schemaheal.migrations=classpath:db/migration")) {
            Exception e = assertThrows(Exception.class,
                    () -> new JdbcTemplate(ctx.getBean(DataSource.class)).queryForObject("SELECT 1", Integer.class));
            assertTrue(String.valueOf(e.getMessage()).contains("SchemaHeal cannot heal") || String.valueOf(e.getCause()).contains("SchemaHeal cannot heal"),
                    String.valueOf(e));
        }
    }

    @Test
    void aBadValueFailsTheFirstConnectionNamingTheKey() throws Exception {
        Path db = driftedDatabase();
        try (ConfigurableApplicationContext ctx = start(db, "schemaheal.lock-timeout=soon")) {
            Exception e = assertThrows(Exception.class,
                    () -> new JdbcTemplate(ctx.getBean(DataSource.class)).queryForObject("SELECT 1", Long.class));
            String message = String.valueOf(e.getMessage()) + " " + e.getCause();
            assertTrue(message.contains("schemaheal.lock-timeout is 'soon'"), message);
        }
    }

    @Test
    void healsAreCountedAndTimedInMicrometer() throws Exception {
        Path db = driftedDatabase();
        try (ConfigurableApplicationContext ctx = start(AppWithMetrics.class, db)) {
            new JdbcTemplate(ctx.getBean(DataSource.class)).queryForObject("SELECT count(*) FROM orders", Long.class);
            io.micrometer.core.instrument.MeterRegistry registry = ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            assertEquals(1.0, registry.get("schemaheal.heals").tag("table", "orders").tag("outcome", "healed").counter().count());
            assertEquals(1, registry.get("schemaheal.heal.duration").tag("table", "orders").timer().count());
        }
    }

    @Test
    void theMetricsExistFromStartUpAndCountHealOnStart() throws Exception {
        Path db = driftedDatabase();
        try (ConfigurableApplicationContext ctx = start(AppWithMetrics.class, db)) {
            io.micrometer.core.instrument.MeterRegistry registry = ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            assertEquals(0.0, registry.get("schemaheal.heals.total").counter().count(), "there, at zero, before any heal");
        }
        try (ConfigurableApplicationContext ctx = start(AppWithMetrics.class, db, "schemaheal.heal-on-start=true")) {
            io.micrometer.core.instrument.MeterRegistry registry = ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            assertEquals(1.0, registry.get("schemaheal.heals").tag("table", "orders").tag("outcome", "healed").counter().count(),
                    "the heal at start-up is counted like any other");
            assertEquals(1.0, registry.get("schemaheal.heals.total").counter().count());
        }
    }

    @Test
    void theHealthContributorSaysDriftNamingWhatIsMissingThenUp() throws Exception {
        Path db = driftedDatabase();
        try (ConfigurableApplicationContext ctx = start(db)) {
            org.springframework.boot.actuate.health.HealthIndicator health =
                    ctx.getBean("schemahealHealthIndicator", org.springframework.boot.actuate.health.HealthIndicator.class);
            org.springframework.boot.actuate.health.Health before = health.health();
            assertEquals("DRIFT", before.getStatus().getCode(), before.toString());
            assertTrue(before.getDetails().toString().contains("table orders (V2__orders.sql)"), before.toString());
            assertFalse(tables(db).contains("orders"), "the health check heals nothing");
            new JdbcTemplate(ctx.getBean(DataSource.class)).queryForObject("SELECT count(*) FROM orders", Long.class);
            assertEquals("UP", health.health().getStatus().getCode(), health.health().toString());
        }
    }

    @Test
    void theEndpointListsTheNewestHeals() throws Exception {
        Path db = driftedDatabase();
        try (ConfigurableApplicationContext ctx = start(db)) {
            SchemaHealEndpoint endpoint = ctx.getBean(SchemaHealEndpoint.class);
            assertEquals(List.of(), endpoint.heals().get("dataSource"), "nothing healed yet");
            new JdbcTemplate(ctx.getBean(DataSource.class)).queryForObject("SELECT count(*) FROM orders", Long.class);
            java.util.Map<String, Object> heal = endpoint.heals().get("dataSource").get(0);
            assertEquals("orders", heal.get("table_name"));
            assertEquals("healed", heal.get("outcome"));
            assertEquals("V2__orders.sql", heal.get("migrations"));
        }
    }
}
