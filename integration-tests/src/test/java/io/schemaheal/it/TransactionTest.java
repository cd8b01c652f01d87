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
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A heal inside the application's open transaction runs on the application's own connection, in a
 * savepoint: the transaction and its earlier writes survive it, and commit or rollback decide for all.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionTest {

    @TempDir
    Path dir;
    SqliteDb db;
    String migrations;

    @BeforeEach
    void driftedRegistry() throws Exception {
        Path m = AgentOsDemo.copyMigrations(dir.resolve("migrations"));
        migrations = "filesystem:" + m;
        db = new SqliteDb(dir.resolve("registry.sqlite"));
        AgentOsDemo.createDriftedRegistry(db.file, m);
    }

    /** Writes a task, then (healing v08 in the middle of the transaction) a chat session and a message. */
    private void writeInOneTransaction(Connection c) throws Exception {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO tasks (task_id, title) VALUES ('t1', 'earlier write')");
            st.executeUpdate("INSERT INTO chat_sessions (session_id, title, task_id) VALUES ('s1', 'chat', 't1')");
            st.executeUpdate("INSERT INTO chat_messages (message_id, session_id, role, content) VALUES ('m1', 's1', 'user', 'hi')");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM tasks WHERE task_id = 't1'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the earlier write is still in the transaction");
            }
        }
        assertFalse(c.getAutoCommit(), "still the application's transaction");
    }

    @Test
    void commitKeepsTheEarlierWritesTheHealAndTheNewRows() throws Exception {
        try (Connection c = db.heal(migrations)) {
            writeInOneTransaction(c);
            c.commit();
        }
        assertEquals(1, db.count("SELECT count(*) FROM tasks WHERE task_id = 't1'"));
        assertEquals(1, db.count("SELECT count(*) FROM chat_messages WHERE message_id = 'm1'"));
        assertEquals(2, db.history().size(), "chat_sessions and chat_messages, once each");
    }

    @Test
    void rollbackDropsTheApplicationsWritesAndTheNextStatementHealsAgain() throws Exception {
        try (Connection c = db.heal(migrations)) {
            writeInOneTransaction(c);
            c.rollback();
            // on SQLite the heal ran inside the transaction, so it is rolled back with it (history included) ...
            c.setAutoCommit(true);
            assertEquals(0, db.count("SELECT count(*) FROM tasks WHERE task_id = 't1'"));
            assertFalse(db.has("table", "chat_messages"));
            // ... and the next statement that needs the table heals it again
            try (PreparedStatement ps = c.prepareStatement(AgentOsDemo.CHAT_QUERY)) {
                ps.setString(1, "s1");
                try (ResultSet rs = ps.executeQuery()) {
                    assertFalse(rs.next(), "the rolled-back message is gone");
                }
            }
        }
        assertTrue(db.has("table", "chat_messages"));
        assertEquals(0, db.count("SELECT count(*) FROM tasks WHERE task_id = 't1'"));
        assertEquals(2, db.history().size());
    }

    @Test
    void anExplicitBeginOnAnAutoCommitConnectionIsRespected() throws Exception {
        try (Connection c = db.heal(migrations); Statement st = c.createStatement()) {
            st.execute("BEGIN");
            st.executeUpdate("INSERT INTO tasks (task_id, title) VALUES ('t2', 'inside BEGIN')");
            st.executeUpdate("INSERT INTO chat_sessions (session_id, task_id) VALUES ('s2', 't2')");
            st.execute("COMMIT");
        }
        assertEquals(1, db.count("SELECT count(*) FROM chat_sessions WHERE task_id = 't2'"));
        assertEquals(1, db.count("SELECT count(*) FROM tasks WHERE task_id = 't2'"));
    }
}
