package io.schemaheal.spring;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An application with Flyway beans of its own, as Netflix Conductor has them: two configurations migrating one
 * PostgreSQL schema ({@code PG_TEST_URL}), each with its locations and its history table, and no
 * {@code schemaheal.*} setting. The starter reads them once they exist: a table of either set heals.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FlywayBeansTest {

    @TempDir
    static Path scripts;
    static Path main;
    static Path scheduler;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class TwoFlywaysApp {
        @Bean(initMethod = "migrate")
        Flyway mainFlyway(DataSource dataSource) {
            return Flyway.configure().dataSource(dataSource).locations("filesystem:" + main)
                    .table("flyway_main_history").load();
        }

        @Bean(initMethod = "migrate")
        Flyway schedulerFlyway(DataSource dataSource) {
            return Flyway.configure().dataSource(dataSource).locations("filesystem:" + scheduler)
                    .table("flyway_scheduler_history").baselineOnMigrate(true).baselineVersion("0")
                    .placeholders(java.util.Map.of("default_queue", "main")).load();
        }
    }

    String schema;

    @BeforeEach
    void schemaAndScripts() throws Exception {
        main = Files.createDirectories(scripts.resolve("migration_main"));
        scheduler = Files.createDirectories(scripts.resolve("migration_scheduler"));
        Files.writeString(main.resolve("V1__users.sql"), "CREATE TABLE users (id INT PRIMARY KEY, name TEXT);");
        Files.writeString(main.resolve("V2__orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users (id));");
        Files.writeString(scheduler.resolve("V1__jobs.sql"), "CREATE TABLE jobs (id INT PRIMARY KEY, queue TEXT DEFAULT '${default_queue}');");
        schema = "sh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(HealOnStartJpaTest.PG_URL); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw e; // under CI a missing server is a failure
            }
            assumeTrue(false, "PostgreSQL is not answering at " + HealOnStartJpaTest.PG_URL + " (start it, or set PG_TEST_URL): "
                    + e.getMessage());
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(HealOnStartJpaTest.PG_URL); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aTableOfEitherFlywayBeanHeals() throws Exception {
        String url = HealOnStartJpaTest.PG_URL + (HealOnStartJpaTest.PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(TwoFlywaysApp.class).web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + url, "spring.flyway.enabled=false",
                        "spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration,"
                                + "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration").run();
             Connection raw = DriverManager.getConnection(url); Statement st = raw.createStatement()) {
            st.execute("DROP TABLE jobs");
            st.execute("DROP TABLE orders");
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertEquals(1, jdbc.update("INSERT INTO jobs (id) VALUES (1)"), "the scheduler's table heals");
            assertEquals(List.of("main"), jdbc.queryForList("SELECT queue FROM jobs", String.class),
                    "with the placeholder its Flyway bean gave it");
            assertEquals(1, jdbc.update("INSERT INTO users (id, name) VALUES (1, 'Ann')"));
            assertEquals(1, jdbc.update("INSERT INTO orders (id, user_id) VALUES (1, 1)"), "the main set's table heals");
            assertEquals(List.of("jobs", "orders"), jdbc.queryForList(
                    "SELECT table_name FROM schemaheal_history WHERE outcome = 'healed' ORDER BY 1", String.class));
        }
    }
}
