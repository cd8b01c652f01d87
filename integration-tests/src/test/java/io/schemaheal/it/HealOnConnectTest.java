package io.schemaheal.it;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code schemaheal.heal-on-connect}: the first connection to a database heals everything missing before it
 * is handed out, so that a check that runs no statement (Hibernate's {@code hbm2ddl.auto=validate}, which reads
 * the catalog) finds the schema whole.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealOnConnectTest extends MigrationSetTest {

    private String shop() throws Exception {
        return TestDatabase.migrations(dir.resolve("shop"),
                "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80));",
                "V2__orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users(id));\n"
                        + "CREATE INDEX idx_orders_user ON orders(user_id);",
                "V3__plans.sql", "CREATE TABLE plans (code VARCHAR(20) PRIMARY KEY, price INT);\n"
                        + "INSERT INTO plans (code, price) VALUES ('free', 0), ('pro', 10);");
    }

    /**
     * Two tenants' schemas in one PostgreSQL database, each lost its tables: the first connection to each schema heals
     * it (heal-on-connect once per database and schema; it was once per database, so the second tenant stayed broken).
     */
    @org.junit.jupiter.api.Test
    void eachSchemaOfOneDatabaseHealsAtItsFirstConnection() throws Exception {
        String m = shop();
        try (TestDatabase first = TestDatabase.open("postgresql", dir); TestDatabase second = TestDatabase.open("postgresql", dir)) {
            for (TestDatabase db : List.of(first, second)) {
                db.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80)); INSERT INTO users (id, name) VALUES (1, 'Ann')");
                try (Connection c = db.heal(m, "schemaheal.heal-on-connect", "true"); Connection raw = db.raw()) {
                    assertEquals(List.of("orders", "plans", "users"), tables(raw, "postgresql"), db.url());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void theFirstConnectionHealsEverythingMissingBeforeAnyStatement(String kind) throws Exception {
        String m = shop();
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            db.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80)); INSERT INTO users (id, name) VALUES (1, 'Ann')");
            try (Connection c = db.heal(m, "schemaheal.heal-on-connect", "true"); Connection raw = db.raw()) {
                // nothing has run on c: the catalog already has what the migrations' end state has
                assertEquals(List.of("orders", "plans", "users"), tables(raw, kind));
                assertEquals(2, Queries.count(raw, "SELECT count(*) FROM plans"), "with the rows its migration seeds");
                assertEquals(List.of("Ann"), Queries.strings(raw, "SELECT name FROM users"), "the existing table untouched");
                assertEquals(List.of("healed", "healed"), Queries.strings(raw, "SELECT outcome FROM schemaheal_history"));
            }
        }
    }

    /**
     * A new release's migrations, which the version table does not record yet, are the migration tool's: heal-on-connect
     * (at the first connection, which may well be the tool's own) heals what the table says ran and leaves them, and
     * the tool then applies them. It made their tables first, and the tool's migrate failed with "already exists".
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aNewReleasesMigrationsAreLeftToTheMigrationTool(String kind) throws Exception {
        String m = shop();
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations(m).target("2").load().migrate();
            db.execute("DROP TABLE orders"); // drift in what ran; V3 is the new release's
            try (Connection c = db.heal(m, "schemaheal.heal-on-connect", "true"); Connection raw = db.raw()) {
                assertEquals(List.of("flyway_schema_history", "orders", "users"), tables(raw, kind),
                        "orders, which the version table says ran, healed; plans left to Flyway");
            }
            assertEquals(1, Flyway.configure().dataSource(db.url(), null, null).locations(m).load().migrate().migrationsExecuted,
                    "Flyway applies the new release's migration");
            try (Connection raw = db.raw()) {
                assertEquals(2, Queries.count(raw, "SELECT count(*) FROM plans"), "with its rows, once");
                assertEquals(List.of("orders"), Queries.strings(raw, "SELECT table_name FROM schemaheal_history"));
            }
        }
    }

    /**
     * A lost table that a new release's migration alters: heal-on-connect gives it back as the migrations the version
     * table records left it, and the tool's ALTER then runs on it. Healed to the end state of every script, it had
     * the new column already, and the tool's migrate failed on it ("duplicate column").
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aLostTableIsHealedAsTheMigrationsThatRanLeftIt(String kind) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("altered"),
                "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80));",
                "V2__orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT);",
                "V3__notes.sql", "ALTER TABLE orders ADD COLUMN note VARCHAR(20);\n"
                        + "CREATE INDEX idx_orders_note ON orders(note);");
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations(m).target("2").load().migrate();
            db.execute("DROP TABLE orders");
            try (Connection c = db.heal(m, "schemaheal.heal-on-connect", "true"); Connection raw = db.raw()) {
                assertEquals(List.of("id", "user_id"), Queries.columns(raw, "orders"), "orders as V2 left it");
            }
            assertEquals(1, Flyway.configure().dataSource(db.url(), null, null).locations(m).load().migrate().migrationsExecuted,
                    "Flyway applies the new release's migration");
            try (Connection raw = db.raw()) {
                assertEquals(List.of("id", "user_id", "note"), Queries.columns(raw, "orders"));
                assertEquals(List.of("orders|healed"), Queries.rows(raw, "SELECT table_name, outcome FROM schemaheal_history"),
                        "healed as the migrations that ran define it, no difference said");
            }
        }
    }

    /**
     * Two sets in one schema, each with its own Flyway history table (Conductor's shape): one table's versions say
     * nothing of the other set's migrations, so none of them is taken for "not run yet", and a lost table of the second
     * set heals at the first connection as a lost table does.
     */
    @Test
    void withTwoSetsOneHistoryTableSaysNothingOfTheOthersMigrations() throws Exception {
        String app = TestDatabase.migrations(dir.resolve("app"), "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY);");
        String scheduler = TestDatabase.migrations(dir.resolve("scheduler"),
                "V1__jobs.sql", "CREATE TABLE jobs (id INT PRIMARY KEY);",
                "V2__runs.sql", "CREATE TABLE runs (id INT PRIMARY KEY, job_id INT);");
        try (TestDatabase db = TestDatabase.open("sqlite", dir)) {
            Flyway.configure().dataSource(db.url(), null, null).locations(app).load().migrate();
            Flyway.configure().dataSource(db.url(), null, null).locations(scheduler).table("scheduler_history")
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
            db.execute("DROP TABLE runs");
            try (Connection c = db.heal(app + ";" + scheduler, "schemaheal.heal-on-connect", "true"); Connection raw = db.raw()) {
                assertEquals(List.of("flyway_schema_history", "jobs", "runs", "scheduler_history", "users"), tables(raw, "sqlite"));
            }
        }
    }

    @Test
    void withoutTheKeyAConnectionHealsNothingUntilAStatementNeedsIt() throws Exception {
        String m = shop();
        SqliteDb db = new SqliteDb(dir.resolve("lazy.sqlite"));
        db.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80))");
        try (Connection c = db.heal(m); Connection raw = db.raw()) {
            assertEquals(List.of("users"), tables(raw, "sqlite"));
        }
    }

    /**
     * {@code schemaheal.mode=report} changes nothing, heal-on-connect's heals neither: it says what it would heal. It
     * healed everything missing, as in mode heal.
     */
    @Test
    void inReportModeHealOnConnectSaysWhatItWouldHealAndChangesNothing() throws Exception {
        String m = shop();
        SqliteDb db = new SqliteDb(dir.resolve("report.sqlite"));
        db.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80))");
        String log = Stderr.of(() -> {
            try (Connection c = db.heal(m, "schemaheal.heal-on-connect", "true", "schemaheal.mode", "report")) {
                assertTrue(c.isValid(5));
            }
        });
        try (Connection raw = db.raw()) {
            assertEquals(List.of("users"), tables(raw, "sqlite"), "nothing made");
        }
        assertTrue(log.contains("would heal missing table orders") && log.contains("[schemaheal.mode=report]"), log);
        assertFalse(log.contains("healed missing table"), log);
    }

    @Test
    void aFirstDeploymentIsLeftToTheMigrationTool() throws Exception {
        String m = shop();
        SqliteDb db = new SqliteDb(dir.resolve("empty.sqlite"));
        db.execute("CREATE TABLE flyway_schema_history (installed_rank INT)");
        try (Connection c = db.heal(m, "schemaheal.heal-on-connect", "true"); Connection raw = db.raw()) {
            assertEquals(List.of("flyway_schema_history"), tables(raw, "sqlite"), "none of the migrations' tables: nothing made");
        }
        assertFalse(db.has("table", "schemaheal_history"));
    }

    @Test
    void aValueThatIsNotABooleanFailsTheConnectNamingTheKey() throws Exception {
        String m = shop();
        SqliteDb db = new SqliteDb(dir.resolve("bad.sqlite"));
        SQLException e = assertThrows(SQLException.class, () -> db.heal(m, "schemaheal.heal-on-connect", "yes"));
        assertTrue(e.getMessage().contains("schemaheal.heal-on-connect is 'yes'") && e.getMessage().contains("true or false"),
                e.getMessage());
    }

    private static List<String> tables(Connection c, String kind) throws SQLException {
        return Queries.strings(c, switch (kind) {
            case "sqlite" -> "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'schemaheal%' "
                    + "AND name NOT LIKE 'sqlite%' ORDER BY name";
            case "postgresql" -> "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                    + "AND table_name NOT LIKE 'schemaheal%' ORDER BY table_name";
            default -> "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                    + "AND table_name NOT LIKE 'schemaheal%' ORDER BY table_name";
        });
    }
}
