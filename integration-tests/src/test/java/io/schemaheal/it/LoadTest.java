package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 2 JVMs × 32 threads × 1,000 mixed reads and writes over 5 tables missing at the start: no write lost or
 * duplicated (every row counted and checksummed), each table healed exactly once.
 */
class LoadTest {

    static final int JVMS = 2;
    static final int THREADS = 32;
    static final int OPS = 1000;
    /** Every third operation is a read. */
    static final int WRITES_PER_THREAD = OPS - (OPS + 2) / 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void noWriteLostOrDuplicatedAndEachTableHealedOnce(String database) throws Exception {
        Path m = Files.createDirectories(dir.resolve("migrations"));
        StringBuilder script = new StringBuilder();
        String idColumn = switch (database) {
            case "postgresql" -> "id BIGSERIAL PRIMARY KEY";
            case "mariadb" -> "id BIGINT AUTO_INCREMENT PRIMARY KEY";
            default -> "id INTEGER PRIMARY KEY AUTOINCREMENT";
        };
        for (int t = 0; t < LoadApp.TABLES; t++) {
            script.append("CREATE TABLE load_").append(t).append(" (").append(idColumn)
                    .append(", writer VARCHAR(64) NOT NULL, seq INT NOT NULL, payload VARCHAR(128));\n")
                    .append("CREATE INDEX idx_load_").append(t).append("_writer ON load_").append(t).append("(writer);\n");
        }
        Files.writeString(m.resolve("V1__load.sql"), script);

        ServerDb server = database.equals("sqlite") ? null
                : ServerDb.of(database.equals("postgresql") ? ServerDb.Kind.POSTGRESQL : ServerDb.Kind.MARIADB);
        try {
            String url;
            if (server == null) {
                Path db = dir.resolve("load.sqlite");
                try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                }
                url = "jdbc:heal:sqlite:" + db;
            } else {
                url = "jdbc:heal:" + server.url.substring("jdbc:".length());
            }
            Path barrier = Files.createDirectories(dir.resolve("barrier"));
            Process[] apps = new Process[JVMS];
            for (int j = 0; j < JVMS; j++) {
                apps[j] = ChildJvm.start(ChildJvm.javaBinary(), List.of(), Map.of(), LoadApp.class,
                        url, m.toString(), "" + THREADS, "" + OPS, barrier.toString(), "jvm" + j);
            }
            FileBarrier.releaseWhenReady(barrier, JVMS * THREADS, List.of(apps));
            for (Process p : apps) {
                assertTrue(p.waitFor(240, TimeUnit.SECONDS), "child JVM finished");
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), out);
                assertTrue(out.contains("writes " + (long) THREADS * WRITES_PER_THREAD + " reads " + (long) THREADS * (OPS - WRITES_PER_THREAD)
                        + " failures 0"), out);
            }
            try (Connection c = java.sql.DriverManager.getConnection(url.replace("jdbc:heal:", "jdbc:"))) {
                long rows = 0;
                for (int t = 0; t < LoadApp.TABLES; t++) {
                    String table = "load_" + t;
                    rows += Queries.count(c, "SELECT count(*) FROM " + table);
                    assertEquals(0, Queries.count(c, "SELECT count(*) FROM (SELECT writer, seq FROM " + table
                            + " GROUP BY writer, seq HAVING count(*) > 1) d"), "no duplicated write in " + table);
                    assertEquals(0, Queries.count(c, "SELECT count(*) FROM " + table
                            + " WHERE payload <> " + (database.equals("postgresql") ? "writer || ':' || seq" : database.equals("mariadb")
                            ? "CONCAT(writer, ':', seq)" : "writer || ':' || seq")), "every row intact in " + table);
                }
                long expected = (long) JVMS * THREADS * WRITES_PER_THREAD;
                assertEquals(expected, rows, "no lost write");
                // checksum: the sum of seq over all rows is what the writers wrote
                long seqSum = 0;
                for (int t = 0; t < LoadApp.TABLES; t++) {
                    seqSum += Queries.count(c, "SELECT coalesce(sum(seq), 0) FROM load_" + t);
                }
                long perThread = 0;
                for (int i = 0; i < OPS; i++) {
                    perThread += i % 3 == 0 ? 0 : i;
                }
                assertEquals(perThread * JVMS * THREADS, seqSum, "checksum of every written seq");
                List<String> healed = Queries.strings(c, "SELECT table_name FROM schemaheal_history WHERE outcome = 'healed' ORDER BY table_name");
                assertEquals(List.of("load_0", "load_1", "load_2", "load_3", "load_4"), healed, "each table healed exactly once");
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
