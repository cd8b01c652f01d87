package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 003: a DB_ROOT with a registry database and one SQLite file per plan, each kind with its own
 * migrations, chosen by URL glob through schemaheal.db.*. Each file heals on its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Seed003DbRootTest {

    @Test
    void registryAndTwentyPlanDatabasesHealEachWithItsOwnMigrations(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("main"));
        Files.createDirectories(root.resolve("plans"));
        Files.createDirectories(root.resolve("cache"));
        Properties p = new Properties();
        p.setProperty("schemaheal.db.registry.url", "*main/plan_registry.db");
        p.setProperty("schemaheal.db.registry.migrations", "classpath:dbroot/registry");
        p.setProperty("schemaheal.db.plan.url", "*plans/plan_*.sqlite");
        p.setProperty("schemaheal.db.plan.migrations", "classpath:dbroot/plan");

        try (Connection registry = DriverManager.getConnection("jdbc:heal:sqlite:" + root.resolve("main/plan_registry.db"), p);
             Statement st = registry.createStatement()) {
            for (int id = 1; id <= 20; id++) {
                Path planDb = root.resolve("plans/plan_" + id + ".sqlite");
                st.executeUpdate("INSERT INTO plans (title, plan_db_path) VALUES ('plan " + id + "', '" + planDb + "')");
                // a plan database is created lazily, empty, and used at once
                try (Connection plan = DriverManager.getConnection("jdbc:heal:sqlite:" + planDb, p);
                     PreparedStatement ps = plan.prepareStatement("INSERT INTO tasks (id, name, parent_id) VALUES (?, ?, ?)")) {
                    ps.setInt(1, 1);
                    ps.setString(2, "root of plan " + id);
                    ps.setObject(3, null);
                    assertEquals(1, ps.executeUpdate());
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM plans")) {
                rs.next();
                assertEquals(20, rs.getInt(1));
            }
        }

        SqliteDb registry = new SqliteDb(root.resolve("main/plan_registry.db"));
        assertEquals(List.of("plans"), registry.historyTables());
        assertFalse(registry.has("table", "tasks"), "plan tables never land in the registry");
        for (int id = 1; id <= 20; id++) {
            SqliteDb plan = new SqliteDb(root.resolve("plans/plan_" + id + ".sqlite"));
            assertEquals(List.of("tasks"), plan.historyTables(), "plan " + id);
            assertEquals(1, plan.count("SELECT count(*) FROM tasks"));
            assertTrue(plan.has("index", "idx_tasks_parent"));
            assertFalse(plan.has("table", "plans"), "registry tables never land in a plan database");
            assertFalse(plan.has("table", "plan_meta"), "only what tasks needs is created");
        }

        // a database of a kind no glob matches (cache/*.db) is not healed: the application sees the original error
        try (Connection cache = DriverManager.getConnection("jdbc:heal:sqlite:" + root.resolve("cache/llm_cache.db"), p)) {
            assertFalse(cache.isWrapperFor(io.schemaheal.jdbc.HealingConnection.class), "unmatched URL: the driver's own connection");
            SQLException e = assertThrows(SQLException.class, () -> cache.prepareStatement("SELECT * FROM tasks"));
            assertTrue(e.getMessage().contains("no such table: tasks"));
        }
    }
}
