package io.schemaheal.it;

import io.schemaheal.heal.HealFailedException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call that may have done part of its work before it failed on the missing table (several statements in one
 * string, a procedure) is healed but not run again: running it again would do that part twice. The application
 * gets its own exception, with the note that the table is back, and runs the call again itself.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PartialRunTest extends MigrationSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "mariadb"})
    void aCallThatRanInPartIsHealedNotRunAgain(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = TestDatabase.migrations(dir.resolve("m"),
                    "V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY, balance INT);\n",
                    "V2__ledger.sql", "CREATE TABLE ledger (account_id INT, amount INT);\n");
            String pay = "UPDATE accounts SET balance = balance + 100 WHERE id = 1";
            String book = "INSERT INTO ledger VALUES (1, 100)";
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE accounts (id INT PRIMARY KEY, balance INT)");
                st.execute("INSERT INTO accounts VALUES (1, 100)");
                if (kind.equals("mariadb")) {
                    st.execute("CREATE PROCEDURE pay() BEGIN " + pay + "; " + book + "; END");
                }
            }
            String call = kind.equals("mariadb") ? "CALL pay()" : pay + "; " + book;

            for (boolean inTransaction : new boolean[] {false, true}) {
                try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                    c.setAutoCommit(!inTransaction);
                    SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate(call));
                    assertTrue(e.getMessage().toLowerCase().contains("ledger"), "the driver's own exception: " + e.getMessage());
                    HealFailedException note = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0]);
                    assertTrue(note.getMessage().contains("healed ledger") && note.getMessage().contains("did not run the statement again"),
                            note.getMessage());
                    if (inTransaction) {
                        c.commit();
                    }
                }
                try (Connection c = db.raw()) {
                    assertEquals(List.of("200"), Queries.strings(c, "SELECT balance FROM accounts"), "paid once, not twice");
                    assertEquals(0, Queries.count(c, "SELECT count(*) FROM ledger"), "the table is back, empty");
                    try (Statement st = c.createStatement()) {
                        st.execute("UPDATE accounts SET balance = 100");
                        st.execute("DROP TABLE ledger");
                    }
                }
            }
        }
    }
}
