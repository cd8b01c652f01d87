package io.schemaheal.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;

/**
 * A minimal "legacy" chat engine, run as a child JVM by the tests: connects, waits at the test's
 * {@link FileBarrier}, then runs seed 000's chat query and writes one message, through jdbc:heal:sqlite:.
 * Arguments: database file, migrations location, barrier folder, session id.
 */
public final class ChatApp {

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", args[1]);
        java.nio.file.Path barrier = java.nio.file.Path.of(args[2]);
        String session = args[3];
        try (Connection c = DriverManager.getConnection("jdbc:heal:sqlite:" + args[0], p)) {
            FileBarrier.arriveAndAwait(barrier, session);
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM chat_messages WHERE session_id = ?")) {
                ps.setString(1, session);
                try (ResultSet rs = ps.executeQuery()) {
                    System.out.println("query ok, rows=" + (rs.next() ? "some" : "none"));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO chat_messages (message_id, session_id, role, content) VALUES (?, ?, 'user', 'hello')")) {
                ps.setString(1, "m-" + session);
                ps.setString(2, session);
                System.out.println("insert ok, rows=" + ps.executeUpdate());
            }
        }
    }
}
