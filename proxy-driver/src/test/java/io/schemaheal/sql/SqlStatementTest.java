package io.schemaheal.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What the history and the log say of a statement: never a value the migration wrote. */
class SqlStatementTest {

    private static String summary(String sql) {
        return StatementClassifier.classifyWritten(sql, 1).summary();
    }

    @Test
    void aSummaryHoldsNoLiteralValue() {
        assertEquals("INSERT INTO settings (name, value) VALUES ('?', '?')",
                summary("INSERT INTO settings (name, value) VALUES ('smtp.password', 's3cret')"));
        assertEquals("INSERT INTO config VALUES ('?')", summary("INSERT INTO config VALUES ('{\"password\": \"hunter2\"}')"));
        assertEquals("UPDATE users SET token = '?' WHERE id = 1", summary("UPDATE users SET token = E'ab\\'cd' WHERE id = 1"));
        String function = summary("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT 'key-123' $body$");
        assertEquals("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS '?'", function);
        assertEquals("CREATE TABLE \"Secret's\" (id int)", summary("CREATE TABLE \"Secret's\" (id int)"),
                "names are not values: they stay");
        assertFalse(summary("INSERT INTO t VALUES ('" + "x".repeat(200) + "')").contains("xxx"));
    }
}
