package io.schemaheal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Mattermost server's 158 PostgreSQL migrations (../shared/realworld/mattermost-postgres, read in
 * place): applied to a fresh schema, then every table is dropped in turn and queried through
 * jdbc:heal:postgresql:. Each comes back with exactly its columns, indexes and constraints, and the
 * materialized views that depend on it; every other relation (columns, indexes, constraints, triggers,
 * owner, rows) is exactly as it was before that heal.
 */
class MattermostRealWorldTest {

    static Path migrations() {
        Path p = Path.of(System.getProperty("project.root", "."), "..", "shared", "realworld", "mattermost-postgres").normalize();
        assumeTrue(Files.isDirectory(p), "the real-world set is not at " + p + "; run the tests from a checkout with ../shared beside it");
        return p;
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void everyTableComesBackAsTheMigrationsLeftIt() throws Exception {
        Path set = migrations();
        try (ServerDb db = ServerDb.alone(ServerDb.Kind.POSTGRESQL)) {
            try (var files = Files.list(set)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".up.sql")).sorted().toList()) {
                    try {
                        db.execute(Files.readString(f));
                    } catch (SQLException e) {
                        throw new AssertionError("applying " + f.getFileName() + ": " + e.getMessage(), e);
                    }
                }
            }
            List<String> tables = db.strings("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                    + "AND table_type = 'BASE TABLE' ORDER BY 1");
            assertEquals(79, tables.size());
            assertEquals(5, db.count("SELECT count(*) FROM pg_matviews WHERE schemaname = current_schema()"));
            assertEquals(6, db.count("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                    + "WHERE n.nspname = current_schema() AND t.typtype = 'e'"));
            assertEquals(246, db.count("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"));
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", db.url, "--migrations", "filesystem:" + set);
            assertEquals(0, doctor.exit(), "the doctor finds the migrated database clean:\n" + doctor.out() + doctor.err());

            Map<String, Map<String, List<String>>> before = new LinkedHashMap<>();
            for (String t : tables) {
                before.put(t, db.pgShape(t));
            }
            Map<String, String> views = matviews(db);

            Set<String> order = new LinkedHashSet<>(List.of("users", "channelmembers", "fileinfo", "translations",
                    "sidebarchannels", "outgoingoauthconnections"));
            order.addAll(tables);
            List<String> differences = new ArrayList<>();
            try (Connection c = db.heal("filesystem:" + set); Statement st = c.createStatement()) {
                // after each heal the whole schema is as migrated: nothing else changed (the first promise), and what
                // the drop's CASCADE took from other tables is given back
                Map<String, String> migrated = SchemaSnapshot.of(db);
                for (String t : order) {
                    db.execute("DROP TABLE " + t + " CASCADE");
                    st.executeQuery("SELECT * FROM " + t + " LIMIT 1").close();
                    Map<String, String> healed = SchemaSnapshot.of(db);
                    // the healed table itself by its shape below: its seed rows that blocks writing other tables too
                    // (systems' CRT flags) are not written again, which the heal says
                    Map<String, String> others = new java.util.TreeMap<>(healed);
                    others.put(t, migrated.get(t));
                    for (String difference : SchemaSnapshot.differences(migrated, others)) {
                        differences.add("healing " + t + ": " + difference);
                    }
                    migrated = healed;
                    Map<String, List<String>> after = db.pgShape(t);
                    if (!after.equals(before.get(t))) {
                        differences.add(t + ":\n  before " + before.get(t) + "\n  after  " + after);
                    }
                    Map<String, String> viewsAfter = matviews(db);
                    if (!viewsAfter.equals(views)) {
                        differences.add(t + ": materialized views " + views.keySet() + " became " + viewsAfter.keySet());
                    }
                }
                // a materialized view heals when it is the relation that is queried
                db.execute("DROP MATERIALIZED VIEW file_stats");
                st.executeQuery("SELECT * FROM file_stats").close();
                assertEquals(views, matviews(db));
            }
            assertEquals(List.of(), differences, String.join("\n", differences));
            List<String> healed = db.strings("SELECT DISTINCT table_name FROM schemaheal_history WHERE outcome = 'healed' ORDER BY 1");
            assertTrue(healed.containsAll(tables), "a history row for every table");
            assertTrue(healed.contains("file_stats"), "and for the materialized view healed on its own");
        }
    }

    private static Map<String, String> matviews(ServerDb db) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : db.strings("SELECT matviewname FROM pg_matviews WHERE schemaname = current_schema() ORDER BY 1")) {
            out.put(v, String.join("|", db.strings("SELECT definition FROM pg_matviews WHERE schemaname = current_schema() "
                    + "AND matviewname = ?", v)) + " " + db.pgShape(v).get("indexes"));
        }
        return out;
    }
}
