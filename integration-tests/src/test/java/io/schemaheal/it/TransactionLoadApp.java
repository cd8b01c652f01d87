package io.schemaheal.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child JVM of {@link TransactionLoadTest}: threads, each on its own connection, running JPA-shaped
 * transactions (read a parent, insert a parent, insert a child into a table that may be missing, commit;
 * every tenth rolls back) while the test drops child tables. A thread stops once it has committed
 * {@link #AFTER_FENCE} transactions begun after the fence file appeared (the test's last drop is done),
 * among them one into each child table (each dropped table is needed again, and heals).
 * Arguments: heal URL, migrations, lock timeout (ms), threads, JVM number, fence file. Prints one line
 * "committed C rolledback R failed F afterfence A gaveup G slowest S ms: SQL" (G: threads that did not get their
 * transactions after the fence committed), then a sample of the failures.
 */
public final class TransactionLoadApp {

    static final int CHILD_TABLES = 4;
    static final int AFTER_FENCE = 15;
    /** A thread that cannot commit this many transactions after the fence gives up (the test then fails). */
    static final int MAX_AFTER_FENCE_TRIES = 400;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", args[1]);
        p.setProperty("schemaheal.lock-timeout", args[2] + "ms");
        int threads = Integer.parseInt(args[3]);
        int jvm = Integer.parseInt(args[4]);
        Path fence = Path.of(args[5]);
        AtomicLong committed = new AtomicLong();
        AtomicLong rolledBack = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong afterFence = new AtomicLong();
        AtomicLong gaveUp = new AtomicLong();
        Slowest slowest = new Slowest();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Throwable> crashed = Workers.run(threads, t -> {
            long base = (jvm * 100L + t) * 1_000_000L; // a multiple of 10: id % 10 == seq % 10
            try (Connection c = DriverManager.getConnection(url, p)) {
                c.setAutoCommit(false);
                int done = 0;
                int tries = 0;
                int tablesDone = 0; // a bit per child table with a transaction committed after the fence
                int allTables = (1 << CHILD_TABLES) - 1;
                for (long seq = 1; (done < AFTER_FENCE || tablesDone != allTables) && tries < MAX_AFTER_FENCE_TRIES; seq++) {
                    boolean after = Files.exists(fence);
                    long id = base + seq;
                    boolean rollback = seq % 10 == 9;
                    try {
                        slowest.time("SELECT parent", () -> {
                            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM parents WHERE id = ?")) {
                                ps.setLong(1, id - 1);
                                ps.executeQuery().close();
                            }
                        });
                        slowest.time("INSERT parent", () -> {
                            try (PreparedStatement ps = c.prepareStatement("INSERT INTO parents (id, name, after_fence) VALUES (?, ?, ?)")) {
                                ps.setLong(1, id);
                                ps.setString(2, "p" + id);
                                ps.setInt(3, after ? 1 : 0);
                                ps.executeUpdate();
                            }
                        });
                        String child = "child_" + seq % CHILD_TABLES;
                        slowest.time("INSERT " + child, () -> {
                            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + child + " (id, parent_id, note) VALUES (?, ?, ?)")) {
                                ps.setLong(1, id);
                                ps.setLong(2, id);
                                ps.setString(3, "c" + id);
                                ps.executeUpdate();
                            }
                        });
                        if (rollback) {
                            slowest.time("ROLLBACK", c::rollback);
                            rolledBack.incrementAndGet();
                        } else {
                            slowest.time("COMMIT", c::commit);
                            committed.incrementAndGet();
                            if (after) {
                                afterFence.incrementAndGet();
                                done++;
                                tablesDone |= 1 << (int) (seq % CHILD_TABLES);
                            }
                        }
                    } catch (SQLException e) {
                        failed.incrementAndGet();
                        if (failures.size() < 20) {
                            failures.add(describe(e));
                        }
                        c.rollback(); // as a transaction manager does; the application may run it again
                    }
                    if (after) {
                        tries++;
                    }
                }
                if (tries >= MAX_AFTER_FENCE_TRIES) {
                    gaveUp.incrementAndGet();
                }
            }
        });
        System.out.println("committed " + committed + " rolledback " + rolledBack + " failed " + failed
                + " afterfence " + afterFence + " gaveup " + gaveUp + " slowest " + slowest);
        failures.forEach(f -> System.out.println("failure: " + f));
        crashed.stream().limit(3).forEach(f -> f.printStackTrace(System.out));
        System.exit(crashed.isEmpty() ? 0 : 1);
    }

    private static String describe(SQLException e) {
        StringBuilder b = new StringBuilder(e.getSQLState() + " " + e.getMessage());
        for (Throwable s : e.getSuppressed()) {
            b.append(" | ").append(s.getMessage());
        }
        return b.toString().replace('\n', ' ');
    }

    /** The longest single JDBC call, and which. */
    static final class Slowest {
        interface Call {
            void run() throws SQLException;
        }

        private long millis;
        private String what = "none";

        void time(String label, Call call) throws SQLException {
            long started = System.nanoTime();
            try {
                call.run();
            } finally {
                long took = (System.nanoTime() - started) / 1_000_000;
                synchronized (this) {
                    if (took > millis) {
                        millis = took;
                        what = label;
                    }
                }
            }
        }

        @Override
        public synchronized String toString() {
            return millis + " ms: " + what;
        }
    }
}
