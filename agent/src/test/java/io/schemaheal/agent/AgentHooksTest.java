package io.schemaheal.agent;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import io.schemaheal.heal.HealAttempt;
import io.schemaheal.heal.Healer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's failure path on a real SQLite connection, without instrumentation. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentHooksTest {

    @AfterEach
    void clear() {
        System.clearProperty("schemaheal.migrations");
    }

    @Test
    void healsAndRunsAgainThenLetsTheConnectionGo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__t.sql"), "CREATE TABLE t (x INT);");
        System.setProperty("schemaheal.migrations", dir.toString());
        WeakReference<Connection> gone = useAndDrop(dir.resolve("a.sqlite"));
        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(gone.get(), "the agent's cache keeps no connection alive");
    }

    private static WeakReference<Connection> useAndDrop(Path db) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement st = c.createStatement()) {
            SQLException missing = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> st.executeQuery("SELECT * FROM t"));
            Object next = AgentHooks.onFailure(st, "SELECT * FROM t", missing, null);
            assertTrue(next instanceof HealAttempt, "healed: run the method again");
            st.executeQuery("SELECT * FROM t").close();
            Object unknown = AgentHooks.onFailure(st, "x", new SQLException("syntax error"), null);
            assertTrue(unknown instanceof SQLException);
            SQLException other = new SQLException("not a missing table");
            assertSame(other, AgentHooks.onFailure(st, "x", other, null), "anything else passes untouched");
        }
        c.close();
        return new WeakReference<>(c);
    }
}
