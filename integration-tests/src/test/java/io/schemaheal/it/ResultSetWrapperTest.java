package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgjdbc and MariaDB Connector/J return a new result set on every execution. SchemaHeal's result-set wrapper
 * takes the next one over only when the application closed the last, so executing again allocates nothing,
 * and a result set the application still holds open is never touched.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResultSetWrapperTest {

    @ParameterizedTest
    @EnumSource(ServerDb.Kind.class)
    void aClosedResultSetsWrapperServesTheNextExecutionAnOpenOneNever(ServerDb.Kind kind, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path m = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(m.resolve("V1__items.sql"), "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);");
        try (ServerDb db = ServerDb.of(kind)) {
            try (Connection c = db.heal("filesystem:" + m);
                 PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
                // the first execution heals items; then two rows to read
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertFalse(rs.next());
                }
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two')");
                }

                ps.setInt(1, 1);
                ResultSet first = ps.executeQuery();
                assertTrue(first.next());
                assertEquals("one", first.getString(1));
                first.close();
                ps.setInt(1, 2);
                ResultSet second = ps.executeQuery();
                assertSame(first, second, "the closed result set's wrapper serves the next execution");
                assertSame(ps, second.getStatement());
                assertTrue(second.next());
                assertEquals("two", second.getString(1));
                ResultSet driversSecond = second.unwrap(ResultSet.class);

                // not closed by the application: a new wrapper, and the old one still stands for the driver's result
                ps.setInt(1, 1);
                ResultSet third = ps.executeQuery();
                assertNotSame(second, third);
                assertSame(driversSecond, second.unwrap(ResultSet.class), "an open result set is never taken over");
                assertEquals(driversSecond.isClosed(), second.isClosed());
                if (kind == ServerDb.Kind.POSTGRESQL) {
                    // pgjdbc closes it on re-execution, as JDBC says; the application sees that, as without SchemaHeal
                    assertTrue(second.isClosed());
                    assertThrows(SQLException.class, second::next);
                }
                assertTrue(third.next());
                assertEquals("one", third.getString(1));
                assertSame(ps, third.getStatement());
                third.close();
            }
        }
    }
}
