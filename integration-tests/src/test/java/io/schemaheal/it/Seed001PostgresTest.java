package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 001's AgentOS schema in its PostgreSQL flavour, with seed 000's drift: schema_version at 0.12.0,
 * v08's chat tables missing. The chat engine's query heals exactly v08, as on SQLite.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Seed001PostgresTest {

    static final String MIGRATIONS = "classpath:agentos/postgres";
    ServerDb db;

    @BeforeEach
    void driftedSchema() throws Exception {
        db = ServerDb.postgres();
        Path dir = Path.of(getClass().getResource("/agentos/postgres").toURI());
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().startsWith("v08_")) {
                    db.execute(Files.readString(f));
                }
            }
        }
        db.execute("""
                CREATE TABLE schema_version (version TEXT PRIMARY KEY, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
                INSERT INTO schema_version (version) VALUES ('0.10.0'), ('0.11.0'), ('0.12.0');
                """);
    }

    @AfterEach
    void drop() throws SQLException {
        db.close();
    }

    private Map<String, Map<String, List<String>>> shapes(List<String> tables) throws SQLException {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        for (String t : tables) {
            out.put(t, db.pgShape(t));
        }
        return out;
    }

    @Test
    void theChatQueryHealsV08AndNothingElse() throws Exception {
        List<String> others = db.strings("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1");
        Map<String, Map<String, List<String>>> before = shapes(others);
        try (Connection c = db.heal(MIGRATIONS); PreparedStatement ps = c.prepareStatement("SELECT * FROM chat_messages WHERE session_id = ?")) {
            ps.setString(1, "s1");
            try (ResultSet rs = ps.executeQuery()) {
                assertFalse(rs.next());
            }
        }
        assertEquals(List.of("message_id", "session_id", "role", "content", "created_at", "metadata"), db.columns("chat_messages"));
        assertEquals(List.of("chat_messages_pkey", "idx_chat_messages_created", "idx_chat_messages_role", "idx_chat_messages_session"),
                db.strings("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'chat_messages' ORDER BY 1"));
        assertTrue(db.pgShape("chat_messages").get("constraints").stream().anyMatch(x -> x.contains("REFERENCES chat_sessions(session_id) ON DELETE CASCADE")));
        assertEquals(before, shapes(others), "every other table untouched");
        assertEquals(List.of("chat_sessions", "chat_messages"), db.historyTables());
        assertEquals(3, db.count("SELECT count(*) FROM schema_version"));
    }

    @Test
    void aTableWhoseTriggerFunctionIsGoneTooComesBackWithTheFunctionsFinalDefinition() throws Exception {
        db.execute("DROP TABLE memory_items CASCADE; DROP FUNCTION memory_items_fts();");
        try (Connection c = db.heal(MIGRATIONS); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO memory_items (id, scope, content) VALUES ('m1', 'global', 'the running tests')");
            try (ResultSet rs = st.executeQuery("SELECT search_vector::text FROM memory_items")) {
                rs.next();
                assertEquals("'run':2 'test':3", rs.getString(1), "v10's english configuration, not v03's simple one");
            }
        }
        assertEquals(List.of("memory_items"), db.historyTables());
    }

    @Test
    void theJsonValidationTriggerComesBackWithItsTable() throws Exception {
        db.execute("DROP TABLE projects CASCADE");
        try (Connection c = db.heal(MIGRATIONS); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO projects (id, path, tags) VALUES ('ok', '/x', '[\"a\"]')");
            SQLException bad = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO projects (id, path, tags) VALUES ('bad', '/y', 'not json')"));
            assertEquals("22P02", bad.getSQLState(), "invalid JSON rejected by the healed trigger");
        }
    }
}
