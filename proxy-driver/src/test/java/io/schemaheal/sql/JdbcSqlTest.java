package io.schemaheal.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcSqlTest {

    @Test
    void transactionControlIsNeverGuarded() {
        for (String sql : new String[] {"BEGIN", "start transaction", "COMMIT", "end", "ROLLBACK TO SAVEPOINT sp1",
                "abort", "SAVEPOINT sp1", "release sp1", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "PREPARE TRANSACTION 'x'", "COMMIT PREPARED 'x'",
                "  /* hint */ -- comment\n  set search_path to a"}) {
            assertTrue(JdbcSql.controlsTransaction(sql), sql);
        }
        for (String sql : new String[] {"SELECT 1", "insert into t values (1)", "WITH x AS (SELECT 1) SELECT * FROM x",
                "(SELECT 1)", "UPDATE settings SET v = 1", ""}) {
            assertFalse(JdbcSql.controlsTransaction(sql), sql);
        }
    }

    /** pgjdbc numbers the placeholders it sends; a ? in a string, a quoted name, a comment or a dollar-quoted body is text. */
    @Test
    void placeholdersAreNumberedAsPgjdbcSendsThem() {
        assertEquals("SELECT $1, $2 FROM t WHERE note = 'is it?' AND \"who?\" = $3 -- why?\n",
                JdbcSql.asSentByPgjdbc("SELECT ?, ? FROM t WHERE note = 'is it?' AND \"who?\" = ? -- why?\n"));
        assertEquals("SELECT $1 /* ? */, $$ ? $$, $2", JdbcSql.asSentByPgjdbc("SELECT ? /* ? */, $$ ? $$, ?"));
        assertEquals("SELECT data ? 'k', $1", JdbcSql.asSentByPgjdbc("SELECT data ?? 'k', ?"), "?? is a literal ?");
        assertEquals("SELECT 'a''?b', $1", JdbcSql.asSentByPgjdbc("SELECT 'a''?b', ?"));
        assertNull(JdbcSql.asSentByPgjdbc("SELECT 'unterminated ?"), "not read: the error's position is not used");
    }
}
