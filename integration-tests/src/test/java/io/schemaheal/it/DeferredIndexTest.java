package io.schemaheal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code CREATE INDEX CONCURRENTLY} cannot run in the heal's transaction, so it runs after the commit, where that
 * transaction's {@code lock_timeout} no longer applies. It waits for every older transaction to end; it may wait no
 * longer than {@code schemaheal.lock-timeout}, leave nothing half-built, and leave the session as it found it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeferredIndexTest extends MigrationSetTest {

    @Test
    void aConcurrentIndexWaitsNoLongerThanTheLockTimeout() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String m = TestDatabase.migrations(dir.resolve("m"),
                    "V1__events.sql", "CREATE TABLE events (id INT PRIMARY KEY);\n",
                    "V2__events_kind.sql", "ALTER TABLE events ADD COLUMN kind TEXT;\n"
                            + "CREATE INDEX CONCURRENTLY events_kind ON events (kind);\n");
            db.execute("CREATE TABLE events (id INT PRIMARY KEY)");
            try (Connection older = db.raw(); Statement blocker = older.createStatement()) {
                // an open transaction with a snapshot: CREATE INDEX CONCURRENTLY on the existing table waits until it ends
                older.setAutoCommit(false);
                older.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                blocker.executeQuery("SELECT count(*) FROM pg_class").close();

                try (Connection c = db.heal(m, "schemaheal.lock-timeout", "1s"); Statement st = c.createStatement()) {
                    String path = Queries.strings(c, "SHOW search_path").get(0);
                    assertEquals(0, Queries.count(c, "SELECT count(kind) FROM events"), "the column healed; the statement ran");
                    assertEquals(List.of("0"), Queries.strings(c, "SHOW lock_timeout"), "the session's own lock_timeout is back");
                    assertEquals(List.of(path), Queries.strings(c, "SHOW search_path"), "and its search_path");
                    st.executeUpdate("INSERT INTO events VALUES (1, 'login')");
                }
                try (Connection c = db.raw()) {
                    assertEquals(0, Queries.count(c, "SELECT count(*) FROM pg_class WHERE oid = to_regclass('events_kind')"),
                            "no invalid index is left behind for the next try to trip over");
                }
                older.rollback();
            }
        }
    }
}
