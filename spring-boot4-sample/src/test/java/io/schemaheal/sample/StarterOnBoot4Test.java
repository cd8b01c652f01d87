package io.schemaheal.sample;

import io.micrometer.core.instrument.MeterRegistry;
import io.schemaheal.jdbc.HealingDataSource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starter inside Spring Boot 4 applications that have nothing to do with it, in process (the sample's jar tests
 * the rest): an H2 application (PetClinic's default profile: its connections pass through untouched) and one with no
 * {@code schemaheal.*} setting and no migrations where Boot looks (not wrapped) start and run exactly as without the
 * starter; one with migrations has its metrics from start-up; a PetClinic-shaped one on PostgreSQL heals from Spring's
 * own {@code spring.sql.init} scripts. Boot 4's own modules (web MVC, Actuator, Data JPA, Flyway) are all on the class
 * path, as in a real application; the sample's own {@code application.properties} is not read.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StarterOnBoot4Test {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        MeterRegistry meterRegistry() {
            return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        }
    }

    /** Boot 4's names: Hibernate has no SQLite dialect of its own, and these applications have no entities. */
    private static final String NO_JPA = "spring.autoconfigure.exclude="
            + "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
            + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration";

    @TempDir
    Path dir;

    private static ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of("spring.flyway.enabled=false"));
        all.addAll(List.of(properties));
        // the sample's own application.properties (Flyway's {vendor} folders, heal-on-start) is on this class path: these
        // applications have none
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(all.toArray(new String[0]))
                .run("--spring.config.name=no-application-properties");
    }

    @Test
    void anH2ApplicationStartsAndRunsUntouched() throws Exception {
        try (ConfigurableApplicationContext ctx = start("spring.datasource.url=jdbc:h2:mem:petclinic;DB_CLOSE_DELAY=-1")) {
            DataSource ds = ctx.getBean(DataSource.class);
            try (java.sql.Connection c = ds.getConnection()) {
                assertFalse(c.getClass().getName().startsWith("io.schemaheal"), "its connections pass through untouched: "
                        + "SchemaHeal does not heal H2 (" + c.getClass().getName() + ")");
            }
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.execute("CREATE TABLE owners (id INT PRIMARY KEY)");
            jdbc.update("INSERT INTO owners VALUES (1)");
            assertEquals(1, jdbc.queryForObject("SELECT count(*) FROM owners", Integer.class));
        }
    }

    @Test
    void anApplicationWithoutSettingsOrMigrationsStartsUntouched() {
        Path db = dir.resolve("plain.sqlite");
        try (ConfigurableApplicationContext ctx = start("spring.datasource.url=jdbc:sqlite:" + db, NO_JPA,
                "spring.flyway.locations=classpath:no/such/folder")) {
            DataSource ds = ctx.getBean(DataSource.class);
            assertFalse(ds instanceof HealingDataSource, "not wrapped: there is nothing to heal from");
            assertEquals(1, new JdbcTemplate(ds).queryForObject("SELECT 1", Integer.class));
        }
    }

    /**
     * Spring PetClinic's way on PostgreSQL: no Flyway, the schema and data are Spring's own {@code spring.sql.init}
     * scripts ({@code schema.sql}, {@code data.sql}), which the starter takes as the migrations. A table dropped behind
     * the running application heals at its next query, with its seed row and its index, the other table untouched.
     */
    @Test
    void aPetClinicShapedApplicationOnPostgresHealsFromSpringsOwnScripts() throws Exception {
        try (SpringBootSampleIT.Schema schema = SpringBootSampleIT.Schema.create();
             ConfigurableApplicationContext ctx = start("spring.datasource.url=" + schema.url, NO_JPA,
                     "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:petclinic/schema.sql",
                     "spring.sql.init.data-locations=classpath:petclinic/data.sql",
                     "spring.flyway.locations=classpath:no/such/folder")) {
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            assertEquals(List.of("Leo"), jdbc.queryForList("SELECT name FROM pets", String.class), "Spring ran its scripts");
            jdbc.update("INSERT INTO owners (id, first_name, last_name) VALUES (2, 'Betty', 'Davis')");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(schema.url);
                 java.sql.Statement st = c.createStatement()) {
                st.execute("DROP TABLE pets"); // behind the application's back
            }
            assertEquals(List.of("Leo"), jdbc.queryForList("SELECT name FROM pets", String.class), "healed, with data.sql's row");
            assertEquals(1, jdbc.queryForObject("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                    + "AND indexname = 'pets_name'", Integer.class), "with its index");
            assertEquals(2, jdbc.queryForObject("SELECT count(*) FROM owners", Integer.class), "the live table untouched");
            assertEquals(List.of("pets"), jdbc.queryForList("SELECT table_name FROM schemaheal_history", String.class));
        }
    }

    /** With migrations, the DataSource heals, and the heal counter exists at zero before any heal, then counts it. */
    @Test
    void withMigrationsTheTableHealsAndTheMetricsExistFromStartUp() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__notes.sql"), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n");
        Path db = dir.resolve("app.sqlite");
        try (ConfigurableApplicationContext ctx = start("spring.datasource.url=jdbc:sqlite:" + db, NO_JPA,
                "schemaheal.migrations=filesystem:" + migrations)) {
            DataSource ds = ctx.getBean(DataSource.class);
            assertTrue(ds instanceof HealingDataSource, "wrapped");
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertEquals(0.0, meters.get("schemaheal.heals.total").counter().count(), "there from start-up, at zero");
            assertEquals(0, new JdbcTemplate(ds).queryForObject("SELECT count(*) FROM notes", Integer.class), "healed");
            assertEquals(1.0, meters.get("schemaheal.heals").tag("table", "notes").tag("outcome", "healed").counter().count());
            assertEquals(1.0, meters.get("schemaheal.heals.total").counter().count());
        }
    }
}
