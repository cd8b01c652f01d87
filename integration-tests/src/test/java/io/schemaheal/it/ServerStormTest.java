package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 002 on the servers: the same minicoder code, switched to PostgreSQL or MariaDB by DATABASE_URL,
 * run as two JVMs with 16 threads each on one missing table: one application of the script, every insert lands.
 */
class ServerStormTest {

    static final int THREADS = 16;
    static final int MESSAGES = 10;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ServerDb.Kind.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoJvmsSixteenThreadsEachOneHeal(ServerDb.Kind kind) throws Exception {
        try (ServerDb db = ServerDb.of(kind)) {
            String folder = kind == ServerDb.Kind.POSTGRESQL ? "postgres" : "mariadb";
            Map<String, String> env = Map.of(
                    "DATABASE_URL", "jdbc:heal:" + db.url.substring("jdbc:".length()),
                    "SCHEMAHEAL_MIGRATIONS", "classpath:minicoder/" + folder);
            Path barrier = Files.createDirectories(dir.resolve("barrier"));
            Process a = ChildJvm.start(env, MinicoderApp.class, "" + THREADS, "" + MESSAGES, barrier.toString(), "a");
            Process b = ChildJvm.start(env, MinicoderApp.class, "" + THREADS, "" + MESSAGES, barrier.toString(), "b");
            FileBarrier.releaseWhenReady(barrier, 2 * THREADS, List.of(a, b)); // all 32 connected, then all go
            for (Process p : List.of(a, b)) {
                assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), out);
                assertTrue(out.contains("inserted " + THREADS * MESSAGES), out);
            }
            assertEquals(2L * THREADS * MESSAGES, db.count("SELECT count(*) FROM chat_messages"));
            assertEquals(2L * THREADS, db.count("SELECT count(DISTINCT session_id) FROM chat_messages"));
            assertEquals(List.of("chat_messages"), db.historyTables(), "the script was applied exactly once");
        }
    }
}
