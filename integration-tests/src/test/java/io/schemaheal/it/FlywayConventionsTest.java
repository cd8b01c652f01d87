package io.schemaheal.it;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Flyway project as Flyway itself migrates it (the real Flyway, not an imitation): scripts in sub-folders of the
 * location, Flyway's built-in placeholders and the project's own, a callback. A database Flyway migrated to V1 gets
 * the tables of V2 and V3 back from SchemaHeal exactly as Flyway made them in a database migrated in full, and the
 * callback — which Flyway ran on both — is not run again by the heal.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FlywayConventionsTest extends MigrationSetTest {

    /** Flyway has no value for {@code ${flyway:database}} on SQLite: there the test gives the placeholder a constant. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void subFoldersPlaceholdersAndCallbacksAsFlywayReadsThem(String kind) throws Exception {
        Path location = dir.resolve("db/migration");
        String keptIn = kind.equals("sqlite") ? "one file" : "${flyway:database}";
        write(location.resolve("V1__users.sql"), """
                CREATE TABLE ${flyway:defaultSchema}.users (
                    id INTEGER NOT NULL PRIMARY KEY,
                    name VARCHAR(100) NOT NULL,
                    tier VARCHAR(20) DEFAULT '${tier}'
                );
                """);
        write(location.resolve("releases/2024/V2__posts.sql"), """
                CREATE TABLE ${flyway:defaultSchema}.posts (
                    id INTEGER NOT NULL PRIMARY KEY,
                    title VARCHAR(100) NOT NULL,
                    made_by VARCHAR(100) DEFAULT '${flyway:user}',
                    made_in VARCHAR(100) DEFAULT '${flyway:filename}'
                );
                CREATE INDEX posts_title ON posts (title);
                """);
        write(location.resolve("releases/2024/q3/V3__tags.sql"), """
                CREATE TABLE tags (
                    name VARCHAR(50) NOT NULL,
                    kept_in VARCHAR(100) DEFAULT '${keptIn}',
                    history VARCHAR(100) DEFAULT '${flyway:table}'
                );
                """.replace("${keptIn}", keptIn));
        write(location.resolve("callbacks/afterMigrate.sql"), """
                INSERT INTO ${flyway:defaultSchema}.users (id, name) SELECT 99, 'after migrate' FROM users
                WHERE NOT EXISTS (SELECT 1 FROM ${flyway:defaultSchema}.users WHERE id = 99)
                UNION SELECT 99, 'after migrate' FROM users WHERE 1 = 0;
                """);
        write(location.resolve("README.md"), "Flyway scripts of the demo project\n");
        Files.createDirectories(dir.resolve("full"));
        Files.createDirectories(dir.resolve("healed"));
        try (TestDatabase full = TestDatabase.open(kind, dir.resolve("full"));
             TestDatabase healed = TestDatabase.open(kind, dir.resolve("healed"))) {
            migrate(full, location, null);
            migrate(healed, location, "1");
            for (String table : List.of("posts", "tags")) {
                try (Connection c = healed.heal("filesystem:" + location, "schemaheal.placeholders.tier", "gold");
                     Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getLong(1));
                }
            }
            assertEquals(SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(full)), SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(healed)),
                    "healed exactly as Flyway made it");
            try (Connection c = healed.raw()) {
                List<String> detail = Queries.strings(c, "SELECT detail FROM schemaheal_history ORDER BY id");
                assertEquals(2, detail.size(), detail.toString());
                assertTrue(detail.get(0).contains("V2__posts.sql"), detail.get(0));
                assertTrue(detail.get(1).contains("V3__tags.sql"), detail.get(1));
                assertTrue(detail.stream().noneMatch(d -> d.contains("afterMigrate")), detail.toString());
            }
        }
    }

    /**
     * A placeholder SchemaHeal has no value for: the connection still opens and other tables still heal; the table
     * whose script uses it is not healed with the placeholder's text in it — the application gets its own exception,
     * and the history row names the placeholder and the key that gives it a value. Given that key, it heals.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aPlaceholderWithNoValueStopsOnlyTheTableThatUsesItAndSaysWhichKeyGivesIt(String kind) throws Exception {
        Path location = dir.resolve("db/migration");
        write(location.resolve("V1__users.sql"), "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY);\n");
        write(location.resolve("V2__audit.sql"), "CREATE TABLE audit (id INTEGER NOT NULL, region VARCHAR(20) DEFAULT '${region}');\n");
        write(location.resolve("V3__notes.sql"), "CREATE TABLE notes (id INTEGER NOT NULL);\n");
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + location)
                    .placeholders(Map.of("region", "eu")).target("1").load().migrate();
            try (Connection c = db.heal("filesystem:" + location); Statement st = c.createStatement()) {
                java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                        () -> st.executeQuery("SELECT count(*) FROM audit").close());
                assertTrue(e.getMessage().contains("audit"), e.getMessage());
                st.executeQuery("SELECT count(*) FROM notes").close();
            }
            try (Connection c = db.raw()) {
                List<String> rows = Queries.strings(c, "SELECT table_name || ' ' || outcome || ': ' || detail FROM schemaheal_history ORDER BY id");
                assertEquals(2, rows.size(), rows.toString());
                assertTrue(rows.get(0).startsWith("audit ") && rows.get(0).contains("${region}")
                        && rows.get(0).contains("schemaheal.placeholders.region"), rows.get(0));
                assertTrue(rows.get(1).startsWith("notes healed"), rows.get(1));
                assertEquals(List.of(), Queries.strings(c, kind.equals("sqlite")
                        ? "SELECT name FROM sqlite_master WHERE name = 'audit'" : "SELECT table_name FROM information_schema.tables "
                        + "WHERE table_name = 'audit' AND table_schema = current_schema()"), "nothing made with the placeholder's text in it");
            }
            try (Connection c = db.heal("filesystem:" + location, "schemaheal.placeholders.region", "eu");
                 Statement st = c.createStatement()) {
                st.executeQuery("SELECT count(*) FROM audit").close();
                st.executeUpdate("INSERT INTO audit (id) VALUES (1)");
                try (ResultSet rs = st.executeQuery("SELECT region FROM audit")) {
                    assertTrue(rs.next());
                    assertEquals("eu", rs.getString(1));
                }
            }
        }
    }

    /**
     * A view kept in a repeatable migration ({@code R__views.sql}, edited in place as the schema grows, run by Flyway
     * after the versioned ones whenever it changes): dropped, it heals from the repeatable's latest body, exactly as
     * Flyway left it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aViewOfARepeatableMigrationHealsFromItsLatestBody(String kind) throws Exception {
        Path location = dir.resolve("db/migration");
        write(location.resolve("V1__users.sql"), "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                + "active INTEGER NOT NULL DEFAULT 1);\n");
        write(location.resolve("V2__users_email.sql"), "ALTER TABLE users ADD COLUMN email VARCHAR(100);\n");
        write(location.resolve("R__views.sql"), (kind.equals("sqlite")
                ? "DROP VIEW IF EXISTS active_users;\nCREATE VIEW active_users AS"
                : "CREATE OR REPLACE VIEW active_users AS") + " SELECT id, name, email FROM users WHERE active = 1;\n");
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            migrate(db, location, null);
            Map<String, String> migrated = SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db));
            assertTrue(migrated.containsKey("active_users"), migrated.keySet().toString());
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                st.execute("DROP VIEW active_users");
            }
            try (Connection c = db.heal("filesystem:" + location); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM active_users")) {
                assertTrue(rs.next());
            }
            assertEquals(migrated, SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db)), "the view as Flyway left it");
            try (Connection c = db.raw()) {
                String detail = Queries.strings(c, "SELECT detail FROM schemaheal_history").get(0);
                assertTrue(detail.contains("R__views.sql"), detail);
            }
        }
    }

    /**
     * The application's {@code flyway.conf} is enough on its own: {@code schemaheal.flyway-config} names it, and the
     * heal finds the scripts and placeholder values there, as Flyway (given the same file) did.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"${,}", "#[,]"})
    void theApplicationsFlywayConfIsEnoughOnItsOwn(String prefix, String suffix) throws Exception {
        Path location = dir.resolve("sql");
        String tier = prefix + "tier" + suffix;
        write(location.resolve("V1__users.sql"), "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, tier VARCHAR(20) "
                + "DEFAULT '" + tier + "');\n");
        write(location.resolve("V2__posts.sql"), "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, tier VARCHAR(20) "
                + "DEFAULT '" + tier + "', note VARCHAR(20) DEFAULT '${tier}');\n");
        Path conf = dir.resolve("conf/flyway.conf");
        write(conf, "flyway.url=jdbc:sqlite:app.db\nflyway.locations=filesystem:" + location + "\nflyway.placeholders.tier=gold\n"
                + (prefix.equals("${") ? "" : "flyway.placeholderPrefix=" + prefix + "\nflyway.placeholderSuffix=" + suffix + "\n"));
        try (TestDatabase db = TestDatabase.open("sqlite", dir)) {
            java.util.Properties flyway = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(conf)) {
                flyway.load(in);
            }
            flyway.remove("flyway.url");
            Flyway.configure().configuration(flyway).dataSource(db.url(), null, null).load().migrate();
            Map<String, String> migrated = SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db));
            db.dropTable("posts");
            java.util.Properties p = new java.util.Properties();
            p.setProperty("schemaheal.flyway-config", conf.toString());
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:heal:" + db.url().substring("jdbc:".length()), p);
                 Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO posts (id) VALUES (1)");
            }
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                assertEquals(List.of("gold"), Queries.strings(c, "SELECT tier FROM posts"), "the placeholder's value from flyway.conf");
                assertEquals(List.of(prefix.equals("${") ? "gold" : "${tier}"), Queries.strings(c, "SELECT note FROM posts"),
                        "text in another placeholder form is text, as Flyway left it");
                st.executeUpdate("DELETE FROM posts");
            }
            assertEquals(migrated, SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db)));
        }
    }

    /**
     * Scripts named the application's own Flyway way ({@code sqlMigrationPrefix}, {@code sqlMigrationSeparator},
     * {@code sqlMigrationSuffixes}, {@code repeatableSqlMigrationPrefix} in its {@code flyway.conf}), in the location and
     * a sub-folder of it, heal as Flyway (given the same file) applied them.
     */
    @org.junit.jupiter.api.Test
    void scriptsNamedTheApplicationsOwnFlywayWayHeal() throws Exception {
        Path location = dir.resolve("sql");
        write(location.resolve("M1-users.pgsql"), "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(80));\n");
        write(location.resolve("releases/M2-posts.pgsql"), "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, "
                + "user_id INTEGER REFERENCES users (id), title VARCHAR(100));\n");
        write(location.resolve("RR-views.pgsql"), "CREATE VIEW titles AS SELECT title FROM posts;\n");
        Path conf = dir.resolve("conf/flyway.conf");
        write(conf, "flyway.locations=filesystem:" + location + "\nflyway.sqlMigrationPrefix=M\nflyway.sqlMigrationSeparator=-\n"
                + "flyway.sqlMigrationSuffixes=.pgsql\nflyway.repeatableSqlMigrationPrefix=RR\n");
        try (TestDatabase db = TestDatabase.open("sqlite", dir)) {
            java.util.Properties flyway = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(conf)) {
                flyway.load(in);
            }
            Flyway.configure().configuration(flyway).dataSource(db.url(), null, null).load().migrate();
            Map<String, String> migrated = SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db));
            assertTrue(migrated.containsKey("posts") && migrated.containsKey("titles"), migrated.keySet().toString());
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                st.execute("DROP VIEW titles");
                st.execute("DROP TABLE posts");
            }
            java.util.Properties p = new java.util.Properties();
            p.setProperty("schemaheal.flyway-config", conf.toString());
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:heal:" + db.url().substring("jdbc:".length()), p);
                 Statement st = c.createStatement()) {
                st.executeQuery("SELECT * FROM titles").close();
            }
            assertEquals(migrated, SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db)), "as Flyway made them");
        }
    }

    /**
     * A script Flyway runs outside a transaction ({@code -- flyway:executeInTransaction=false}, which PostgreSQL needs
     * for {@code CREATE INDEX CONCURRENTLY}): the heal builds that index too — after its transaction when the table was
     * there, at once on a table it created, which is empty.
     */
    @org.junit.jupiter.api.Test
    void aScriptFlywayRunsOutsideATransactionHealsToo() throws Exception {
        Path location = dir.resolve("db/migration");
        write(location.resolve("V1__posts.sql"), "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(100) NOT NULL);\n");
        write(location.resolve("V2__posts_title.sql"), "-- flyway:executeInTransaction=false\n"
                + "CREATE INDEX CONCURRENTLY posts_title ON posts (title);\n");
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            migrate(db, location, null);
            Map<String, String> migrated = SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db));
            assertTrue(migrated.get("posts").contains("posts_title"), migrated.get("posts"));
            db.dropTable("posts");
            try (Connection c = db.heal("filesystem:" + location); Statement st = c.createStatement()) {
                st.executeQuery("SELECT count(*) FROM posts").close();
            }
            assertEquals(migrated, SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db)), "with the index, as Flyway made it");
        }
    }

    /**
     * Two migration sets in one schema, each a Flyway configuration of its own with its own history table (Netflix
     * Conductor's main and scheduler sets), both migrated by Flyway itself: {@code schemaheal.migrations} lists them with
     * {@code ;} between, each set's versions are its own (both have V1 and V2), and a table of each set heals exactly.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sqlite", "postgresql"})
    void twoFlywaySetsInOneSchemaHealEachItsOwnTables(String kind) throws Exception {
        Path main = dir.resolve("db/migration_main");
        Path scheduler = dir.resolve("db/migration_scheduler");
        write(main.resolve("V1__workflow.sql"), "CREATE TABLE workflow (workflow_id VARCHAR(64) NOT NULL PRIMARY KEY, body TEXT);\n");
        write(main.resolve("V2__workflow_index.sql"), "CREATE INDEX workflow_body ON workflow (body);\n");
        write(scheduler.resolve("V1__scheduler.sql"), "CREATE TABLE scheduler (name VARCHAR(64) NOT NULL PRIMARY KEY, cron VARCHAR(64));\n");
        write(scheduler.resolve("V2__scheduler_runs.sql"), "CREATE TABLE scheduler_runs (id INTEGER NOT NULL PRIMARY KEY, "
                + "name VARCHAR(64) NOT NULL REFERENCES scheduler (name));\n");
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + main).load().migrate();
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + scheduler)
                    .table("flyway_scheduler_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
            Map<String, String> migrated = SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db));
            migrated.remove("flyway_scheduler_history");
            assertEquals(java.util.Set.of("workflow", "scheduler", "scheduler_runs"), migrated.keySet());
            String sets = "filesystem:" + main + ";filesystem:" + scheduler;
            for (String table : List.of("scheduler_runs", "workflow")) {
                db.dropTable(table);
                try (Connection c = db.heal(sets); Statement st = c.createStatement()) {
                    st.executeQuery("SELECT count(*) FROM " + table).close();
                }
                Map<String, String> now = SchemaSnapshot.withoutMigrationToolTables(SchemaSnapshot.of(db));
                now.remove("flyway_scheduler_history");
                assertEquals(migrated, now, table + " as its own set made it");
            }
        }
    }

    /**
     * Of two Flyway sets in one schema, the scheduler's was migrated by a newer release (its own history table records
     * a V3 this application does not have, while the default table records nothing newer): the database belongs to a
     * newer release, and no table is healed to the older shape, the reason naming the scheduler's history table.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aSetANewerReleaseMigratedIsSeenInItsOwnHistoryTable(String kind) throws Exception {
        Path main = dir.resolve("app/migration_main");
        Path scheduler = dir.resolve("app/migration_scheduler");
        Path newer = dir.resolve("newer/migration_scheduler");
        write(main.resolve("V1__workflow.sql"), "CREATE TABLE workflow (workflow_id VARCHAR(64) NOT NULL PRIMARY KEY, body TEXT);\n");
        write(main.resolve("V2__workflow_index.sql"), "CREATE INDEX workflow_body ON workflow (body);\n");
        for (Path p : List.of(scheduler, newer)) {
            write(p.resolve("V1__scheduler.sql"), "CREATE TABLE scheduler (name VARCHAR(64) NOT NULL PRIMARY KEY, cron VARCHAR(64));\n");
            write(p.resolve("V2__scheduler_runs.sql"), "CREATE TABLE scheduler_runs (id INTEGER NOT NULL PRIMARY KEY, "
                    + "name VARCHAR(64) NOT NULL);\n");
        }
        write(newer.resolve("V3__scheduler_runs_owner.sql"), "ALTER TABLE scheduler_runs ADD COLUMN owner VARCHAR(64);\n");
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + main).load().migrate();
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + newer)
                    .table("flyway_scheduler_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
            String sets = "filesystem:" + main + ";filesystem:" + scheduler;
            db.dropTable("scheduler_runs");
            db.dropTable("workflow");
            try (Connection c = db.heal(sets); Statement st = c.createStatement()) {
                for (String table : List.of("scheduler_runs", "workflow")) {
                    String why = reason(st, "SELECT count(*) FROM " + table);
                    org.junit.jupiter.api.Assertions.assertTrue(why.contains("flyway_scheduler_history records version 3"), why);
                }
            }
            Map<String, String> now = SchemaSnapshot.of(db);
            org.junit.jupiter.api.Assertions.assertFalse(now.containsKey("scheduler_runs") || now.containsKey("workflow"),
                    "neither built in the older shape");
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", sets);
            assertEquals(1, doctor.exit(), doctor.out() + doctor.err());
            org.junit.jupiter.api.Assertions.assertTrue(doctor.out().contains(
                    "flyway_scheduler_history records version 3, newer than every migration here"), "the doctor says so: " + doctor.out());
        }
    }

    /**
     * A Flyway Java migration ran after {@code users} was made and changed it (its code adds {@code users.extra}; no
     * script says so). Healed from the scripts, {@code users} would come back without that column, recorded as healed.
     * It is refused, naming the Java migration as Flyway's history records it; {@code posts}, made after it, heals.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aTableAJavaMigrationRanAfterIsNeverHealedFromTheScriptsAlone(String kind) throws Exception {
        Path m = dir.resolve("java-" + kind);
        write(m.resolve("V1__users.sql"), "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY);\n");
        write(m.resolve("V3__posts.sql"), "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY);\n");
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + m)
                    .javaMigrations(new V2__Users_extra()).load().migrate();
            // the doctor finds the database as Flyway left it clean: users' column extra is the code's, not drift
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", m.toString());
            assertEquals(0, doctor.exit(), doctor.out() + doctor.err());
            assertTrue(doctor.out().contains("table users is not checked: Flyway's history flyway_schema_history records "
                    + "version 2"), doctor.out());
            db.dropTable("users");
            db.dropTable("posts");
            try (Connection c = db.heal("filesystem:" + m); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO posts (id) VALUES (1)"), "a table made after the code heals");
                String why = reason(st, "SELECT id FROM users");
                assertTrue(why.contains("version 2") && why.contains("io.schemaheal.it.V2__Users_extra")
                        && why.contains("JDBC"), why);
            }
            org.junit.jupiter.api.Assertions.assertFalse(SchemaSnapshot.of(db).containsKey("users"), "never made without extra");
        }
    }

    /**
     * A Flyway callback that changes a table: Flyway runs {@code afterMigrate.sql} after the migrations, and its
     * {@code ALTER TABLE} and index are part of what {@code users} is; a heal never applies callbacks, so {@code users}
     * healed from the scripts would lack them, recorded as healed. It is refused, naming the callback; {@code posts},
     * which the callback only writes rows to, heals.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aTableAFlywayCallbackChangesIsNeverHealedWithoutWhatItMade(String kind) throws Exception {
        Path m = dir.resolve("callback-" + kind);
        write(m.resolve("V1__users.sql"), "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY);\n");
        write(m.resolve("V2__posts.sql"), "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(40));\n");
        write(m.resolve("afterMigrate.sql"), """
                ALTER TABLE users ADD COLUMN extra INTEGER;
                CREATE INDEX users_extra ON users (extra);
                INSERT INTO posts (id, title) VALUES (1, 'welcome');
                """);
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + m).load().migrate();
            DoctorTest.Run doctor = DoctorTest.cli("doctor", "--url", db.url(), "--migrations", m.toString());
            assertEquals(0, doctor.exit(), "what the callback made is not drift: " + doctor.out() + doctor.err());
            assertTrue(doctor.out().contains("table users is not checked: Flyway callback "), doctor.out());
            db.dropTable("users");
            db.dropTable("posts");
            try (Connection c = db.heal("filesystem:" + m); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO posts (id, title) VALUES (2, 'b')"), "posts heals");
                String why = reason(st, "SELECT id FROM users");
                assertTrue(why.contains("Flyway callback ") && why.contains("afterMigrate.sql (line 1) changes users"), why);
            }
            org.junit.jupiter.api.Assertions.assertFalse(SchemaSnapshot.of(db).containsKey("users"), "never made without extra");
        }
    }

    /** The reason SchemaHeal attached to the application's own exception for {@code sql}, which must fail with one. */
    private static String reason(Statement st, String sql) {
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> st.executeQuery(sql).close());
        assertEquals(1, e.getSuppressed().length, "the original exception, with the reason: " + e);
        return e.getSuppressed()[0].getMessage();
    }

    private static void migrate(TestDatabase db, Path location, String target) {
        // Flyway's PostgreSQL lock held in a transaction would make its own CREATE INDEX CONCURRENTLY wait for it forever
        var config = Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + location)
                .placeholders(Map.of("tier", "gold")).configuration(Map.of("flyway.postgresql.transactional.lock", "false"));
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }
}
