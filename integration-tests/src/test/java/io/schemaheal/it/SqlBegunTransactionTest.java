package io.schemaheal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transaction begun with SQL ({@code START TRANSACTION}) leaves JDBC's auto-commit on, but it is a transaction all the
 * same, and on MariaDB any DDL on its connection would commit it. Where a heal runs is decided by what the server says
 * ({@code @@in_transaction}): outside that transaction, which keeps its own outcome and its read-only promise.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqlBegunTransactionTest extends MigrationSetTest {

    private static final String[] LEDGER = {
            "V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY, balance INT);\n",
            "V2__ledger.sql", "CREATE TABLE ledger (account_id INT, amount INT);\n"};

    private static void accounts(TestDatabase db) throws SQLException {
        try (Connection c = db.raw(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE accounts (id INT PRIMARY KEY, balance INT)");
            st.execute("INSERT INTO accounts VALUES (1, 100)");
        }
    }

    @Test
    void aRollbackSentAsSqlTakesBackTheApplicationsWritesNotTheHeal() throws Exception {
        try (TestDatabase db = TestDatabase.open("mariadb", dir)) {
            accounts(db);
            String m = TestDatabase.migrations(dir.resolve("m"), LEDGER);
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                assertTrue(c.getAutoCommit(), "JDBC is told nothing");
                st.execute("START TRANSACTION");
                st.executeUpdate("UPDATE accounts SET balance = 0 WHERE id = 1");
                assertEquals(1, st.executeUpdate("INSERT INTO ledger VALUES (1, -100)"), "healed and run again");
                st.execute("ROLLBACK");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("100"), Queries.strings(c, "SELECT balance FROM accounts"),
                        "the application's ROLLBACK took back its own update: the heal did not commit it");
                assertEquals(0, Queries.count(c, "SELECT count(*) FROM ledger"), "the table stays, its row went with the rollback");
            }
        }
    }

    @Test
    void aReadOnlyTransactionBegunWithSqlIsHealedOutsideAndStaysReadOnly() throws Exception {
        try (TestDatabase db = TestDatabase.open("mariadb", dir)) {
            accounts(db);
            String m = TestDatabase.migrations(dir.resolve("m"), LEDGER);
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.execute("START TRANSACTION READ ONLY");
                assertEquals(0, Queries.count(c, "SELECT count(*) FROM ledger"), "healed, and the read ran again");
                SQLException refused = assertThrows(SQLException.class,
                        () -> st.executeUpdate("UPDATE accounts SET balance = 0 WHERE id = 1"));
                assertEquals(1792, refused.getErrorCode(), "still the application's read-only transaction: " + refused.getMessage());
                st.execute("COMMIT");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("100"), Queries.strings(c, "SELECT balance FROM accounts"));
                assertEquals(List.of("ledger"), Queries.strings(c,
                        "SELECT table_name FROM schemaheal_history WHERE outcome = 'healed'"), "healed once, on its own connection");
            }
        }
    }
}
