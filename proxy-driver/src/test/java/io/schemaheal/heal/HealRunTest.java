package io.schemaheal.heal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HealRunTest {

    @Test
    void aDefinerClauseIsLeftOutSoTheHealActsAsNobodyElse() {
        assertEquals("CREATE     TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.id = 1",
                HealRun.withoutDefiner("CREATE     DEFINER=`root`@`localhost`     TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.id = 1"));
        assertEquals("CREATE OR REPLACE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW v AS SELECT 1",
                HealRun.withoutDefiner("CREATE OR REPLACE ALGORITHM=UNDEFINED DEFINER = 'app'@'%' SQL SECURITY DEFINER VIEW v AS SELECT 1"));
        assertEquals("CREATE TRIGGER x", HealRun.withoutDefiner("CREATE DEFINER = CURRENT_USER() TRIGGER x"));
        String function = "CREATE FUNCTION f() RETURNS int SECURITY DEFINER AS $$ SELECT 1 $$ LANGUAGE sql";
        assertEquals(function, HealRun.withoutDefiner(function), "PostgreSQL's SECURITY DEFINER is not a definer clause");
    }
}
