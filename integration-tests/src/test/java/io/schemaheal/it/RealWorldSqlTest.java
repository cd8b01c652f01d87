package io.schemaheal.it;

import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQL seen in real projects' migration sets that a heal must get through. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealWorldSqlTest extends MigrationSetTest {

    /**
     * A data copy from a table that a later migration drops (TrueNAS-style {@code FOR r IN SELECT * FROM
     * replication_task} in a {@code DO} block, or {@code INSERT ... SELECT}): its input is not in the end state, so the
     * heal skips it and names it, and the table it filled still heals — instead of failing that table forever.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aDataCopyFromATableDroppedLaterIsSkippedAndNamedNotFatal(String kind) throws Exception {
        List<String> files = new ArrayList<>(List.of(
                "V1__tasks.sql", "CREATE TABLE replication_task (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50));\n"
                        + "INSERT INTO replication_task (id, name) VALUES (1, 'nightly');",
                "V2__runs.sql", "CREATE TABLE task_runs (task_id INTEGER NOT NULL, name VARCHAR(50));\n"
                        + "INSERT INTO task_runs (task_id, name) SELECT id, name FROM replication_task;",
                "V4__drop_tasks.sql", "DROP TABLE replication_task;"));
        if (kind.equals("postgresql")) {
            files.addAll(List.of("V3__copy_again.sql", """
                    DO $$
                    DECLARE r record;
                    BEGIN
                        FOR r IN SELECT * FROM replication_task LOOP
                            INSERT INTO task_runs (task_id, name) VALUES (r.id, r.name || ' again');
                        END LOOP;
                    END $$;
                    """));
        }
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = TestDatabase.migrations(dir.resolve("m"), files.toArray(String[]::new));
            NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of(m)));
            db.dropTable("task_runs");
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO task_runs (task_id, name) VALUES (2, 'weekly')");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("2 weekly"), Queries.strings(c, "SELECT " + (kind.equals("mariadb")
                        ? "CONCAT(task_id, ' ', name)" : "task_id || ' ' || name") + " FROM task_runs"));
                List<String> rows = Queries.strings(c, "SELECT outcome FROM schemaheal_history");
                assertEquals(List.of("healed"), rows);
                String detail = Queries.strings(c, "SELECT detail FROM schemaheal_history").get(0);
                assertTrue(detail.contains("V2__runs.sql:2") && detail.contains("it reads replication_task, which is not there "
                        + "(a later migration drops or renames it"), detail);
                assertTrue(!kind.equals("postgresql") || detail.contains("V3__copy_again.sql:1"), detail);
            }
        }
    }
}
