package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heals inside live transactions under load, on the real servers: 2 JVMs × 16 threads run JPA-shaped
 * transactions (read a parent, insert a parent, insert a child into a table that may be missing, commit;
 * one in ten rolls back) while this JVM drops child tables at random moments. No call waits longer than
 * schemaheal.lock-timeout plus a second, every committed transaction's rows are there and no rolled-back
 * row is, and each drop is healed exactly once.
 */
class TransactionLoadTest {

    static final int JVMS = 2;
    static final int THREADS = 16;
    static final int DROPS = 6;
    static final long LOCK_TIMEOUT_MS = 5000;
    private static final Pattern SUMMARY = Pattern.compile(
            "committed (\\d+) rolledback (\\d+) failed (\\d+) afterfence (\\d+) gaveup (\\d+) slowest (\\d+) ms: (.*)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void transactionsKeepTheirRowsWhileTablesAreDroppedAndHealed(String kind) throws Exception {
        boolean pg = kind.equals("postgresql");
        Path m = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(m.resolve("V1__parents.sql"),
                "CREATE TABLE parents (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, after_fence INT NOT NULL);");
        StringBuilder children = new StringBuilder();
        for (int t = 0; t < TransactionLoadApp.CHILD_TABLES; t++) {
            children.append("CREATE TABLE child_").append(t).append(" (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL ")
                    .append("REFERENCES parents(id), note VARCHAR(40));\n")
                    .append("CREATE INDEX idx_child_").append(t).append("_parent ON child_").append(t).append("(parent_id);\n");
        }
        Files.writeString(m.resolve("V2__children.sql"), children);
        try (ServerDb db = pg ? ServerDb.postgres() : ServerDb.mariadb()) {
            db.execute("CREATE TABLE parents (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, after_fence INT NOT NULL)");
            Path fence = dir.resolve("fence");
            String url = "jdbc:heal:" + db.url.substring("jdbc:".length());
            List<Process> apps = new ArrayList<>();
            List<CompletableFuture<String>> outputs = new ArrayList<>();
            int[] drops = new int[TransactionLoadApp.CHILD_TABLES];
            try {
                for (int j = 0; j < JVMS; j++) {
                    Process p = ChildJvm.start(ChildJvm.javaBinary(), List.of(), Map.of(), TransactionLoadApp.class,
                            url, m.toString(), "" + LOCK_TIMEOUT_MS, "" + THREADS, "" + j, fence.toString());
                    apps.add(p);
                    outputs.add(ChildJvm.output(p));
                }
                dropAtRandom(db, drops);
            } finally {
                Files.writeString(fence, "the last drop is done");
            }
            long committed = 0;
            long afterFence = 0;
            for (int j = 0; j < JVMS; j++) {
                Process p = apps.get(j);
                assertTrue(p.waitFor(200, TimeUnit.SECONDS), "child JVM finished");
                String out = outputs.get(j).get(30, TimeUnit.SECONDS);
                System.out.println("jvm" + j + ": " + out);
                assertEquals(0, p.exitValue(), out);
                Matcher s = SUMMARY.matcher(out);
                assertTrue(s.find(), out);
                committed += Long.parseLong(s.group(1));
                afterFence += Long.parseLong(s.group(4));
                assertEquals(0, Long.parseLong(s.group(5)), "threads that could not commit into every child table after "
                        + "the last drop: " + out);
                long slowest = Long.parseLong(s.group(6));
                assertTrue(slowest <= LOCK_TIMEOUT_MS + 1000, "no call waits longer than schemaheal.lock-timeout plus "
                        + "a second: " + slowest + " ms, " + s.group(7));
            }
            assertTrue(afterFence >= (long) JVMS * THREADS * TransactionLoadApp.AFTER_FENCE,
                    "every thread committed its transactions after the last drop, into every child table: " + afterFence);
            try (Connection c = db.raw()) {
                String history = String.join("\n", Queries.strings(c, "SELECT CONCAT(table_name, ' ', outcome, ' ', "
                        + "COALESCE(detail, '')) FROM schemaheal_history ORDER BY id"));
                assertEquals(committed, Queries.count(c, "SELECT count(*) FROM parents"),
                        "every committed transaction's parent is there, no rolled-back or failed one is");
                assertEquals(0, Queries.count(c, "SELECT count(*) FROM parents WHERE id % 10 = 9"), "no rolled-back parent");
                long childrenAfterFence = 0;
                for (int t = 0; t < TransactionLoadApp.CHILD_TABLES; t++) {
                    String child = "child_" + t;
                    assertEquals(0, Queries.count(c, "SELECT count(*) FROM " + child + " WHERE id % 10 = 9"), "no rolled-back child");
                    assertEquals(0, Queries.count(c, "SELECT count(*) FROM " + child + " WHERE id <> parent_id"
                            + " OR id NOT IN (SELECT id FROM parents)"), "each child row belongs to its committed parent");
                    childrenAfterFence += Queries.count(c, "SELECT count(*) FROM " + child + " JOIN parents p ON p.id = "
                            + child + ".parent_id WHERE p.after_fence = 1");
                    // MariaDB's DDL commits at once: a drop can catch a heal between its CREATE and its check, which
                    // then says so in a refused row; each absence was still healed by exactly one heal
                    assertEquals(drops[t] + 1, Queries.count(c, "SELECT count(*) FROM schemaheal_history "
                            + "WHERE table_name = ? AND (outcome = 'healed' OR outcome = 'refused' AND reason = 'DROPPED_MEANWHILE')",
                            child),
                            child + " was dropped " + drops[t] + " times: each drop and the first absence healed once; history:\n" + history);
                    assertEquals(1, Queries.count(c, pg ? "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                            + "AND indexname = ?" : "SELECT count(DISTINCT index_name) FROM information_schema.statistics "
                            + "WHERE table_schema = DATABASE() AND index_name = ?", "idx_" + child + "_parent"), "its index");
                }
                assertEquals(Queries.count(c, "SELECT count(*) FROM parents WHERE after_fence = 1"), childrenAfterFence,
                        "every transaction committed after the last drop has its child row");
                assertEquals(0, Queries.count(c, "SELECT count(*) FROM schemaheal_history WHERE outcome <> 'healed' "
                        + "AND NOT (outcome = 'refused' AND reason = 'DROPPED_MEANWHILE' "
                        + "AND detail LIKE '%dropped by another session meanwhile%')"),
                        "no heal refused, failed or left unfinished; history:\n" + history);
            }
            int total = 0;
            for (int d : drops) {
                total += d;
            }
            assertEquals(DROPS, total);
        }
    }

