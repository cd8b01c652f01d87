package io.schemaheal.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * A storm: 32 threads, each with its own connection, insert into one missing table at the same moment.
 * Measured: the time until all 32 have succeeded. Checked after every shot: the script was applied once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StormBenchmark {

    static final int THREADS = 32;

    private Path dir;
    private Path db;
    private final List<Connection> connections = new ArrayList<>();

    @Setup(Level.Invocation)
    public void missingTable() throws Exception {
        dir = Files.createTempDirectory("schemaheal-bench-storm-");
        Path m = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(m.resolve("0001_chat_history.sql"), """
                CREATE TABLE IF NOT EXISTS chat_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL,
                    role TEXT NOT NULL, content TEXT NOT NULL, timestamp DATETIME DEFAULT CURRENT_TIMESTAMP);
                CREATE INDEX IF NOT EXISTS idx_chat_session ON chat_messages(session_id);
                """);
        db = dir.resolve("chat_history.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
        }
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", "filesystem:" + m);
        for (int i = 0; i < THREADS; i++) {
            connections.add(DriverManager.getConnection("jdbc:heal:sqlite:" + db, p));
        }
    }

    @TearDown(Level.Invocation)
    public void checkAppliedOnce() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
        connections.clear();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet heals = st.executeQuery("SELECT (SELECT count(*) FROM schemaheal_history), (SELECT count(*) FROM chat_messages)")) {
            heals.next();
            if (heals.getInt(1) != 1 || heals.getInt(2) != THREADS) {
                throw new IllegalStateException("storm: " + heals.getInt(1) + " heals and " + heals.getInt(2)
                        + " rows; expected 1 heal and " + THREADS + " rows");
            }
        }
        try (var all = Files.walk(dir)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    @Benchmark
    public int storm32() throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Connection c = connections.get(i);
            int n = i;
            Thread t = new Thread(() -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO chat_messages (session_id, role, content) VALUES (?, 'user', 'storm')")) {
                    start.await();
                    ps.setString(1, "s" + n);
                    ps.executeUpdate();
                } catch (Exception | Error e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("storm: " + failures.size() + " inserts failed", failures.get(0));
        }
        return threads.size();
    }
}
