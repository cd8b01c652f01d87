package io.schemaheal.it;

import io.schemaheal.demo.AgentOsDemo;
import io.schemaheal.heal.HealFailedException;
import io.schemaheal.manifest.Migration;
import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.VersionTables;
import io.schemaheal.sql.SqlStatement;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first promise as a property: over every migration set of the tests (seeds, attack sets; the
 * Mattermost set in {@link MattermostRealWorldTest}), applied in full with rows in its tables, drop each
 * table in turn and query it through SchemaHeal. Every other relation's columns, indexes, constraints,
 * triggers, owner and rows are then exactly as they were before the heal; the dropped table is back, or
 * (only where the set says so) it is refused with the reason on the application's exception.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NothingElseChangesTest extends MigrationSetTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "sqlite     | agentos-demo          | ",
            "sqlite     | attacks/sqlite        | legacy_accounts",
            "postgresql | agentos/postgres      | ",
            "postgresql | seed004               | ",
            "postgresql | attacks/postgresql    | legacy_accounts archive",
            "mariadb    | agentos/mariadb       | ",
            "mariadb    | attacks/mariadb       | legacy_accounts",
    })
    void healingOneTableChangesNothingElse(String kind, String set, String refusedList) throws Exception {
        Path migrations = set.equals("agentos-demo") ? AgentOsDemo.copyMigrations(dir.resolve("agentos")) : resource(set);
        Set<String> refused = refusedList == null ? Set.of() : new HashSet<>(Arrays.asList(refusedList.split(" ")));
        MigrationManifest manifest = MigrationManifest.build(List.of("filesystem:" + migrations));
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            applyAll(db, manifest);
            Path rows = migrations.resolveSibling(migrations.getFileName() + "-rows.sql");
            if (Files.isRegularFile(rows)) {
                db.execute(Files.readString(rows));
            }
            List<String> tables;
            try (Connection c = db.raw()) {
                tables = SchemaSnapshot.tables(c, kind).stream()
                        .filter(t -> manifest.knows(t) && !VersionTables.contains(t)).toList();
            }
            assertTrue(tables.size() >= 2, "the set has tables: " + tables);
            List<String> problems = new ArrayList<>();
            try (Connection heal = db.heal("filesystem:" + migrations); Statement st = heal.createStatement()) {
                for (String table : tables) {
                    Map<String, String> original = SchemaSnapshot.of(db);
                    db.dropTable(table);
                    Map<String, String> before = SchemaSnapshot.of(db);
                    SQLException failure = null;
                    try {
                        st.executeQuery("SELECT * FROM " + table).close();
                    } catch (SQLException e) {
                        failure = e;
                    }
                    Map<String, String> after = SchemaSnapshot.of(db);
                    // nothing else changes, but for what the drop took with the table (children's foreign keys)
                    for (String change : SchemaSnapshot.changedExceptRestored(original, before, after)) {
                        problems.add("healing " + table + " changed " + change);
                    }
                    if (failure == null) {
                        for (String lost : SchemaSnapshot.notGivenBack(original, before, after, table)) {
                            problems.add("healing " + table + " did not give back " + lost);
                        }
                    }
                    if (refused.contains(table)) {
                        if (failure == null || !(failure.getSuppressed().length > 0
                                && failure.getSuppressed()[0] instanceof HealFailedException)) {
                            problems.add(table + " should have been refused with a reason: " + failure);
                        }
                    } else if (failure != null) {
                        problems.add(table + " did not heal: " + failure + " " + Arrays.toString(failure.getSuppressed()));
                    } else if (!after.containsKey(table)) {
                        problems.add(table + " is not there after its heal");
                    }
                }
            }
            assertEquals(List.of(), problems, String.join("\n", problems));
        }
    }

    static Path resource(String set) throws URISyntaxException {
        return Path.of(NothingElseChangesTest.class.getClassLoader().getResource(set).toURI());
    }

    /**
     * Every migration of the set, in version order, applied as a deploy applies it: each file whole, by the database's
     * own command-line client ({@link RealClients}), never by SchemaHeal's reading of it. {@code placeholders} are
     * replaced first, as Flyway replaces {@code ${name}}.
     */
    static void applyAll(TestDatabase db, MigrationManifest manifest, Map<String, String> placeholders) throws Exception {
        applyAll(db, manifest, placeholders, null);
    }

    /** Applies every migration with the database's own client, the mariadb client's session in {@code mariadbSqlMode}. */
    static void applyAll(TestDatabase db, MigrationManifest manifest, Map<String, String> placeholders,
                         String mariadbSqlMode) throws Exception {
        for (Migration m : manifest.migrations()) {
            String text = Files.readString(Path.of(m.path()));
            for (Map.Entry<String, String> p : placeholders.entrySet()) {
                text = text.replace("${" + p.getKey() + "}", p.getValue());
            }
            Path file = Files.createTempFile("schemaheal-reference-", ".sql");
            try {
                Files.writeString(file, text);
                RealClients.run(db, file, mariadbSqlMode);
            } catch (AssertionError e) {
                throw new AssertionError(m.fileName() + ": " + e.getMessage(), e);
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Applies every migration in one session of the database's own client, as a migration tool applies a set on one
     * connection (much faster for sets of hundreds of files than a client per file).
     */
    static void applyAllInOneSession(TestDatabase db, MigrationManifest manifest, String mariadbSqlMode) throws Exception {
        Path folder = Files.createTempDirectory("schemaheal-reference-");
        try {
            List<Path> scripts = new java.util.ArrayList<>();
            for (Migration m : manifest.migrations()) {
                Path copy = folder.resolve(String.format("%05d-%s", scripts.size() + 1, m.fileName().replace('/', '_')));
                Files.copy(Path.of(m.path()), copy);
                scripts.add(copy);
            }
            RealClients.runAll(db, scripts, mariadbSqlMode);
        } finally {
            try (java.util.stream.Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(folder);
        }
    }

    static void applyAll(TestDatabase db, MigrationManifest manifest) throws Exception {
        applyAll(db, manifest, Map.of());
    }
}
