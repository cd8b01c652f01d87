package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A foreign key whose history is more than its CREATE: dropped and added again under the same name with another
 * action (Authelia's migrations do this on MariaDB, where a heal that kept the first one failed with errno 121,
 * "Duplicate key on write or update"). The table heals exactly as the database's own client migrated it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForeignKeyHistoryTest extends MigrationSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aForeignKeyDroppedAndAddedAgainUnderItsNameHealsAsTheLastOne(String kind) throws Exception {
        boolean mariadb = kind.equals("mariadb");
        String engine = mariadb ? " ENGINE=InnoDB" : "";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY)" + engine + ";\n");
        files.put("V2__sessions.sql", "CREATE TABLE sessions (id INT PRIMARY KEY, user_id INT,\n"
                + "  CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id))" + engine + ";\n");
        files.put("V3__sessions_cascade.sql", "ALTER TABLE sessions DROP " + (mariadb ? "FOREIGN KEY" : "CONSTRAINT")
                + " sessions_user;\nALTER TABLE sessions ADD CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id) "
                + "ON DELETE CASCADE;\n");
        Path m = dir.resolve("m");
        for (Map.Entry<String, String> f : files.entrySet()) {
            write(m.resolve(f.getKey()), f.getValue());
        }
        Files.createDirectories(dir.resolve("full"));
        Files.createDirectories(dir.resolve("healed"));
        try (TestDatabase full = TestDatabase.open(kind, dir.resolve("full"));
             TestDatabase healed = TestDatabase.open(kind, dir.resolve("healed"))) {
            for (String script : files.values()) {
                full.execute(script);
                healed.execute(script);
            }
            healed.dropTable("sessions");
            try (Connection c = healed.heal("filesystem:" + m); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM sessions")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));
            }
            assertEquals(SchemaSnapshot.withoutSchemaNames(SchemaSnapshot.of(full)), SchemaSnapshot.withoutSchemaNames(SchemaSnapshot.of(healed)),
                    "healed exactly as the client migrated it");
            try (Connection c = healed.raw()) {
                assertEquals(List.of("healed"), Queries.strings(c, "SELECT outcome FROM schemaheal_history WHERE table_name = 'sessions'"));
            }
        }
    }
}
