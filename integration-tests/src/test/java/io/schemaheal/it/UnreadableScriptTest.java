package io.schemaheal.it;

import io.schemaheal.heal.HealFailedException;
import io.schemaheal.heal.HealReason;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A script SchemaHeal cannot read never takes the application down: every connection opens, the tables the other
 * scripts own heal, and a table the unreadable script names is not healed — the application gets its own exception,
 * with the file, the line and what to do.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnreadableScriptTest extends MigrationSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aScriptThatCannotBeReadNeverStopsTheConnection(String kind) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("m"),
                "V1__people.sql", "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(50));\n"
                        + "INSERT INTO people VALUES (1, 'Ann);\n", // a quote the script never closes
                "V2__orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY, total INT);\n");
        try (TestDatabase db = TestDatabase.open(kind, dir);
             Connection c = db.heal(m); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("INSERT INTO orders VALUES (1, 30)"), "the readable script's table heals");
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM people").close());
            assertTrue(e.getMessage().toLowerCase().contains("people"), "the driver's own exception: " + e.getMessage());
            HealFailedException why = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0]);
            assertEquals(HealReason.NOT_KNOWN, why.reason(), why.getMessage());
            assertTrue(why.getMessage().contains("V1__people.sql") && why.getMessage().contains("cannot be read")
                    && why.getMessage().contains("line 2"), why.getMessage());
            assertEquals(0, Queries.count(c, "SELECT count(*) FROM orders WHERE total <> 30"));
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", m.substring("filesystem:".length()));
            assertEquals(1, doctor.exit(), doctor.out() + doctor.err());
            assertTrue(doctor.out().contains("V1__people.sql cannot be read"), doctor.out());
        }
    }
}
