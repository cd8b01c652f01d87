package io.schemaheal.it;

import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real public projects' migration sets, verbatim with their provenance (test resources {@code realworld/}, see its
 * README): applied in full, then every table is dropped in turn and queried through {@code jdbc:heal:}. Each comes
 * back exactly as the migrations left it (columns, types, defaults, nullability, indexes, constraints, triggers,
 * owner), and every other relation is exactly as it was before that heal.
 */
class RealWorldSetsTest extends MigrationSetTest {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"atuin-postgres, postgresql, 7", "atuin-sqlite, sqlite, 1", "atuin-server-sqlite, sqlite, 5",
            "umami-mysql, mariadb, 9"})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyTableComesBackAsTheMigrationsLeftIt(String set, String kind, int tableCount) throws Exception {
        Path location = NothingElseChangesTest.resource("realworld/" + set);
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of("filesystem:" + location), Map.of(), kind));
            List<String> tables;
            try (Connection c = db.raw()) {
                tables = SchemaSnapshot.tables(c, kind);
            }
            assertEquals(tableCount, tables.size(), tables.toString());
            List<String> differences = new ArrayList<>();
            for (String t : tables) {
                Map<String, String> original = SchemaSnapshot.of(db);
                db.dropTable(quote(kind, t));
                Map<String, String> others = SchemaSnapshot.of(db);
                try (Connection c = db.heal("filesystem:" + location); Statement st = c.createStatement()) {
                    st.executeQuery("SELECT * FROM " + quote(kind, t) + " LIMIT 1").close();
                } catch (java.sql.SQLException e) {
                    differences.add(t + " did not heal: " + e.getMessage() + (e.getSuppressed().length > 0
                            ? " (" + e.getSuppressed()[0].getMessage() + ")" : ""));
                    continue;
                }
                Map<String, String> after = SchemaSnapshot.of(db);
                for (String change : SchemaSnapshot.changedExceptRestored(original, others, after)) {
                    differences.add("healing " + t + " changed " + change);
                }
                if (!SchemaSnapshot.withoutInsertTimes(String.valueOf(after.get(t))).equals(SchemaSnapshot.withoutInsertTimes(original.get(t)))) {
                    differences.add(t + ":\n  migrated " + original.get(t) + "\n  healed   " + after.get(t));
                }
            }
            assertEquals(List.of(), differences, String.join("\n", differences));
            try (Connection c = db.raw()) {
                assertTrue(Queries.strings(c, "SELECT DISTINCT table_name FROM schemaheal_history WHERE outcome = 'healed'")
                        .containsAll(tables), "a history row for every table");
            }
        }
    }

    private static String quote(String kind, String table) {
        return kind.equals("mariadb") ? "`" + table + "`" : "\"" + table + "\"";
    }
}
