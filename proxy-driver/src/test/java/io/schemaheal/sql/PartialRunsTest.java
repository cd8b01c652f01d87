package io.schemaheal.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which application calls may have done part of their work before they failed, and so are healed but not run again. */
class PartialRunsTest {

    @Test
    void proceduresAndSeveralStatementsMayHaveRunInPart() {
        for (String sql : new String[] {"CALL pay()", "call pay(1, 'x')", "/* batch */ CALL pay()", "{call pay(?)}",
                "{? = call next_id()}", "UPDATE a SET x = 1; INSERT INTO b VALUES (1)", "SELECT 'unterminated"}) {
            assertTrue(PartialRuns.possible(sql), sql);
        }
    }

    @Test
    void onePlainStatementRanWholeOrNotAtAll() {
        for (String sql : new String[] {"SELECT * FROM ledger", "INSERT INTO ledger VALUES (1, 'a;b')", "UPDATE a SET x = 1;",
                "SELECT callback FROM hooks", "-- note\nDELETE FROM t WHERE id = ?"}) {
            assertFalse(PartialRuns.possible(sql), sql);
        }
        assertFalse(PartialRuns.possible(null));
    }
}
