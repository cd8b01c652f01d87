package io.schemaheal.heal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementGuardsTest {

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
            for (int i = 0; i < 10_000; i++) {
                guards.forget("SELECT " + i + " /*" + "y".repeat(4_000) + "*/"); // the budget is the process's: give it back
            }
            guards.forget("SELECT 1");
        }
    }

    @Test
    void manyDatabasesShareOneBudget(@TempDir Path dir) throws Exception {
        long before = StatementGuards.rememberedInProcess();
        List<StatementGuards> tenants = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        try {
            for (int t = 0; t < 24; t++) { // 24 tenant databases, each with more distinct SQL than the whole budget
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tenant" + t + ".db"));
                connections.add(c);
                c.setAutoCommit(false);
                StatementGuards guards = new StatementGuards(c, "tenant:" + dir + t);
                tenants.add(guards);
                for (int i = 0; i < 600; i++) {
                    guards.remember("SELECT " + i + " /*" + "z".repeat(4_000) + "*/");
                }
            }
            long total = tenants.stream().mapToLong(StatementGuards::rememberedChars).sum();
            assertTrue(total <= StatementGuards.BUDGET_CHARS, "all tenants together within one budget: " + total);
            assertTrue(StatementGuards.rememberedInProcess() <= StatementGuards.BUDGET_CHARS);
            assertTrue(tenants.get(0).rememberedChars() > 0, "the first tenant kept what fit");
        } finally {
            for (StatementGuards guards : tenants) {
                for (int i = 0; i < 600; i++) {
                    guards.forget("SELECT " + i + " /*" + "z".repeat(4_000) + "*/");
                }
            }
            for (Connection c : connections) {
                c.close();
            }
        }
        assertEquals(before, StatementGuards.rememberedInProcess(), "forgotten texts give their room back");
    }
}
