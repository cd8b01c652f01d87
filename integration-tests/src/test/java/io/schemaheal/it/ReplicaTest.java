package io.schemaheal.it;

import io.schemaheal.heal.HealFailedException;
import io.schemaheal.heal.HealReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that takes nobody's writes is never healed, whatever the application's connection: a PostgreSQL standby and
 * a MariaDB started {@code --read-only}, each a throwaway server of the test's own (the shared servers' settings are
 * never changed). The application gets its own exception, with the reason; nothing is created.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplicaTest extends MigrationSetTest {

    private static final String OWNERS = "CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(30))";

    @Test
    void aPostgresStandbyIsNeverHealed() throws Exception {
        try (ThrowawayServer standby = ThrowawayServer.postgresStandby(dir, OWNERS)) {
            assertNeverHealed(standby.url, "postgresql");
        }
    }

    @Test
    void aMariaDbStartedReadOnlyIsNeverHealed() throws Exception {
        try (ThrowawayServer readOnly = ThrowawayServer.mariadbReadOnly(dir, OWNERS)) {
            assertNeverHealed(readOnly.url, "mariadb");
        }
    }

    private void assertNeverHealed(String url, String kind) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("m-" + kind), "V1__owners.sql", OWNERS + ";\n",
                "V2__pets.sql", "CREATE TABLE pets (id INT PRIMARY KEY, owner_id INT REFERENCES owners (id));\n");
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", m);
        try (Connection c = DriverManager.getConnection("jdbc:heal:" + url.substring("jdbc:".length()), p);
             Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM pets").close());
            assertTrue(e.getSuppressed().length > 0, "the reason is on the application's exception: " + e);
            HealFailedException why = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0]);
            assertEquals(HealReason.SERVER_READ_ONLY, why.reason(), why.getMessage());
            assertTrue(why.getMessage().contains("takes no writes"), why.getMessage());
        }
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("owners"), SchemaSnapshot.tables(c, kind), "nothing was created");
        }
    }
}