    /**
     * Drops a child table that exists, at a random moment, until {@link #DROPS} drops are done. On
     * PostgreSQL the drop takes the parent table first (its foreign key needs it too): in the order the
     * transactions take them, or a transaction that wrote a parent and waits for the child behind the drop
     * would deadlock with it. A drop not granted its locks in time is tried again at the next moment.
     */
    private static void dropAtRandom(ServerDb db, int[] drops) throws Exception {
        Random random = new Random(42);
        boolean pg = db.kind().equals("postgresql");
        try (Connection c = db.raw(); Statement st = c.createStatement()) {
            st.execute(pg ? "SET lock_timeout = '1s'" : "SET SESSION lock_wait_timeout = 1");
            int done = 0;
            while (done < DROPS) {
                Thread.sleep(200 + random.nextInt(500));
                int t = random.nextInt(TransactionLoadApp.CHILD_TABLES);
                if (!db.hasTable("child_" + t)) {
                    continue;
                }
                try {
                    if (pg) {
                        c.setAutoCommit(false);
                        st.execute("LOCK TABLE parents IN ACCESS EXCLUSIVE MODE");
                    }
                    st.execute("DROP TABLE child_" + t);
                    if (pg) {
                        c.commit();
                    }
                    drops[t]++;
                    done++;
                } catch (SQLException busy) {
                    if (pg) {
                        c.rollback();
                    }
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }
}
