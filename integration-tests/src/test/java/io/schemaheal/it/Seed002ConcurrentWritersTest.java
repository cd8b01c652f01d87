package io.schemaheal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seed 002: minicoder's chat history on a SQLite file ({@code data/chat_history.db}), one idempotent
 * script, short write transactions from concurrent writers. 16 threads insert while the table is
 * missing: every insert lands, the script is applied once.
 */
class Seed002ConcurrentWritersTest {

    static final String INSERT = "INSERT INTO chat_messages (session_id, workspace, role, content) VALUES (?, ?, ?, ?)";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sixteenWritersOnAMissingTable(@TempDir Path dir) throws Exception {
        SqliteDb db = new SqliteDb(dir.resolve("data/chat_history.db"));
        java.nio.file.Files.createDirectories(db.file.getParent());
        db.execute("PRAGMA journal_mode=WAL");
        int threads = 16;
        int perThread = 25;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    try (Connection c = db.heal("classpath:minicoder/sqlite", "schemaheal.lock-timeout", "30s")) {
                        start.await();
                        int inserted = 0;
                        for (int n = 0; n < perThread; n++) {
                            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                                ps.setString(1, "session-" + id);
                                ps.setString(2, "ws");
                                ps.setString(3, n % 2 == 0 ? "user" : "assistant");
                                ps.setString(4, "message " + n);
                                inserted += ps.executeUpdate();
                            }
                        }
                        return inserted;
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(perThread, f.get(50, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, db.count("SELECT count(*) FROM chat_messages"));
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread, db.count("SELECT count(*) FROM chat_messages WHERE session_id = ?", "session-" + t));
        }
        assertEquals(List.of("chat_messages"), db.historyTables(), "the script was applied exactly once");
        assertEquals(List.of("idx_chat_session", "idx_chat_workspace"), db.indexes("chat_messages"));
    }
}
