package io.schemaheal.spring;

import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * heal-on-start with Boot's Liquibase, on a SQLite file: the release before ran changeSet 1 ({@code users}), which was
 * lost since; this release adds changeSet 2 ({@code orders}). Liquibase updates first and makes {@code orders} (its to
 * make: heal-on-start does not read Liquibase's DATABASECHANGELOG for what has not run yet), then heal-on-start heals
 * {@code users}. Run before Liquibase (as it did before heal-on-start waited for it), the heal found none of the
 * migrations' tables, took the database for a first deployment and left {@code users} lost; with any other of their
 * tables there, it would have made {@code orders} too, and Liquibase's update failed on it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HealOnStartLiquibaseTest {

    private static final String CHANGELOG = "db/liquibase/changelog.sql";

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(excludeName = {"org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration",
            "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration"})
    static class App {
    }

    @Test
    void liquibaseUpdatesBeforeTheHealAndTheLostTableOfWhatRanHeals() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("app.sqlite");
        try (Connection c = DriverManager.getConnection(url)) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database).update(1, ""); // the release before
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE users"); // lost since
        }
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + url, "spring.flyway.enabled=false",
                        "spring.liquibase.change-log=classpath:" + CHANGELOG, "schemaheal.migrations=classpath:" + CHANGELOG,
                        "schemaheal.heal-on-start=true")
                .run()) {
            assertEquals(true, ctx.isActive(), "the application started");
            try (Connection c = DriverManager.getConnection(url)) {
                assertEquals(List.of("orders", "users"), strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' "
                        + "AND name IN ('users', 'orders') ORDER BY name"));
                assertEquals(List.of("1", "2"), strings(c, "SELECT id FROM DATABASECHANGELOG ORDER BY orderexecuted"),
                        "Liquibase ran changeSet 2");
                assertEquals(List.of("users"), strings(c, "SELECT table_name FROM schemaheal_history"),
                        "the heal made users only");
            }
        }
    }

    private static List<String> strings(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
