package io.schemaheal.spring;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * heal-on-start with JPA and Hibernate's {@code ddl-auto=validate} on the real PostgreSQL
 * ({@code PG_TEST_URL}, default 127.0.0.1:5432/test as postgres): on a drifted database the application
 * starts, because the heal runs before the {@code EntityManagerFactory} is built; without it, it does not.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HealOnStartJpaTest {

    static final String PG_URL = System.getenv().getOrDefault("PG_TEST_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @Entity
    @Table(name = "orders")
    public static class Order {
        @Id
        Integer id;
        @Column(name = "user_id")
        Integer userId;
        Integer total;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EntityScan(basePackageClasses = Order.class)
    static class App {
    }

    String schema;

    @BeforeEach
    void driftedSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL)) {
            schema = "sh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
                st.execute("CREATE TABLE " + schema + ".users (id INTEGER PRIMARY KEY, name TEXT)");
            }
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw e; // under CI a missing server is a failure
            }
            assumeTrue(false, "PostgreSQL is not answering at " + PG_URL + " (start it, or set PG_TEST_URL): " + e.getMessage());
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private ConfigurableApplicationContext start(String... more) {
        String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + url, "spring.flyway.enabled=false",
                        "spring.jpa.hibernate.ddl-auto=validate", "spring.jpa.properties.hibernate.default_schema=" + schema)
                .properties(more).run();
    }

    @Test
    void withHealOnStartValidatePassesOnADriftedDatabase() throws Exception {
        try (ConfigurableApplicationContext ctx = start("schemaheal.heal-on-start=true");
             Connection c = DriverManager.getConnection(PG_URL); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                     + schema + "' AND table_name = 'orders'")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void withoutItValidateStopsTheStart() {
        Exception e = assertThrows(Exception.class, () -> start().close());
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t.getMessage()).append(" | ");
        }
        assertTrue(chain.toString().contains("missing table [" + schema + ".orders]")
                || chain.toString().contains("missing table [orders]"), chain.toString());
    }
}
