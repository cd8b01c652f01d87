package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import io.schemaheal.demo.AgentOsDemo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000: store/registry.sqlite says 0.12.0, v08's chat tables were never created, v07 and v09 tables
 * exist. The chat engine's query through jdbc:heal:sqlite: heals exactly v08's objects and succeeds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Seed000RegistryTest {

    @TempDir
    Path dir;
    SqliteDb db;
    String migrations;

    @BeforeEach
    void driftedRegistry() throws Exception {
        Path m = AgentOsDemo.copyMigrations(dir.resolve("migrations"));
        migrations = "filesystem:" + m;
        db = new SqliteDb(dir.resolve("store/registry.sqlite"));
        AgentOsDemo.createDriftedRegistry(db.file, m);
    }

    @Test
    void theDriftIsSeed000() throws Exception {
        assertEquals(3, db.count("SELECT count(*) FROM schema_version"));
        assertEquals(1, db.count("SELECT count(*) FROM schema_version WHERE version = '0.12.0'"));
        assertFalse(db.has("table", "chat_messages"));
        assertFalse(db.has("table", "chat_sessions"));
        assertTrue(db.has("table", "kb_chunks") && db.has("table", "command_history"), "v07/v09 tables exist");
        try (Connection c = db.raw()) {
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement(AgentOsDemo.CHAT_QUERY));
            assertTrue(e.getMessage().contains("no such table: chat_messages"), e.getMessage());
        }
    }

    @Test
    void theChatQueryHealsAndSucceeds() throws Exception {
        Map<String, String> before = db.schema();

        try (Connection c = db.heal(migrations); PreparedStatement ps = c.prepareStatement(AgentOsDemo.CHAT_QUERY)) {
            ps.setString(1, "session-1");
            try (ResultSet rs = ps.executeQuery()) {
                assertFalse(rs.next());
                assertEquals(6, rs.getMetaData().getColumnCount());
            }
        }

        assertEquals(List.of("session_id", "title", "task_id", "created_at", "updated_at", "metadata"), db.columns("chat_sessions"));
        assertEquals(List.of("message_id", "session_id", "role", "content", "created_at", "metadata"), db.columns("chat_messages"));
        assertEquals(List.of("idx_chat_sessions_created", "idx_chat_sessions_task", "idx_chat_sessions_updated"), db.indexes("chat_sessions"));
        assertEquals(List.of("idx_chat_messages_created", "idx_chat_messages_role", "idx_chat_messages_session"), db.indexes("chat_messages"));
        assertTrue(db.schema().get("table chat_messages").contains("REFERENCES chat_sessions(session_id) ON DELETE CASCADE"));

        // only v08's objects and the history table are new; every v07/v09 (and other) object is untouched
        Map<String, String> after = new TreeMap<>(db.schema());
        after.keySet().removeIf(k -> k.contains("chat_") || k.equals("table schemaheal_history")
                || k.equals("table sqlite_sequence"));
        Map<String, String> expected = new TreeMap<>(before);
        expected.remove("table sqlite_sequence");
        assertEquals(expected, after);
        assertEquals(3, db.count("SELECT count(*) FROM schema_version"), "the application's version table is never written");

        List<Map<String, Object>> history = db.history();
        assertEquals(List.of("chat_sessions", "chat_messages"), db.historyTables(), "one row per healed table");
        for (Map<String, Object> row : history) {
            assertEquals("v08_chat.sql", row.get("migrations"));
            assertEquals("healed", row.get("outcome"));
            assertEquals(4, ((Number) row.get("statements_applied")).intValue());
            assertEquals(0, ((Number) row.get("statements_skipped")).intValue());
            assertTrue(((String) row.get("checksums")).startsWith("v08_chat.sql="));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), row.get("process"), "the pid, once");
            assertTrue(row.get("host") != null);
        }
    }

    @Test
    void theHealedTablesWorkAndAreNotHealedAgain() throws Exception {
        try (Connection c = db.heal(migrations)) {
            try (java.sql.Statement st = c.createStatement()) { // the application's writes, through SchemaHeal
                st.execute("INSERT INTO chat_sessions (session_id, title) VALUES ('s1', 'first')");
                st.execute("INSERT INTO chat_messages (message_id, session_id, role, content) VALUES ('m1', 's1', 'user', 'hi')");
            }
            try (PreparedStatement ps = c.prepareStatement(AgentOsDemo.CHAT_QUERY)) {
                ps.setString(1, "s1");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("hi", rs.getString("content"));
                }
            }
        }
        try (Connection c = db.heal(migrations); PreparedStatement ps = c.prepareStatement(AgentOsDemo.CHAT_QUERY)) {
            ps.setString(1, "s1");
            ps.executeQuery().close();
        }
        assertEquals(2, db.history().size(), "a second connection finds nothing missing");
    }
}
