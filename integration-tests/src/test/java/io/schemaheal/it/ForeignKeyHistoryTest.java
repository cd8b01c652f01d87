package io.schemaheal.it;

import io.schemaheal.cli.SchemaHealCli;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        healsAsTheClientMigrated(kind, files, "sessions", (healed, m) -> {
        });
    }

    /**
     * A foreign key declared to a table that a later migration renames (Ory Kratos renamed its selfservice_*_requests
     * tables to *_flows): the database carried the key along, so the child heals with a key to the renamed table, the
     * table renamed away is not made again, and the doctor finds the key under the final name.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aForeignKeyToATableRenamedLaterHealsToItsFinalName(String kind) throws Exception {
        String engine = kind.equals("mariadb") ? " ENGINE=InnoDB" : "";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("V1__recovery_requests.sql", "CREATE TABLE recovery_requests (id INT PRIMARY KEY)" + engine + ";\n");
        files.put("V2__recovery_tokens.sql", "CREATE TABLE recovery_tokens (id INT PRIMARY KEY, request_id INT,\n"
                + "  FOREIGN KEY (request_id) REFERENCES recovery_requests (id) ON DELETE CASCADE)" + engine + ";\n");
        files.put("V3__recovery_flows.sql", "ALTER TABLE recovery_requests RENAME TO recovery_flows;\n");
        healsAsTheClientMigrated(kind, files, "recovery_tokens", (healed, m) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = SchemaHealCli.run(new String[] {"doctor", "--url", healed.url(), "--migrations", "filesystem:" + m},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(0, exit, "the doctor finds every object under its final name: " + out.toString(StandardCharsets.UTF_8));
        });
    }

    /** What a test asks of the healed database besides its schema. */
    @FunctionalInterface
    private interface Then {
        void check(TestDatabase healed, Path migrations) throws Exception;
    }

    /**
     * Migrates two databases with the client, drops {@code table} in one and heals it through a query: the two are then
     * alike, and the history says {@code healed}.
     */
    private void healsAsTheClientMigrated(String kind, Map<String, String> files, String table, Then then) throws Exception {
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
            healed.dropTable(table);
            try (Connection c = healed.heal("filesystem:" + m); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));
            }
            String history;
            try (Connection c = healed.raw()) {
                history = String.join("\n", Queries.strings(c, "SELECT detail FROM schemaheal_history"));
                assertEquals(List.of("healed"), Queries.strings(c, "SELECT outcome FROM schemaheal_history WHERE table_name = ?", table),
                        history);
            }
            assertEquals(SchemaSnapshot.withoutSchemaNames(SchemaSnapshot.of(full)), SchemaSnapshot.withoutSchemaNames(SchemaSnapshot.of(healed)),
                    "healed exactly as the client migrated it: " + history);
            then.check(healed, m);
        }
    }
}
