package io.schemaheal.it;

import io.schemaheal.demo.AgentOsDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two JVMs hit the same missing table in one SQLite file at the same moment: one heal, both succeed. */
class TwoProcessesTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoJvmsOneHeal(@TempDir Path dir) throws Exception {
        Path migrations = AgentOsDemo.copyMigrations(dir.resolve("migrations"));
        SqliteDb db = new SqliteDb(dir.resolve("registry.sqlite"));
        AgentOsDemo.createDriftedRegistry(db.file, migrations);

        Path barrier = java.nio.file.Files.createDirectories(dir.resolve("barrier")); // both connected, then both fire
        Process a = ChildJvm.start(ChatApp.class, db.file.toString(), "filesystem:" + migrations, barrier.toString(), "a");
        Process b = ChildJvm.start(ChatApp.class, db.file.toString(), "filesystem:" + migrations, barrier.toString(), "b");
        FileBarrier.releaseWhenReady(barrier, 2, List.of(a, b));
        for (Process p : List.of(a, b)) {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "child JVM finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("query ok") && out.contains("insert ok, rows=1"), out);
        }
        assertEquals(2, db.count("SELECT count(*) FROM chat_messages"));
        assertEquals(List.of("chat_sessions", "chat_messages"), db.historyTables(), "one application of v08");
    }
}
