package io.schemaheal.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 002's minicoder, as a child JVM: chat history on SQLite ({@code data/chat_history.db}) by default,
 * PostgreSQL or MariaDB through the DATABASE_URL environment variable; SchemaHeal configured only by the
 * environment (SCHEMAHEAL_MIGRATIONS). Arguments: threads, messages per thread, barrier folder (every thread starts
 * its inserts once all threads of both JVMs are connected: see {@link FileBarrier}), tag.
 * Prints "inserted N" and exits 0 when every insert succeeded.
 */
public final class MinicoderApp {

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("DATABASE_URL", "jdbc:heal:sqlite:data/chat_history.db");
        int threads = Integer.parseInt(args[0]);
        int messages = Integer.parseInt(args[1]);
        java.nio.file.Path barrier = java.nio.file.Path.of(args[2]);
        String tag = args[3];
        AtomicInteger inserted = new AtomicInteger();
        List<Throwable> failures = Workers.run(threads, t -> {
            String session = tag + "-" + t;
            try (Connection c = DriverManager.getConnection(url)) {
                FileBarrier.arriveAndAwait(barrier, session);
                for (int n = 0; n < messages; n++) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO chat_messages (session_id, workspace, role, content) VALUES (?, ?, ?, ?)")) {
                        ps.setString(1, session);
                        ps.setString(2, "ws");
                        ps.setString(3, n % 2 == 0 ? "user" : "assistant");
                        ps.setString(4, "message " + n);
                        inserted.addAndGet(ps.executeUpdate());
                    }
                }
            }
        });
        System.out.println("inserted " + inserted.get());
        for (Throwable f : failures) {
            f.printStackTrace(System.out);
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
