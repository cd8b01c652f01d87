package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prepared batch (what Hibernate and jOOQ send) into a missing table. The driver drops the batch's
 * parameters when it fails, so SchemaHeal heals and leaves the original exception, with a note; nothing
 * of the batch ran, and the application's next attempt works.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PreparedBatchTest extends MigrationSetTest {

    static final String INSERT = "INSERT INTO items (id, name) VALUES (?, ?)";

    private String migrations() throws Exception {
        Path m = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(m.resolve("V1__items.sql"), "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);");
        return "filesystem:" + m;
    }

    private static void add(PreparedStatement ps, int from) throws SQLException {
        for (int id = from; id < from + 3; id++) {
            ps.setInt(1, id);
            ps.setString(2, "item " + id);
            ps.addBatch();
        }
    }

    @ParameterizedTest
    @EnumSource(ServerDb.Kind.class)
    void onTheServersTheBatchFailsOnceThenTheTableIsThere(ServerDb.Kind kind) throws Exception {
        try (ServerDb db = ServerDb.of(kind)) {
            try (Connection c = db.heal(migrations()); PreparedStatement ps = c.prepareStatement(INSERT)) {
                add(ps, 1);
                SQLException e = assertThrows(SQLException.class, ps::executeBatch);
                assertTrue(List.of(e.getSuppressed()).stream().anyMatch(x -> x.getMessage().contains("run the batch again")),
                        "the caller is told: " + List.of(e.getSuppressed()));
                assertTrue(db.hasTable("items"));
                assertEquals(0, db.count("SELECT count(*) FROM items"), "nothing of the failed batch ran");

                add(ps, 1);
                assertEquals(3, ps.executeBatch().length, "the application's next attempt works");
            }
            assertEquals(3, db.count("SELECT count(*) FROM items"));
            assertEquals(List.of("items"), db.historyTables());
        }
    }

    @Test
    void onSqliteThePrepareHealsAndTheBatchRuns() throws Exception {
        SqliteDb db = new SqliteDb(dir.resolve("batch.sqlite"));
        try (Connection c = db.heal(migrations()); PreparedStatement ps = c.prepareStatement(INSERT)) {
            add(ps, 1);
            assertEquals(3, ps.executeBatch().length);
        }
        assertEquals(3, db.count("SELECT count(*) FROM items"));
        assertEquals(List.of("items"), db.historyTables());
    }
}
