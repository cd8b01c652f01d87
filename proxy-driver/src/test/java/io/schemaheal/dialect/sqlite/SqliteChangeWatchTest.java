package io.schemaheal.dialect.sqlite;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A table's stored CREATE as SQLite rewrites it for ADD COLUMN is an addition; any other rewrite is a change. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteChangeWatchTest {

    @Test
    void aColumnAddedBeforeOrAfterTheTableConstraintsIsAnAddition() {
        assertTrue(SqliteChangeWatch.columnsAdded("CREATE TABLE t (\n  id INTEGER,\n  b TEXT\n)",
                "CREATE TABLE t (\n  id INTEGER,\n  b TEXT\n, due VARCHAR(20))"));
        assertTrue(SqliteChangeWatch.columnsAdded("CREATE TABLE t (id INTEGER, title TEXT,\n FOREIGN KEY (id) REFERENCES p (id))",
                "CREATE TABLE t (id INTEGER, title TEXT, due VARCHAR(20),\n FOREIGN KEY (id) REFERENCES p (id))"));
    }

    @Test
    void anythingElseIsAChange() {
        assertFalse(SqliteChangeWatch.columnsAdded("CREATE TABLE t (id INTEGER, b TEXT)", "CREATE TABLE t (id INTEGER, b INTEGER)"));
        assertFalse(SqliteChangeWatch.columnsAdded("CREATE TABLE t (id INTEGER, b TEXT)", "CREATE TABLE u (id INTEGER, b TEXT)"));
        assertFalse(SqliteChangeWatch.columnsAdded("CREATE TABLE t (id INTEGER, b TEXT)", "CREATE TABLE t (id INTEGER, b TEXT NOT NULL)"));
        assertFalse(SqliteChangeWatch.columnsAdded("CREATE TABLE t (id INTEGER)", "CREATE TABLE t (id INTEGER)"));
    }
}
