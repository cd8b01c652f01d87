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
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * A MariaDB replica that is not read-only (MariaDB's are not, unless told) takes writes, but a table a heal made
     * there would be the replica's alone, and replication would stop at the primary's own {@code CREATE TABLE} of it:
     * never healed, while it replicates and once its replication is stopped.
     */
    @Test
    void aMariaDbReplicaThatTakesWritesIsNeverHealed() throws Exception {
        try (ThrowawayServer primary = ThrowawayServer.mariadbPrimary(dir);
             ThrowawayServer replica = ThrowawayServer.mariadbReplicaOf(primary, dir)) {
            // the application's own account, which may not read the replication status: told by the running replication
            // (the account first: once the replica has owners, which comes after it, it has the account too)
            primary.execute("USE test", "CREATE USER app IDENTIFIED BY 'app-pw'",
                    "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, REFERENCES ON test.* TO app", OWNERS);
            replica.awaitTable("owners");
            String asApp = replica.url.replace("user=root&password=", "user=app&password=app-pw");
            assertTrue(assertNeverHealed(asApp, "mariadb", "is a replica").contains("heal-on-connect left"));
            // its replication stopped: told by its replication status, which this account may read
            replica.execute("STOP SLAVE");
            assertNeverHealed(replica.url, "mariadb", "is a replica");
        }
    }

    private void assertNeverHealed(String url, String kind) throws Exception {
        assertTrue(assertNeverHealed(url, kind, "takes no writes").contains("heal-on-connect left"));
    }

    /** Asserts that nothing heals there, for {@code why}; what heal-on-connect logged (nothing once it has looked). */
    private String assertNeverHealed(String url, String kind, String why) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("m-" + kind), "V1__owners.sql", OWNERS + ";\n",
                "V2__pets.sql", "CREATE TABLE pets (id INT PRIMARY KEY, owner_id INT REFERENCES owners (id));\n");
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", m);
        try (Connection c = DriverManager.getConnection("jdbc:heal:" + url.substring("jdbc:".length()), p);
             Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM pets").close());
            assertTrue(e.getSuppressed().length > 0, "the reason is on the application's exception: " + e);
            HealFailedException reason = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0]);
            assertEquals(HealReason.SERVER_READ_ONLY, reason.reason(), reason.getMessage());
            assertTrue(reason.getMessage().contains(why), reason.getMessage());
        }
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("owners"), SchemaSnapshot.tables(c, kind), "nothing was created");
        }
        // nor by heal-on-connect or doctor --fix, which heal everything missing without a failing statement: as root too,
        // whom a MariaDB started read-only lets write
        p.setProperty("schemaheal.heal-on-connect", "true");
        String log = Stderr.of(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:heal:" + url.substring("jdbc:".length()), p)) {
                assertTrue(c.isValid(5), "the connection is handed out");
            }
        });
        // said once per database and process (the replica's second look, below, finds it said)
        assertTrue(log.isEmpty() || log.contains("heal-on-connect left") && log.contains(why), log);
        assertFalse(log.contains("could not heal"), log);
        DoctorTest.Run fix = DoctorTest.cli("doctor", "--url", url, "--migrations", m, "--fix");
        assertEquals(1, fix.exit(), fix.out() + fix.err());
        assertTrue(fix.out().contains("could not heal pets") && fix.out().contains(why), fix.out());
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("owners"), SchemaSnapshot.tables(c, kind), "nothing was created");
        }
        return log;
    }
}
