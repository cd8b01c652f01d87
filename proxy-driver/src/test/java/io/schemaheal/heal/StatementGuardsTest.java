package io.schemaheal.heal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Savepoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementGuardsTest {

    @Test
    void transactionControlIsNeverGuarded() {
        for (String sql : new String[] {"BEGIN", "start transaction", "COMMIT", "end", "ROLLBACK TO SAVEPOINT sp1",
                "abort", "SAVEPOINT sp1", "release sp1", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "PREPARE TRANSACTION 'x'", "COMMIT PREPARED 'x'",
                "  /* hint */ -- comment\n  set search_path to a"}) {
            assertTrue(StatementGuards.controlsTransaction(sql), sql);
        }
        for (String sql : new String[] {"SELECT 1", "insert into t values (1)", "WITH x AS (SELECT 1) SELECT * FROM x",
                "(SELECT 1)", "UPDATE settings SET v = 1", ""}) {
            assertFalse(StatementGuards.controlsTransaction(sql), sql);
        }
    }

    @Test
    void knownGoodSqlIsBoundedByMemoryNotByCount(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("g.db"))) {
            c.setAutoCommit(false);
            StatementGuards guards = new StatementGuards(c, "test:" + dir);
            String big = "SELECT 1 /*" + "x".repeat(100_000) + "*/";
            for (int i = 0; i < 1_500; i++) {
                guards.remember(big + i); // 1,500 statements of 100 KB: none is kept
            }
            Savepoint sp = guards.before(big + 1);
            assertNotNull(sp, "a statement too long to remember stays guarded");
            c.rollback(sp);
            for (int i = 0; i < 10_000; i++) {
                guards.remember("SELECT " + i + " /*" + "y".repeat(4_000) + "*/");
            }
            assertTrue(guards.rememberedChars() <= StatementGuards.BUDGET_CHARS, "within the budget: " + guards.rememberedChars());
            guards.remember("SELECT 1");
            String small = "SELECT " + 9_999 + " /*" + "y".repeat(4_000) + "*/";
            assertNotNull(guards.before(small), "past the budget a statement is not remembered");
            String first = "SELECT 0 /*" + "y".repeat(4_000) + "*/";
            assertNull(guards.before(first), "what was remembered within the budget runs bare");
        }
    }
}
