package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import io.schemaheal.demo.AgentOsDemo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A healed table comes back as its whole migration history leaves it: columns added later, indexes
 * and triggers as last defined, FTS shadows with their triggers, and its missing parents first.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndStateTest {

    @TempDir
    Path dir;
    SqliteDb db;
    String migrations;
    Map<String, String> complete;

    /** Every AgentOS migration applied: the schema as it should be. */
    @BeforeEach
    void completeSchema() throws Exception {
        Path m = AgentOsDemo.copyMigrations(dir.resolve("migrations"));
        migrations = "filesystem:" + m;
        db = new SqliteDb(dir.resolve("registry.sqlite"));
        for (Path f : Files.list(m).sorted().toList()) {
            RealClients.run(db, f); // migrated by sqlite3, as a deploy would
        }
        complete = db.schema();
    }

    @Test
    void aTableWithColumnsAddedByLaterMigrationsComesBackWithThem() throws Exception {
        db.execute("DROP TABLE task_audits");
        try (Connection c = db.heal(migrations);
             PreparedStatement ps = c.prepareStatement("INSERT INTO task_audits (task_id, event_type, decision_id, verdict_id) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, "t");
            ps.setString(2, "created");
            ps.setString(3, "d1");
            ps.setString(4, "v1");
            assertEquals(1, ps.executeUpdate());
        }
        assertEquals(List.of("audit_id", "task_id", "repo_id", "level", "event_type", "payload", "created_at",
                "decision_id", "source_event_ts", "supervisor_processed_at", "verdict_id"), db.columns("task_audits"));
        assertEquals(List.of("idx_task_audits_created", "idx_task_audits_event", "idx_task_audits_task", "idx_task_audits_verdict"),
                db.indexes("task_audits"));
        Map<String, Object> row = db.history().get(0);
        assertEquals("v01_core.sql, v05_governance.sql, v11_context_governance.sql", row.get("migrations"));
        assertEquals(9, ((Number) row.get("statements_applied")).intValue());
    }

    @Test
    void aMissingFtsShadowIsHealedWhenATriggerNeedsItAndTheFinalTriggerDefinitionIsKept() throws Exception {
        db.execute("INSERT INTO projects (id, path) VALUES ('p', '/p'); INSERT INTO kb_sources VALUES ('s', 'p', 'file', '/f', NULL, NULL);");
        db.execute("DROP TABLE kb_chunks_fts");
        try (Connection c = db.heal(migrations); Statement st = c.createStatement()) {
            // the insert itself names kb_chunks; its trigger fails on the missing FTS table
            st.executeUpdate("INSERT INTO kb_chunks VALUES ('c1', 's', 'self healing schemas', 0, NULL, 'now')");
            st.executeUpdate("UPDATE kb_chunks SET content = 'schemas that heal themselves' WHERE chunk_id = 'c1'");
            try (ResultSet rs = st.executeQuery("SELECT chunk_id FROM kb_chunks_fts WHERE kb_chunks_fts MATCH 'themselves'")) {
                assertTrue(rs.next());
                assertEquals("c1", rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM kb_chunks_fts WHERE kb_chunks_fts MATCH 'self'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "v10's update trigger removed the old text");
            }
        }
        assertEquals(complete.get("table kb_chunks_fts"), db.schema().get("table kb_chunks_fts"));
        assertEquals(List.of("kb_chunks_fts"), db.historyTables());
    }

    @Test
    void aMissingTableAndItsMissingParentsComeBackAsTheCompleteSchemaHasThem() throws Exception {
        db.execute("DROP TABLE kb_embeddings; DROP TABLE kb_chunks_fts; DROP TABLE kb_chunks; DROP TABLE kb_sources;");
        assertFalse(db.has("trigger", "kb_chunks_au"));
        try (Connection c = db.heal(migrations); Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM kb_embeddings").close();
        }
        Map<String, String> healed = db.schema();
        for (String object : List.of("table kb_embeddings", "table kb_chunks", "table kb_sources", "table kb_chunks_fts",
                "trigger kb_chunks_ai", "trigger kb_chunks_ad", "trigger kb_chunks_au")) {
            assertEquals(complete.get(object), healed.get(object), object);
        }
        assertTrue(healed.get("trigger kb_chunks_au").contains("'delete'"), "v10's definition, not v07's");
        assertEquals(List.of("kb_sources", "kb_chunks", "kb_embeddings", "kb_chunks_fts"), db.historyTables());
    }

    @Test
    void theJsonValidationTriggerComesBackWithItsTable() throws Exception {
        db.execute("PRAGMA foreign_keys = OFF; DROP TABLE projects;");
        try (Connection c = db.heal(migrations); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO projects (id, path, tags) VALUES ('ok', '/x', '[\"a\"]')");
            java.sql.SQLException bad = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> st.executeUpdate("INSERT INTO projects (id, path, tags) VALUES ('bad', '/y', 'not json')"));
            assertTrue(bad.getMessage().contains("Invalid tags"), bad.getMessage());
        }
        assertEquals(complete.get("trigger check_projects_tags_json_insert"), db.schema().get("trigger check_projects_tags_json_insert"));
        assertEquals(List.of("id", "path", "added_at", "name", "status", "tags"), db.columns("projects"));
    }
}
