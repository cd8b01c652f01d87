package io.schemaheal.dialect.sqlite;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import io.schemaheal.dialect.ObjectType;
import io.schemaheal.sql.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Classification of the exceptions sqlite-jdbc really throws, on a real database file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteDialectTest {

    private final io.schemaheal.dialect.Dialect dialect = SqliteDialect.create();

    @Test
    void classifiesRealSqliteExceptions(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE present (x INT)");

            SQLException missing = assertThrows(SQLException.class, () -> c.prepareStatement("SELECT * FROM chat_messages"));
            assertEquals(ObjectName.of("chat_messages"), dialect.errors().missingRelation(missing, null));

            SQLException qualified = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM main.kb_chunks_fts"));
            ObjectName q = dialect.errors().missingRelation(qualified, null);
            assertNull(q.schema(), "main is the connection's own database");
            assertEquals("kb_chunks_fts", q.name());

            // a name with a space is read whole, not up to the space
            String spaced = "SELECT * FROM \"audit log\"";
            SQLException space = assertThrows(SQLException.class, () -> st.executeQuery(spaced));
            assertEquals(new ObjectName(null, "audit log", false), dialect.errors().missingRelation(space, spaced));
            // a table of an attached database keeps its schema
            st.execute("ATTACH DATABASE '" + dir.resolve("aux.db") + "' AS aux");
            SQLException attached = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM aux.audit"));
            assertEquals(new ObjectName("aux", "audit", false), dialect.errors().missingRelation(attached, "SELECT * FROM aux.audit"));
            // one quoted name with a dot in it is one name
            String dotted = "SELECT * FROM \"aux.audit\"";
            SQLException dottedName = assertThrows(SQLException.class, () -> st.executeQuery(dotted));
            assertEquals(new ObjectName(null, "aux.audit", true), dialect.errors().missingRelation(dottedName, dotted));

            SQLException noColumn = assertThrows(SQLException.class, () -> st.executeQuery("SELECT nope FROM present"));
            assertNull(dialect.errors().missingRelation(noColumn, null));
            SQLException syntax = assertThrows(SQLException.class, () -> st.execute("SELEC 1"));
            assertNull(dialect.errors().missingRelation(syntax, null));
            SQLException constraint = assertThrows(SQLException.class, () -> {
                st.execute("CREATE TABLE u (x INT NOT NULL)");
                st.execute("INSERT INTO u VALUES (NULL)");
            });
            assertNull(dialect.errors().missingRelation(constraint, null));

            st.addBatch("INSERT INTO present VALUES (1)");
            st.addBatch("INSERT INTO absent VALUES (1)");
            st.addBatch("INSERT INTO present VALUES (2)");
            BatchUpdateException batch = assertThrows(BatchUpdateException.class, st::executeBatch);
            assertTrue(batch.getCause() instanceof SQLException);
            assertEquals(ObjectName.of("absent"), dialect.errors().missingRelation((SQLException) batch.getCause(), null));
            assertEquals(1, dialect.errors().batchStatementsDone(batch, 3));
        }
    }

    @Test
    void catalogChecks(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE Tasks (task_id TEXT, Title TEXT)");
            st.execute("CREATE INDEX idx_t ON Tasks(title)");
            st.execute("CREATE VIEW v AS SELECT * FROM Tasks");
            assertTrue(dialect.catalog().exists(c, ObjectType.RELATION, ObjectName.of("tasks"), null));
            assertTrue(dialect.catalog().exists(c, ObjectType.RELATION, ObjectName.of("v"), null));
            assertTrue(dialect.catalog().exists(c, ObjectType.INDEX, ObjectName.of("IDX_T"), null));
            assertTrue(!dialect.catalog().exists(c, ObjectType.TRIGGER, ObjectName.of("idx_t"), null));
            assertTrue(dialect.catalog().columnExists(c, ObjectName.of("tasks"), "title"));
            assertTrue(!dialect.catalog().columnExists(c, ObjectName.of("tasks"), "route"));
        }
    }

    @Test
    void databaseKeys() {
        assertEquals(dialect.transactions().databaseKey("jdbc:sqlite:/tmp/a/../b.db", null), dialect.transactions().databaseKey("jdbc:sqlite:file:/tmp/b.db?x=1", null));
        assertTrue(dialect.transactions().databaseKey("jdbc:sqlite::memory:", null).startsWith("sqlite:memory:"));
    }
}
