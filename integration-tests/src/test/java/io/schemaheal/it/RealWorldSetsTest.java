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

    /**
     * The sets written for MySQL 8 whose reference needs its session there: Kratos' MySQL scripts copy rows with
     * {@code INSERT ... SELECT} into tables with a NOT NULL column they leave out; MySQL 8's strict mode checks the rows
     * inserted (none, on a new database), MariaDB's checks the columns, and refuses the statement.
     */
    private static final Map<String, String> MYSQL_8_SESSION = Map.of("kratos", "NO_ENGINE_SUBSTITUTION");

    /**
     * The sets whose MySQL scripts MariaDB can run only up to a version: from Kratos' {@code 20260408000000000000} on, a
     * unique index on a generated column whose expression MariaDB does not allow there (error 1901).
     */
    private static final Map<String, String> MARIADB_BEFORE = Map.of("kratos", "20260408000000000000");

    /** A copy of the set's files whose names sort before {@code version} (they begin with their version). */
    private Path filesBefore(Path location, String version) throws java.io.IOException {
        Path copy = java.nio.file.Files.createDirectories(dir.resolve(location.getFileName() + "-before-" + version));
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(location)) {
            for (Path f : files.filter(f -> f.getFileName().toString().compareTo(version) < 0).toList()) {
                java.nio.file.Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"atuin-postgres, postgresql, 7", "atuin-sqlite, sqlite, 1", "atuin-server-sqlite, sqlite, 5",
            "umami-mysql, mariadb, 9", "spring-batch/schema-postgresql.sql, postgresql, 6",
            "spring-batch/schema-mariadb.sql, mariadb, 6", "quartz/tables_postgres.sql, postgresql, 11",
            "quartz/tables_mysql_innodb.sql, mariadb, 11", "conductor-postgres, postgresql, 14",
            "conductor-mysql, mariadb, 14", "kratos, sqlite, 26", "kratos, postgresql, 26", "kratos, mariadb, 25"})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyTableComesBackAsTheMigrationsLeftIt(String set, String kind, int tableCount) throws Exception {
        Path location = NothingElseChangesTest.resource("realworld/" + set);
        if (kind.equals("mariadb") && MARIADB_BEFORE.containsKey(set)) {
            location = filesBefore(location, MARIADB_BEFORE.get(set));
        }
        try (TestDatabase db = TestDatabase.openAlone(kind, dir)) {
            NothingElseChangesTest.applyAllInOneSession(db, MigrationManifest.build(List.of("filesystem:" + location),
                    Map.of(), kind), MYSQL_8_SESSION.get(set));
            List<String> tables;
            try (Connection c = db.raw()) {
                tables = SchemaSnapshot.tables(c, kind);
            }
            assertEquals(tableCount, tables.size(), tables.toString());
            // the doctor finds a database the set's own tool migrated clean
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", "filesystem:" + location);
            assertEquals(0, doctor.exit(), "the doctor on the migrated database:\n" + doctor.out() + doctor.err());
            List<String> differences = healEachInTurn(db, "filesystem:" + location, tables);
            assertEquals(List.of(), differences, String.join("\n", differences));
            try (Connection c = db.raw()) {
                assertTrue(Queries.strings(c, "SELECT DISTINCT lower(table_name) FROM schemaheal_history WHERE outcome = 'healed'")
                        .containsAll(tables.stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).toList()),
                        "a history row for every table");
            }
        }
    }

    /**
     * Drops each table in turn and queries it through {@code jdbc:heal:} with these migrations: what differs from the
     * database as migrated after each heal (a heal gives back exactly what the migrations made, and changes nothing
     * else), and each table that did not heal, with why.
     */
    static List<String> healEachInTurn(TestDatabase db, String migrations, List<String> tables) throws java.sql.SQLException {
        List<String> differences = new ArrayList<>();
        Map<String, String> migrated = SchemaSnapshot.of(db);
        for (String t : tables) {
            db.dropTable(quote(db.kind(), t));
            try (Connection c = db.heal(migrations); Statement st = c.createStatement()) {
                st.executeQuery("SELECT * FROM " + quote(db.kind(), t) + " LIMIT 1").close();
            } catch (java.sql.SQLException e) {
                differences.add(t + " did not heal: " + e.getMessage() + (e.getSuppressed().length > 0
                        ? " (" + e.getSuppressed()[0].getMessage() + ")" : ""));
                migrated = SchemaSnapshot.of(db); // the next table's heal is judged on its own
                continue;
            }
            Map<String, String> after = SchemaSnapshot.of(db);
            for (String difference : SchemaSnapshot.differences(migrated, after)) {
                differences.add("healing " + t + ": " + difference);
            }
            migrated = after;
        }
        return differences;
    }

    /**
     * Spring Batch's job repository keeps its ids in three standalone sequences that its code calls {@code nextval} on
     * (issue: they never healed). Each, dropped in turn (the others advanced meanwhile), comes back as the schema made
     * it on the first {@code nextval} through {@code jdbc:heal:}; the other sequences are untouched.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"spring-batch/schema-postgresql.sql, postgresql", "spring-batch/schema-mariadb.sql, mariadb"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyStandaloneSequenceComesBackAsTheMigrationsLeftIt(String set, String kind) throws Exception {
        Path location = NothingElseChangesTest.resource("realworld/" + set);
        boolean pg = kind.equals("postgresql");
        String list = pg ? "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema() ORDER BY 1"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'SEQUENCE' ORDER BY 1";
        try (TestDatabase db = TestDatabase.openAlone(kind, dir)) {
            NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of("filesystem:" + location), Map.of(), kind),
                    Map.of(), MYSQL_8_SESSION.get(set));
            List<String> sequences;
            Map<String, String> migrated = new java.util.LinkedHashMap<>();
            try (Connection c = db.raw()) {
                sequences = Queries.strings(c, list);
                for (String q : sequences) {
                    migrated.put(q, definition(c, pg, q));
                }
            }
            assertEquals(3, sequences.size(), sequences.toString());
            for (String q : sequences) {
                Map<String, String> values = new java.util.LinkedHashMap<>();
                try (Connection c = db.raw()) {
                    for (String other : sequences) {
                        if (!other.equals(q)) {
                            values.put(other, Queries.strings(c, next(pg, other)).get(0)); // in use: advanced
                        }
                    }
                    c.createStatement().execute("DROP SEQUENCE " + q);
                    assertEquals(List.of("sequence " + q.toLowerCase(java.util.Locale.ROOT)), missingSequences(c, db, location),
                            "the doctor names it");
                }
                boolean last = q.equals(sequences.get(sequences.size() - 1));
                try (Connection c = last ? db.heal("filesystem:" + location, "schemaheal.heal-on-connect", "true")
                        : db.heal("filesystem:" + location)) {
                    // the last one heals as the doctor's fix does, at the first connection, before any statement
                    assertEquals(List.of("1"), Queries.strings(c, next(pg, q)), q + " healed and gave its first value");
                }
                try (Connection c = db.raw()) {
                    assertEquals(migrated.get(q), definition(c, pg, q), q + " as the schema made it");
                    for (Map.Entry<String, String> other : values.entrySet()) {
                        assertEquals(String.valueOf(Long.parseLong(other.getValue()) + 1),
                                Queries.strings(c, next(pg, other.getKey())).get(0), other.getKey() + " untouched");
                    }
                    assertEquals(List.of("healed"), Queries.strings(c, "SELECT outcome FROM schemaheal_history WHERE lower(table_name) = '"
                            + q.toLowerCase(java.util.Locale.ROOT) + "'"), "its history row");
                    assertEquals(List.of(), missingSequences(c, db, location), "the doctor finds nothing missing");
                }
            }
        }
    }

    /** What the doctor finds missing of the sequences ("sequence name", lower case). */
    private static List<String> missingSequences(Connection c, TestDatabase db, Path location) throws Exception {
        return new io.schemaheal.doctor.Doctor(c, io.schemaheal.dialect.Dialects.forUrl(db.url()),
                MigrationManifest.build(List.of("filesystem:" + location), Map.of(), db.kind()), null).examine("test")
                .migrations().stream().flatMap(m -> m.missing().stream()).filter(o -> o.kind().equals("sequence"))
                .map(o -> o.kind() + " " + o.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    private static String next(boolean pg, String sequence) {
        return pg ? "SELECT nextval('" + sequence + "')" : "SELECT NEXTVAL(" + sequence + ")";
    }

    /** A sequence's type, start, bounds, increment, cache and cycle, as its database shows them. */
    private static String definition(Connection c, boolean pg, String sequence) throws java.sql.SQLException {
        return pg ? String.join("\n", Queries.strings(c, "SELECT concat_ws('|', data_type, start_value, minimum_value, "
                + "maximum_value, increment, cycle_option) FROM information_schema.sequences WHERE sequence_schema = current_schema() "
                + "AND sequence_name = '" + sequence + "'"))
                : String.join("\n", Queries.strings(c, "SELECT concat_ws('|', start_value, minimum_value, maximum_value, increment, "
                + "cache_size, cycle_option) FROM " + sequence));
    }

    static String quote(String kind, String table) {
        return kind.equals("mariadb") ? "`" + table + "`" : "\"" + table + "\"";
    }
}
