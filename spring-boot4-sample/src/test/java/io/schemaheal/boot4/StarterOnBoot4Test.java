package io.schemaheal.boot4;

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
 * the rest): an H2 application (PetClinic's default profile) and one with no {@code schemaheal.*} setting and no
 * migrations where Boot looks start and run exactly as without the starter; one with migrations has its metrics from
 * start-up. Boot 4's own modules (web MVC, Actuator, Data JPA, Flyway) are all on the class path, as in a real
 * application.
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
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(all.toArray(new String[0])).run();
    }

    @Test
    void anH2ApplicationStartsAndRunsUntouched() {
        try (ConfigurableApplicationContext ctx = start("spring.datasource.url=jdbc:h2:mem:petclinic;DB_CLOSE_DELAY=-1")) {
            DataSource ds = ctx.getBean(DataSource.class);
            assertFalse(ds instanceof HealingDataSource, "not wrapped: SchemaHeal does not heal H2");
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
