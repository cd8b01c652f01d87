package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** PostgreSQL answering in German: the heal reads the table from the error's position, not the message. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresLocalizedTest {

    @Test
    void healsWithGermanServerMessages(@TempDir Path dir) throws Exception {
        try (ServerDb db = ServerDb.postgres()) {
            String url = db.url + "&options=-c%20lc_messages=de_DE.utf8";
            try (Connection probe = DriverManager.getConnection(url); Statement st = probe.createStatement()) {
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> st.executeQuery("SELECT * FROM not_there"));
                assumeTrue(e.getMessage().contains("existiert nicht"), "the server has no German messages: " + e.getMessage());
            } catch (SQLException noLocale) {
                assumeTrue(false, "the server cannot use lc_messages=de_DE.utf8 (" + noLocale.getMessage()
                        + "); generate the locale (localedef -i de_DE -f UTF-8 de_DE.UTF-8) and restart PostgreSQL");
            }
            Path m = Files.createDirectories(dir.resolve("m"));
            Files.writeString(m.resolve("V1__chat.sql"), "CREATE TABLE chat_log (id INT, body TEXT);");
            Properties p = new Properties();
            p.setProperty("schemaheal.migrations", m.toString());
            try (Connection c = DriverManager.getConnection("jdbc:heal:" + url.substring("jdbc:".length()), p);
                 PreparedStatement ps = c.prepareStatement("SELECT ?::int AS a, ?::text AS b FROM chat_log")) {
                ps.setInt(1, 1);
                ps.setString(2, "x");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(!rs.next());
                }
            }
            assertEquals(List.of("chat_log"), db.historyTables());
        }
    }
}
