package io.schemaheal.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatementRewritesTest {

    @Test
    void aDefinerClauseIsLeftOutSoTheHealActsAsNobodyElse() {
        assertEquals("CREATE     TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.id = 1",
                StatementRewrites.withoutDefiner("CREATE     DEFINER=`root`@`localhost`     TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.id = 1"));
        assertEquals("CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW v AS SELECT 1",
                StatementRewrites.withoutDefiner("CREATE OR REPLACE ALGORITHM=UNDEFINED DEFINER = 'app'@'%' SQL SECURITY DEFINER VIEW v AS SELECT 1"));
        assertEquals("CREATE TRIGGER x", StatementRewrites.withoutDefiner("CREATE DEFINER = CURRENT_USER() TRIGGER x"));
        String function = "CREATE FUNCTION f() RETURNS int SECURITY DEFINER AS $$ SELECT 1 $$ LANGUAGE sql";
        assertEquals(function, StatementRewrites.withoutDefiner(function), "PostgreSQL's SECURITY DEFINER is not a definer clause");
    }

    @Test
    void aConcurrentIndexOnANewTableIsBuiltPlainly() {
        assertEquals("CREATE INDEX idx ON t (a)", StatementRewrites.withoutConcurrently("CREATE INDEX CONCURRENTLY idx ON t (a)"));
    }
}
