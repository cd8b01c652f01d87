package io.schemaheal.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child JVM of the load test: threads, each on its own connection, mixing reads and writes over five
 * tables that are missing when it starts. Arguments: heal URL, migrations, threads, operations per
 * thread, barrier folder (see {@link FileBarrier}: every thread starts once all of both JVMs are
 * connected), writer tag. Prints "writes N reads M failures F".
 */
public final class LoadApp {

    static final int TABLES = 5;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", args[1]);
        p.setProperty("busy_timeout", "120000"); // SQLite: 64 writers queue for its single write lock
        int threads = Integer.parseInt(args[2]);
        int ops = Integer.parseInt(args[3]);
        java.nio.file.Path barrier = java.nio.file.Path.of(args[4]);
        String tag = args[5];
        AtomicLong writes = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        List<Throwable> failures = Workers.run(threads, t -> {
            String writer = tag + "-" + t;
            try (Connection c = DriverManager.getConnection(url, p)) {
                FileBarrier.arriveAndAwait(barrier, writer);
                for (int i = 0; i < ops; i++) {
                    String table = "load_" + ((i + t) % TABLES);
                    if (i % 3 == 0) {
                        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE writer = ?")) {
                            ps.setString(1, writer);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                            }
                        }
                        reads.incrementAndGet();
                    } else {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (writer, seq, payload) VALUES (?, ?, ?)")) {
                            ps.setString(1, writer);
                            ps.setInt(2, i);
                            ps.setString(3, writer + ":" + i);
                            writes.addAndGet(ps.executeUpdate());
                        }
                    }
                }
            }
        });
        System.out.println("writes " + writes.get() + " reads " + reads.get() + " failures " + failures.size());
        failures.stream().limit(3).forEach(f -> f.printStackTrace(System.out));
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
