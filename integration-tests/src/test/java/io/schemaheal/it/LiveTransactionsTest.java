package io.schemaheal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heals inside the application's live transactions, on the real servers: never a hang (each test is
 * bounded by the harness, each heal by schemaheal.lock-timeout), never a silently wrong answer, and
 * never in the way of SQL that has nothing to do with a missing table.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiveTransactionsTest extends MigrationSetTest {

    static final String LOCK_TIMEOUT = "3s";

    /** users, then orders (a foreign key to users, an index built concurrently on PostgreSQL), then a seeded table. */
    private String shop(String kind) throws Exception {
        boolean pg = kind.equals("postgresql");
        Path m = Files.createDirectories(dir.resolve("shop-" + kind));
        Files.writeString(m.resolve("V1__users.sql"), "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80));");
        Files.writeString(m.resolve("V2__orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT NOT NULL "
                + "REFERENCES users(id), total INT);\n"
                + (pg ? "CREATE INDEX CONCURRENTLY idx_orders_user ON orders(user_id);" : "CREATE INDEX idx_orders_user ON orders(user_id);"));
        Files.writeString(m.resolve("V3__plans.sql"), "CREATE TABLE plans (code VARCHAR(20) PRIMARY KEY, price INT);\n"
                + "INSERT INTO plans (code, price) VALUES ('free', 0), ('pro', 10);");
        Files.writeString(m.resolve("V4__users_email.sql"), "ALTER TABLE users ADD COLUMN email VARCHAR(120);");
        return "filesystem:" + m;
    }

    /** A connection through SchemaHeal with the test's lock timeout, its transaction begun as a JPA application's. */
    private static Connection inTransaction(TestDatabase db, String migrations) throws SQLException {
        Connection c = db.heal(migrations, "schemaheal.lock-timeout", LOCK_TIMEOUT);
        c.setAutoCommit(false);
        return c;
    }

    private static void createUsers(TestDatabase db, boolean withEmail) throws SQLException {
        db.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80)" + (withEmail ? ", email VARCHAR(120)" : "") + ")");
        db.execute("INSERT INTO users (id, name) VALUES (1, 'Ann')");
    }

    // 1. the @Transactional write: a parent row, then a child into a missing table that references it

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aTransactionalWriteIntoAMissingChildHealsAndCommits(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = shop(kind);
            createUsers(db, true);
            try (Connection c = inTransaction(db, m); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO users (id, name) VALUES (2, 'Bob')");
                st.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (1, 2, 30)");
                c.commit();
            }
            try (Connection c = db.raw()) {
                assertEquals(1, Queries.count(c, "SELECT count(*) FROM orders WHERE user_id = 2"));
                assertEquals(2, Queries.count(c, "SELECT count(*) FROM users"));
                assertEquals(1, Queries.count(c, kind.equals("postgresql")
                        ? "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'idx_orders_user'"
                        : "SELECT count(*) FROM information_schema.statistics WHERE table_schema = DATABASE() "
                        + "AND index_name = 'idx_orders_user'"), "the index too, built at once on the new, empty table");
            }
        }
    }

    @Test
    void postgresAHealInsideATransactionIsPartOfIt() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String m = shop("postgresql");
            createUsers(db, true);
            try (Connection c = inTransaction(db, m); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (1, 1, 30)");
                c.rollback();
                try (Connection other = db.raw()) {
                    assertEquals(List.of(), SchemaSnapshot.tables(other, "postgresql").stream()
                            .filter(t -> !t.equals("users")).toList(), "the rollback took the heal with it");
                }
                // the same statement heals again in the next transaction: it did not become "known good"
                st.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (1, 1, 30)");
                c.commit();
            }
            try (Connection c = db.raw()) {
                assertEquals(1, Queries.count(c, "SELECT count(*) FROM orders"));
            }
        }
    }

    @Test
    void postgresAColumnHealAfterAReadInTheSameTransaction() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String m = shop("postgresql");
            createUsers(db, false);
            try (Connection c = inTransaction(db, m); Statement st = c.createStatement()) {
                st.executeQuery("SELECT name FROM users").close(); // the transaction now holds a lock on users
                st.executeUpdate("UPDATE users SET email = 'ann@example.org' WHERE id = 1");
                c.commit();
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("ann@example.org"), Queries.strings(c, "SELECT email FROM users"));
            }
        }
    }

    /**
     * MariaDB: the column heal needs a lock that the application's own transaction holds. It gives up in
     * time, the application gets its exception, and once the transaction has ended (here its rollback) the
     * connection heals, holding no lock then: the transaction run again succeeds.
     */
    @Test
    void mariadbAColumnHealBlockedByTheApplicationsOwnTransactionGivesUpInTimeAndHealsWhenItEnds() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            String m = shop("mariadb");
            createUsers(db, false);
            try (Connection c = inTransaction(db, m); Statement st = c.createStatement()) {
                st.executeQuery("SELECT name FROM users").close(); // holds a metadata lock on users until it ends
                SQLException e = assertThrows(SQLException.class,
                        () -> st.executeUpdate("UPDATE users SET email = 'x' WHERE id = 1"));
                assertEquals(1054, e.getErrorCode(), "the application's own exception");
                String why = e.getSuppressed()[0].getMessage();
                assertTrue(why.contains("Lock wait timeout") && why.contains("heals users.email again as soon as its "
                        + "transaction ends"), why);
                assertFalse(db.columns("users").contains("email"), "not healed yet");
                c.rollback();
                assertTrue(db.columns("users").contains("email"), "healed at the rollback");
                // the application runs its transaction again: no heal, no wait, the update goes through
                assertEquals(1, st.executeUpdate("UPDATE users SET email = 'x' WHERE id = 1"));
                c.commit();
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("x"), Queries.strings(c, "SELECT email FROM users"));
                assertEquals(List.of("users healed column"), Queries.strings(c, "SELECT CONCAT(table_name, ' ', outcome) "
                        + "FROM schemaheal_history"), "one heal, after the transaction");
            }
        }
    }

    /**
     * MariaDB: inside a transaction a heal does not wait for another session's heal (that heal may need a
     * lock this transaction holds); the application gets its exception at once, with the reason, and the
     * connection heals when the transaction ends, waiting for the other heal then.
     */
    @Test
    void mariadbInsideATransactionAHealDoesNotWaitForAnotherHealAndHealsWhenItEnds() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            String m = shop("mariadb");
            createUsers(db, true);
            try (Connection healing = db.raw(); Statement h = healing.createStatement()) {
                // another session holds the heal lock of this database, as a heal in progress does
                try (ResultSet rs = h.executeQuery("SELECT GET_LOCK(CONCAT('schemaheal:', MD5(DATABASE())), 0)")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1));
                }
                try (Connection c = inTransaction(db, m); Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO users (id, name) VALUES (2, 'Bob')");
                    SQLException e = assertThrows(SQLException.class,
                            () -> st.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (1, 2, 30)"));
                    assertEquals(1146, e.getErrorCode(), "the application's own exception");
                    String why = e.getSuppressed()[0].getMessage();
                    assertTrue(why.contains("inside a transaction SchemaHeal does not wait for it")
                            && why.contains("heals orders again as soon as its transaction ends"), why);
                    h.executeQuery("SELECT RELEASE_LOCK(CONCAT('schemaheal:', MD5(DATABASE())))").close();
                    c.rollback();
                    assertTrue(db.hasTable("orders"), "healed at the rollback");
                    st.executeUpdate("INSERT INTO users (id, name) VALUES (2, 'Bob')");
                    st.executeUpdate("INSERT INTO orders (id, user_id, total) VALUES (1, 2, 30)");
                    c.commit();
                }
            }
            try (Connection c = db.raw()) {
                assertEquals(1, Queries.count(c, "SELECT count(*) FROM orders WHERE user_id = 2"));
                assertEquals(List.of("orders healed"), Queries.strings(c, "SELECT CONCAT(table_name, ' ', outcome) "
                        + "FROM schemaheal_history"));
            }
        }
    }

    /**
     * MariaDB: an ALTER of a table with a foreign key waits for every transaction that wrote the parent, and
     * while a DDL lock request is queued, every new write to that parent waits behind it. A heal queues at
     * most a second at a time and asks again until schemaheal.lock-timeout, so the application's other writes
     * go on meanwhile, held up at most that second (here the heal's wait is 20 s).
     */
    @Test
    void mariadbAHealWaitingForALockHoldsUpNoOtherStatement() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            String m = TestDatabase.migrations(dir.resolve("orders-note"),
                    "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80));",
                    "V2__orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT NOT NULL REFERENCES users(id));",
                    "V3__orders_note.sql", "ALTER TABLE orders ADD COLUMN note VARCHAR(40);");
            db.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80))");
            db.execute("CREATE TABLE orders (id INT PRIMARY KEY, user_id INT NOT NULL REFERENCES users(id))");
            db.execute("INSERT INTO users (id, name) VALUES (1, 'Ann')");
            db.execute("INSERT INTO orders (id, user_id) VALUES (1, 1)");
            db.execute("FLUSH TABLES users"); // its next use knows orders refers to it, as in a server that has run a while
            try (Connection writer = db.raw(); Statement w = writer.createStatement()) {
                // another session's open transaction wrote the parent: the ALTER of orders must wait for it
                writer.setAutoCommit(false);
                w.executeUpdate("INSERT INTO users (id, name) VALUES (2, 'Bob')");
                long altersBefore = altersRun(writer);
                CompletableFuture<Integer> update = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = db.heal(m, "schemaheal.lock-timeout", "20s"); Statement st = c.createStatement()) {
                        return st.executeUpdate("UPDATE orders SET note = 'rush' WHERE id = 1");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (Connection other = db.raw(); Statement o = other.createStatement()) {
                    // until the heal has sent its ALTER (the server counts a statement as it starts it)
                    while (altersRun(other) == altersBefore) {
                        assertFalse(update.isDone(), "the heal is under way, waiting for the writer's transaction");
                        Thread.sleep(10);
                    }
                    // the heal is under way and cannot have its lock: the application's other writes are not held up
                    // for the heal's 20 s, only for the second at most that it queues at a time
                    o.execute("SET SESSION lock_wait_timeout = 3");
                    o.executeUpdate("INSERT INTO users (id, name) VALUES (3, 'Cy')");
                    o.executeUpdate("INSERT INTO orders (id, user_id) VALUES (3, 3)");
                    assertFalse(update.isDone(), "the heal still waits for the writer");
                }
                writer.commit();
                assertEquals(1, update.get(30, TimeUnit.SECONDS), "once the writer is done, the heal goes through");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("rush"), Queries.strings(c, "SELECT note FROM orders WHERE id = 1"));
            }
        }
    }

    /** How many ALTER TABLE statements the server has started. */
    private static long altersRun(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_alter_table'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    // 2. snapshot transactions: the right answer, or the exception with a note; never a silently different result

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aRepeatableReadTransactionNeverGetsASilentlyWrongAnswer(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = shop(kind);
            createUsers(db, true);
            try (Connection c = inTransaction(db, m); Statement st = c.createStatement()) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                st.executeQuery("SELECT count(*) FROM users").close(); // the snapshot is taken here
                try (ResultSet rs = st.executeQuery("SELECT price FROM plans WHERE code = 'pro'")) {
                    // PostgreSQL heals inside this transaction, so its seed rows are visible to it
                    assertTrue(rs.next(), "never a silently empty answer");
                    assertEquals(10, rs.getInt(1));
                } catch (SQLException e) {
                    // MariaDB heals aside: a snapshot older than the heal cannot see it, and the application is told
                    assertEquals("mariadb", kind, "PostgreSQL answers: " + e + java.util.Arrays.toString(e.getSuppressed()));
                    assertEquals(1146, e.getErrorCode(), "the original exception");
                    assertTrue(e.getSuppressed()[0].getMessage().contains("run the transaction again"),
                            e.getSuppressed()[0].getMessage());
                }
                c.rollback();
            }
        }
    }

    /**
     * A snapshot transaction (REPEATABLE READ) sees the catalog as it was when its snapshot was taken, while reading an
     * object's definition looks at the catalog as it is: a table another session dropped since, in another schema (a
     * tenant leaving, another application's migration), made the proof's read of the catalog fail every time, and the
     * heal with it ("cache lookup failed for index"). It heals; the dropped table is not the heal's change.
     */
    @Test
    void aSnapshotTransactionHealsWhileAnotherSessionDropsATableElsewhere() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String m = shop("postgresql");
            createUsers(db, true);
            String other = SafetyTest.uniqueName("sh_other_");
            try (Connection admin = java.sql.DriverManager.getConnection(ServerDb.PG_URL); Statement ddl = admin.createStatement()) {
                ddl.execute("CREATE SCHEMA " + other + "; CREATE TABLE " + other + ".gone (id INT PRIMARY KEY, "
                        + "note TEXT DEFAULT 'x' CHECK (note <> ''))");
                try (Connection c = inTransaction(db, m); Statement st = c.createStatement()) {
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    st.executeQuery("SELECT count(*) FROM users").close(); // the snapshot is taken here
                    ddl.execute("DROP SCHEMA " + other + " CASCADE"); // committed: another session's
                    try (ResultSet rs = st.executeQuery("SELECT price FROM plans WHERE code = 'pro'")) {
                        assertTrue(rs.next(), "healed inside the snapshot transaction");
                        assertEquals(10, rs.getInt(1));
                    }
                    c.commit();
                }
            } finally {
                try (Connection admin = java.sql.DriverManager.getConnection(ServerDb.PG_URL); Statement ddl = admin.createStatement()) {
                    ddl.execute("DROP SCHEMA IF EXISTS " + other + " CASCADE");
                }
            }
        }
    }

    // 3. the guard savepoints never change what the application's own SQL does

    @ParameterizedTest
    @ValueSource(strings = {"heal", "report"})
    void postgresTransactionControlSqlWorksAsOnThePlainDriver(String mode) throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String m = shop("postgresql");
            createUsers(db, true);
            try (Connection c = db.heal(m, "schemaheal.mode", mode); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
                st.execute("SAVEPOINT sp1");
                st.executeUpdate("INSERT INTO users (id, name) VALUES (7, 'undone')");
                st.execute("ROLLBACK TO SAVEPOINT sp1");
                st.executeUpdate("INSERT INTO users (id, name) VALUES (8, 'kept')");
                st.execute("RELEASE SAVEPOINT sp1");
                st.execute("COMMIT");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("Ann", "kept"), Queries.strings(c, "SELECT name FROM users ORDER BY id"));
            }
        }
    }

    // 5. a heal that fails is not tried again on every call

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void aFailingHealBacksOff(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = TestDatabase.migrations(dir.resolve("broken-" + kind),
                    "V1__broken.sql", "CREATE TABLE broken (id INT NOT_A_TYPE);");
            List<String> reasons = new ArrayList<>();
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                for (int i = 0; i < 200; i++) {
                    SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM broken"));
                    reasons.add(e.getSuppressed()[0].getMessage());
                }
            }
            assertEquals(1, reasons.stream().filter(r -> r.startsWith("SchemaHeal could not heal broken")).count(), reasons.get(0));
            assertEquals(199, reasons.stream().filter(r -> r.startsWith("SchemaHeal did not try to heal broken again: its last "
                    + "heal failed (SchemaHeal could not heal broken") && r.contains("tries again after")
                    && r.indexOf("did not try") == r.lastIndexOf("did not try")).count(), reasons.get(1));
        }
    }

    // 6. honest errors

    @Test
    void aHealUserThatCannotLogInIsReportedAsSuch() throws Exception {
        try (TestDatabase db = TestDatabase.open("mariadb", dir)) {
            String m = shop("mariadb");
            try (Connection c = db.heal(m, "schemaheal.heal-user", SafetyTest.uniqueName("nobody_"),
                    "schemaheal.heal-password", "wrong"); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM users"));
                String why = e.getSuppressed()[0].getMessage();
                assertTrue(why.contains("could not log in as schemaheal.heal-user"), why);
                assertFalse(why.contains("heal lock"), why);
            }
        }
    }

    @Test
    void postgresANameLongerThanTheServerKeepsHeals() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String name = "customer_subscription_billing_history_entries_for_each_calendar_month";
            assertTrue(name.length() > 63);
            String m = TestDatabase.migrations(dir.resolve("long"), "V1__long.sql", "CREATE TABLE " + name + " (id INT);");
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.executeQuery("SELECT * FROM " + name).close();
            }
        }
    }

    @Test
    void sqliteAnFtsQueryErrorAboutAColumnThatExistsIsTheApplications() throws Exception {
        Path m = Files.createDirectories(dir.resolve("fts"));
        Files.writeString(m.resolve("V1__docs.sql"), """
                CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT, body TEXT);
                CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content='docs', content_rowid='id');
                """);
        SqliteDb db = new SqliteDb(dir.resolve("fts.sqlite"));
        db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT, body TEXT); "
                + "CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content='docs', content_rowid='id')");
        try (Connection c = db.heal(m.toString());
             PreparedStatement ps = c.prepareStatement("SELECT d.title FROM docs_fts f JOIN docs d ON d.id = f.rowid "
                     + "WHERE docs_fts MATCH ?")) {
            ps.setString(1, "tytle:hello"); // the user's typo: FTS5 says "no such column: tytle"
            SQLException e = assertThrows(SQLException.class, () -> ps.executeQuery().next());
            assertTrue(e.getMessage().contains("no such column"), e.getMessage());
            assertEquals(0, e.getSuppressed().length, "the application's own error, untouched");
        }
        assertFalse(db.has("table", "schemaheal_history"), "no heal was tried");
    }

    // 7. MariaDB: a heal cut off halfway is completed by the next connection, though no statement fails any more

    @Test
    void mariadbAHealCutOffHalfwayIsCompletedByTheNextConnection() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            String migrations = TestDatabase.migrations(dir.resolve("cut"), "V1__plans.sql", """
                    CREATE TABLE plans (n BIGINT PRIMARY KEY, code VARCHAR(8) NOT NULL);
                    INSERT INTO plans (n, code) SELECT seq, CONCAT('p', seq) FROM seq_1_to_1000000;
                    ALTER TABLE plans MODIFY code VARCHAR(40) NULL;
                    INSERT INTO plans (n, code) VALUES (0, NULL);
                    """);
            assertEquals(1146, queryPlansKilledMidSeed(db, migrations).getErrorCode(), "the application's own exception");
            assertTrue(db.hasTable("plans"), "the CREATE committed before the connection died");
            assertEquals(0, db.count("SELECT count(*) FROM plans"), "the seed rows had not");
            assertEquals(1, db.count("SELECT count(*) FROM schemaheal_history WHERE outcome = 'started'"));
            // the journal says, in rows of their own, where the heal ran and what of it ran: the CREATE, with what tells
            // the table it made from a later one of the same name; not the seed cut off with the connection
            assertEquals(List.of("0 " + db.name + " null null", "1 null V1__plans.sql:1 plans"), db.strings(
                    "SELECT CONCAT_WS(' ', step, COALESCE(heal_schema, 'null'), COALESCE(statement_at, 'null'), "
                    + "COALESCE(created_relation, 'null')) FROM schemaheal_history_journal ORDER BY step"));
            assertEquals(1, db.count("SELECT count(*) FROM schemaheal_history_journal WHERE step = 1 AND incarnation LIKE 'innodb table %'"));
            try (Connection c = db.heal(migrations)) {
                assertEquals(1_000_001, Queries.count(c, "SELECT count(*) FROM plans"), "the next connection completed it");
                assertEquals(1, Queries.count(c, "SELECT count(*) FROM plans WHERE code IS NULL"));
                assertEquals(40, Queries.count(c, "SELECT character_maximum_length FROM information_schema.columns "
                        + "WHERE table_schema = DATABASE() AND table_name = 'plans' AND column_name = 'code'"));
            }
            assertEquals(0, db.count("SELECT count(*) FROM schemaheal_history WHERE outcome = 'started'"));
            assertEquals(0, db.count("SELECT count(*) FROM schemaheal_history_journal"), "the journal of the completed heal is gone");
            assertEquals(List.of("plans"), db.historyTables());
        }
    }

    @Test
    void mariadbAnInterruptedHealDoesNotCompleteIntoATableSomeoneElseMadeSince() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            String migrations = TestDatabase.migrations(dir.resolve("cut-then-replaced"), "V1__plans.sql", """
                    CREATE TABLE plans (n BIGINT PRIMARY KEY, code VARCHAR(8) NOT NULL);
                    INSERT INTO plans (n, code) SELECT seq, CONCAT('p', seq) FROM seq_1_to_1000000;
                    """);
            queryPlansKilledMidSeed(db, migrations);
            assertEquals(1, db.count("SELECT count(*) FROM schemaheal_history WHERE outcome = 'started'"));
            // meanwhile an operator replaces the half-made table with one of their own, at once: InnoDB's table id tells it
            // from the half-made one even within the same second (its creation time would not)
            db.execute("DROP TABLE plans; CREATE TABLE plans (n BIGINT PRIMARY KEY, code VARCHAR(8) NOT NULL); "
                    + "INSERT INTO plans (n, code) VALUES (42, 'theirs')");
            try (Connection c = db.heal(migrations)) {
                assertEquals(List.of("theirs"), Queries.strings(c, "SELECT code FROM plans"),
                        "the interrupted heal's seed rows did not go into a table it did not create");
            }
            assertEquals(0, db.count("SELECT count(*) FROM schemaheal_history WHERE outcome = 'started'"), "the marker is done with");
        }
    }

    @Test
    void mariadbAMarkerAnEarlierVersionLeftIsLeftAloneNothingOfItRedoneAndTheConnectionServed() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            String migrations = TestDatabase.migrations(dir.resolve("earlier"), "V1__plans.sql", """
                    CREATE TABLE plans (n BIGINT PRIMARY KEY, code VARCHAR(8) NOT NULL);
                    INSERT INTO plans (n, code) VALUES (1, 'p1');
                    """, "V2__notes.sql", "CREATE TABLE notes (id INT PRIMARY KEY);");
            // the history table as an earlier SchemaHeal made it, holding the marker of a heal of plans cut off after its
            // CREATE: what ran was text in its detail, which this version no longer reads
            db.execute("CREATE TABLE schemaheal_history (id BIGINT AUTO_INCREMENT PRIMARY KEY, healed_at VARCHAR(40) NOT NULL, "
                    + "table_name VARCHAR(255) NOT NULL, migrations TEXT NOT NULL, checksums TEXT NOT NULL, "
                    + "statements_applied INTEGER NOT NULL, statements_skipped INTEGER NOT NULL, duration_ms BIGINT NOT NULL, "
                    + "outcome VARCHAR(20) NOT NULL, host VARCHAR(255), process VARCHAR(255), detail TEXT)");
            String detail = "schema\t\napplied V1__plans.sql:1 CREATE TABLE plans\ncreated\tplans\t\n";
            db.execute("INSERT INTO schemaheal_history (healed_at, table_name, migrations, checksums, statements_applied, "
                    + "statements_skipped, duration_ms, outcome, detail) VALUES ('2026-12-01T00:00:00Z', 'plans', 'V1__plans.sql', "
                    + "'', 0, 0, 0, 'started', '" + detail + "')");
            db.execute("CREATE TABLE plans (n BIGINT PRIMARY KEY, code VARCHAR(8) NOT NULL)");
            try (Connection c = db.heal(migrations)) {
                assertEquals(0, Queries.count(c, "SELECT count(*) FROM notes"), "the connection is served, its heals run");
            }
            assertEquals(0, db.count("SELECT count(*) FROM plans"), "nothing of a record it cannot read is run again");
            assertEquals(List.of("started plans"), db.strings("SELECT CONCAT(outcome, ' ', table_name) FROM schemaheal_history "
                    + "WHERE outcome <> 'healed'"), "the earlier version's marker is left for the operator, as it was");
            assertEquals(1, db.count("SELECT count(*) FROM schemaheal_history WHERE detail LIKE 'schema%applied V1__plans.sql:1%'"));
            assertEquals(List.of("notes"), db.historyTables());
            assertEquals(List.of("plans|started|null", "notes|healed|null"), db.strings("SELECT CONCAT_WS('|', table_name, "
                    + "outcome, COALESCE(reason, 'null')) FROM schemaheal_history ORDER BY id"),
                    "the earlier version's history table gained the reason column, its rows as they were");
        }
    }

    /** Queries the missing plans through SchemaHeal while another thread kills the session mid-seed; its exception. */
    private static SQLException queryPlansKilledMidSeed(ServerDb db, String migrations) throws Exception {
        try (Connection c = db.heal(migrations); Statement st = c.createStatement()) {
            long session = Queries.count(c, "SELECT CONNECTION_ID()");
            Thread killer = new Thread(() -> killWhenSeeding(db, session));
            killer.start();
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT count(*) FROM plans"));
            killer.join();
            return e;
        }
    }

    /** Kills the session once the heal on it is inserting seed rows (a dying client, a failover). */
    private static void killWhenSeeding(ServerDb db, long session) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = db.raw()) {
            while (Queries.count(c, "SELECT count(*) FROM information_schema.processlist WHERE id = ? "
                    + "AND info LIKE 'INSERT INTO plans%'", session) == 0) {
                if (System.nanoTime() > deadline) {
                    return; // never seen: the test's assertions say so
                }
                Thread.sleep(10);
            }
            try (Statement st = c.createStatement()) {
                st.execute("KILL CONNECTION " + session);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
