package io.schemaheal.it;

import io.schemaheal.dialect.ChangeWatch;
import io.schemaheal.dialect.Deadline;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.mariadb.MariaDbDialect;
import io.schemaheal.heal.HealFailedException;
import io.schemaheal.heal.HealReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migrations whose text looks additive but whose effect is not (a query inside a CREATE, a column DEFAULT that
 * writes, a function the migrations do not define, a REPLACE that cascades), healed through {@code jdbc:heal:} as an
 * application would: the database's own account of what changed keeps every live row as it was, and the history
 * row says which statement was undone and why. Each database is migrated statement by statement through its own
 * driver; SchemaHeal only reads the files.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ObservedHealTest extends MigrationSetTest {

    /** Writes {@code file} with {@code statements} into the set and runs them, one at a time, on the database. */
    private String migrate(TestDatabase db, String file, String... statements) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("m"), file, String.join(";\n", statements) + ";\n");
        try (Connection c = db.raw(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
        return m;
    }

    private static void run(TestDatabase db, String... statements) throws SQLException {
        try (Connection c = db.raw(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static List<String> rows(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.raw()) {
            return Queries.rows(c, sql);
        }
    }

    private static String history(TestDatabase db, String table) throws SQLException {
        try (Connection c = db.raw()) {
            return String.join("\n", Queries.strings(c, "SELECT detail FROM schemaheal_history WHERE table_name = ?", table));
        }
    }

    /** Runs {@code sql} through SchemaHeal; the application's exception, or null when it succeeded. */
    private static SQLException query(TestDatabase db, String migrations, String sql, String... properties) {
        return query(() -> db.heal(migrations, properties), sql);
    }

    /** A connection the test opens through SchemaHeal. */
    @FunctionalInterface
    private interface Opening {
        Connection open() throws SQLException;
    }

    private static SQLException query(Opening opening, String sql) {
        try (Connection c = opening.open(); Statement st = c.createStatement()) {
            st.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    @Test
    void aCreateTableAsWhoseQueryDeletesLiveRowsIsNotHealed() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            migrate(db, "V1__sessions.sql", "CREATE TABLE sessions (id int PRIMARY KEY, expires int)");
            String m = migrate(db, "V2__archive.sql", "CREATE TABLE archive AS WITH gone AS (DELETE FROM sessions "
                    + "WHERE expires < 100 RETURNING *) SELECT * FROM gone");
            run(db, "INSERT INTO sessions VALUES (1, 50), (2, 500)", "DROP TABLE archive");

            SQLException e = query(db, m, "SELECT * FROM archive");
            assertTrue(e != null && !(e instanceof HealFailedException), "the application gets its own exception");
            assertEquals("42P01", e.getSQLState());
            HealFailedException why = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0]);
            assertTrue(why.getMessage().contains("V2__archive.sql:1") && why.getMessage().contains("sessions (1 deleted)"),
                    why.getMessage());
            assertEquals(HealReason.UNDONE, why.reason(), why.getMessage());
            assertEquals(List.of("archive|refused|CHANGED_EXISTING"), rows(db, "SELECT table_name, outcome, reason FROM "
                    + "schemaheal_history"), "the history says why, in a column of its own");
            assertEquals(List.of("1|50", "2|500"), rows(db, "SELECT * FROM sessions ORDER BY id"), "live rows, row for row");
            assertEquals(List.of("null"), rows(db, "SELECT to_regclass('archive')"), "nothing half-made is left");
        }
    }

    /**
     * A plain CREATE TABLE changes nothing that exists, so its catalog check waits for the one before commit; an event
     * trigger the database already had makes it change a live table all the same: the whole heal is undone, and says
     * what changed.
     */
    @Test
    void aCreateTableThatAnEventTriggerTurnsIntoAChangeIsUndoneWhole() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String schema = ((ServerDb) db).name;
            migrate(db, "V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, name text NOT NULL)");
            String m = migrate(db, "V2__ledger.sql", "CREATE TABLE ledger (account_id int, amount int)");
            run(db, "INSERT INTO accounts VALUES (1, 'Ann')", "DROP TABLE ledger");
            String trigger = "loosen_" + schema;
            // event triggers are the database's, not the schema's: this one acts only on this test's ledger
            run(db, "CREATE FUNCTION " + schema + ".loosen() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN "
                            + "IF EXISTS (SELECT FROM pg_event_trigger_ddl_commands() WHERE object_identity = '" + schema
                            + ".ledger') THEN ALTER TABLE " + schema + ".accounts ALTER COLUMN name DROP NOT NULL; END IF; END $$",
                    "CREATE EVENT TRIGGER " + trigger + " ON ddl_command_end EXECUTE FUNCTION " + schema + ".loosen()");
            try {
                SQLException e = query(db, m, "SELECT * FROM ledger");
                assertTrue(e != null && !(e instanceof HealFailedException), "the application gets its own exception");
                HealFailedException why = assertInstanceOf(HealFailedException.class, e.getSuppressed()[0]);
                assertTrue(why.getMessage().contains("column accounts.name changed"), why.getMessage());
                assertEquals(List.of("NO"), rows(db, "SELECT is_nullable FROM information_schema.columns WHERE table_schema = '"
                        + schema + "' AND table_name = 'accounts' AND column_name = 'name'"), "the live column is as it was");
                assertEquals(List.of("null"), rows(db, "SELECT to_regclass('ledger')"), "nothing of the heal is left");
            } finally {
                run(db, "DROP EVENT TRIGGER " + trigger);
            }
        }
    }

    /** What another session does while the heal of {@code children} waits for a lock on {@code parents}. */
    @FunctionalInterface
    private interface Meanwhile {
        void run() throws Exception;
    }

    /**
     * Heals {@code children} (a foreign key to {@code parents}) while the test holds {@code parents}: once the heal
     * waits for that lock, {@code meanwhile} runs and commits, then the lock goes. The order is made by locks, not by
     * time. Returns the application's exception, or null when the statement succeeded.
     */
    private SQLException healWhileAnotherSession(TestDatabase db, Meanwhile meanwhile) throws Exception {
        return healWhileAnotherSession(db, null, meanwhile);
    }

    /** As above, the heal logging in as {@code role} (its password is its name), which then owns the tables. */
    private SQLException healWhileAnotherSession(TestDatabase db, String role, Meanwhile meanwhile) throws Exception {
        migrate(db, "V1__parents.sql", "CREATE TABLE parents (id int PRIMARY KEY)");
        String m = migrate(db, "V2__children.sql", "CREATE TABLE children (id int PRIMARY KEY, parent_id int REFERENCES parents (id))");
        run(db, "DROP TABLE children");
        if (role != null) {
            run(db, "GRANT USAGE, CREATE ON SCHEMA " + ((ServerDb) db).name + " TO " + role, "ALTER TABLE parents OWNER TO " + role);
        }
        try (Connection holder = db.raw(); Statement hold = holder.createStatement()) {
            holder.setAutoCommit(false);
            hold.execute("LOCK TABLE parents IN ACCESS EXCLUSIVE MODE"); // the heal's foreign key waits for it
            java.util.concurrent.CompletableFuture<SQLException> heal = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> role == null ? query(db, m, "SELECT * FROM children", "schemaheal.lock-timeout", "60s")
                            : queryAs(db, role, m, "SELECT * FROM children"));
            try (Connection watcher = db.raw()) {
                while (Queries.count(watcher, "SELECT count(*) FROM pg_locks WHERE relation = 'parents'::regclass AND NOT granted") == 0) {
                    Thread.sleep(10); // until the heal waits for the lock (the test's @Timeout bounds this)
                }
            }
            meanwhile.run();
            holder.rollback();
            return heal.get();
        }
    }

    /**
     * What another session drops and commits while a heal runs (a tenant's schema, another test's) is not the heal's:
     * the heal holds a lock on everything it drops, and holds none on that.
     */
    @Test
    void whatAnotherSessionDropsMeanwhileIsNotTheHeals() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir); TestDatabase other = TestDatabase.open("postgresql", dir)) {
            run(other, "CREATE TABLE tenant_data (id int PRIMARY KEY)");
            assertEquals(null, healWhileAnotherSession(db, other::close), // another session drops a whole schema, and commits
                    "healed: the other session's drop is not the heal's");
            assertEquals(List.of("children"), rows(db, "SELECT table_name FROM schemaheal_history WHERE outcome = 'healed'"));
        }
    }

    /**
     * What another session changes and commits while a heal runs (a tenant's own migration: a default, a column type, a
     * constraint, a function's body) is not the heal's either: the heal's own changes are still in progress when it
     * looks, another session's are visible only once committed.
     */
    @Test
    void whatAnotherSessionChangesMeanwhileIsNotTheHeals() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir); TestDatabase other = TestDatabase.open("postgresql", dir)) {
            String role = "sh_tenant_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            run(other, "CREATE TABLE tenant_data (id int PRIMARY KEY, note varchar(10))",
                    "CREATE FUNCTION tenant_f() RETURNS int LANGUAGE sql AS 'SELECT 1'", "CREATE ROLE " + role + " NOLOGIN");
            try {
                assertEquals(null, healWhileAnotherSession(db, () -> run(other, "ALTER TABLE tenant_data ALTER COLUMN note SET DEFAULT 'x'",
                        "ALTER TABLE tenant_data ALTER COLUMN note TYPE text", "ALTER TABLE tenant_data ADD CONSTRAINT tenant_id_positive CHECK (id > 0)",
                        "CREATE OR REPLACE FUNCTION tenant_f() RETURNS int LANGUAGE sql AS 'SELECT 2'",
                        "COMMENT ON TABLE tenant_data IS 'the tenant''s'", "ALTER ROLE " + role + " CONNECTION LIMIT 5")), // each commits
                        "healed: the other session's changes (a role's too, read in pg_authid as a superuser) are not the heal's");
                assertEquals(List.of("children"), rows(db, "SELECT table_name FROM schemaheal_history WHERE outcome = 'healed'"));
                assertEquals(List.of("2"), rows(other, "SELECT tenant_f()"), "the other session's change stands");
            } finally {
                run(other, "DROP ROLE " + role);
            }
        }
    }

    /** The statement succeeded: else the application's exception, with why the heal did not, is the failure. */
    private static void assertHealed(SQLException e) {
        if (e != null) {
            throw new AssertionError("not healed: " + e + java.util.Arrays.stream(e.getSuppressed()).map(t -> "; " + t.getMessage())
                    .collect(java.util.stream.Collectors.joining()), e);
        }
    }

    /** Runs {@code sql} through SchemaHeal logged in as {@code role}; the application's exception, or null. */
    private static SQLException queryAs(TestDatabase db, String role, String migrations, String sql) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("schemaheal.migrations", migrations);
        p.setProperty("schemaheal.lock-timeout", "60s");
        String url = "jdbc:heal:" + ((ServerDb) db).url.substring("jdbc:".length()).replaceFirst("user=postgres", "user=" + role
                + "&password=" + role);
        return query(() -> java.sql.DriverManager.getConnection(url, p), sql);
    }

    /**
     * A history table another account made, as an earlier version made it (no {@code reason} column), which the heal's
     * account may write to but not alter: the heal goes on, and its row is written without the reason (a heal that
     * failed on the ALTER would be an outage of every heal after the upgrade).
     */
    @Test
    void aHistoryTableTheHealsAccountMayNotAlterStillTakesItsRows() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String app = SafetyTest.uniqueName("sh_app_");
            String m = migrate(db, "V1__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY)");
            run(db, "DROP TABLE notes", "CREATE ROLE " + app + " LOGIN NOSUPERUSER PASSWORD '" + app + "'",
                    "GRANT USAGE, CREATE ON SCHEMA " + ((ServerDb) db).name + " TO " + app,
                    "CREATE TABLE schemaheal_history (id BIGSERIAL PRIMARY KEY, healed_at VARCHAR(40) NOT NULL, "
                            + "table_name VARCHAR(255) NOT NULL, migrations TEXT NOT NULL, checksums TEXT NOT NULL, "
                            + "statements_applied INTEGER NOT NULL, statements_skipped INTEGER NOT NULL, duration_ms BIGINT NOT NULL, "
                            + "outcome VARCHAR(20) NOT NULL, host VARCHAR(255), process VARCHAR(255), detail TEXT)",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON schemaheal_history TO " + app,
                    "GRANT USAGE ON SEQUENCE schemaheal_history_id_seq TO " + app);
            try {
                assertHealed(queryAs(db, app, m, "SELECT * FROM notes"));
                assertEquals(List.of("notes|healed"), rows(db, "SELECT table_name || '|' || outcome FROM schemaheal_history"));
                assertEquals(List.of(), rows(db, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                        + "current_schema() AND table_name = 'schemaheal_history' AND column_name = 'reason'"), "not its to alter");
            } finally {
                run(db, "DROP OWNED BY " + app, "DROP ROLE " + app);
            }
        }
    }

    /**
     * An ordinary account cannot read the row versions of roles ({@code pg_authid}): a role another session changed
     * and committed meanwhile is still not the heal's, as this transaction holds no lock that changing a role takes.
     */
    @Test
    void aRoleAnotherSessionChangesMeanwhileIsNotTheHealsAsAnOrdinaryAccount() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir); TestDatabase other = TestDatabase.open("postgresql", dir)) {
            String app = SafetyTest.uniqueName("sh_app_"), tenant = SafetyTest.uniqueName("sh_tenant_");
            run(other, "CREATE ROLE " + app + " LOGIN NOSUPERUSER PASSWORD '" + app + "'", "CREATE ROLE " + tenant + " NOLOGIN");
            try {
                assertHealed(healWhileAnotherSession(db, app, () -> run(other, "ALTER ROLE " + tenant + " CONNECTION LIMIT 5")));
                assertEquals(List.of("children|" + app), rows(db, "SELECT h.table_name || '|' || t.tableowner FROM schemaheal_history h "
                        + "JOIN pg_tables t ON t.tablename = h.table_name AND t.schemaname = current_schema() WHERE h.outcome = 'healed'"));
            } finally {
                run(other, "DROP OWNED BY " + app, "DROP ROLE " + app, "DROP ROLE " + tenant);
            }
        }
    }

    /**
     * A seed whose column default calls a function that changes a role's settings ({@code ALTER ROLE ... SET}, which
     * an ordinary account may do to itself): undone, whether the heal's account may read roles' row versions (a
     * superuser) or only knows the lock its own change took.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSeedThatChangesARoleIsUndone(boolean superuser) throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String app = SafetyTest.uniqueName("sh_app_");
            run(db, "CREATE ROLE " + app + " LOGIN NOSUPERUSER PASSWORD '" + app + "'");
            try {
                migrate(db, "V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY)",
                        "CREATE FUNCTION retune() RETURNS int LANGUAGE plpgsql AS $$ BEGIN ALTER ROLE " + app
                                + " SET work_mem = '64kB'; RETURN 1; END $$");
                String m = migrate(db, "V2__audit.sql", "CREATE TABLE audit (id int DEFAULT retune(), note text)",
                        "INSERT INTO audit (note) VALUES ('first')");
                run(db, "DROP TABLE audit", "ALTER ROLE " + app + " RESET work_mem", // as it was before V2's seed ran
                        "GRANT USAGE, CREATE ON SCHEMA " + ((ServerDb) db).name + " TO " + app,
                        "ALTER TABLE accounts OWNER TO " + app, "ALTER FUNCTION retune() OWNER TO " + app);
                String sql = "INSERT INTO audit (id, note) VALUES (7, 'mine')";

                assertHealed(superuser ? query(db, m, sql) : queryAs(db, app, m, sql));
                assertEquals(List.of("0"), rows(db, "SELECT count(*) FROM pg_db_role_setting WHERE setrole = '" + app + "'::regrole"),
                        "the role's settings are as they were");
                assertEquals(List.of("7|mine"), rows(db, "SELECT * FROM audit"), "the seed that changed it was undone");
                String h = history(db, "audit");
                assertTrue(h.contains("skipped V2__audit.sql:2") && h.contains("role " + app + " changed"), h);
            } finally {
                run(db, "DROP OWNED BY " + app + " CASCADE", "DROP ROLE " + app);
            }
        }
    }

    @Test
    void aSeedWhoseColumnDefaultWritesALiveRowIsUndoneAndTheTableHeals() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            migrate(db, "V1__counters.sql", "CREATE TABLE counters (name text PRIMARY KEY, value int)",
                    "INSERT INTO counters VALUES ('ticket', 5000)",
                    "CREATE FUNCTION next_number() RETURNS int LANGUAGE sql AS "
                            + "$$ UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value $$");
            String m = migrate(db, "V2__tickets.sql", "CREATE TABLE tickets (id int DEFAULT next_number(), title text)",
                    "INSERT INTO tickets (title) VALUES ('first')");
            run(db, "DROP TABLE tickets");
            List<String> counters = rows(db, "SELECT * FROM counters");

            assertEquals(null, query(db, m, "INSERT INTO tickets (id, title) VALUES (1, 'mine')"), "the table heals");
            assertEquals(counters, rows(db, "SELECT * FROM counters"), "the live counter did not move");
            assertEquals(List.of("1|mine"), rows(db, "SELECT * FROM tickets"), "the seed that moved it was undone");
            String h = history(db, "tickets");
            assertTrue(h.contains("skipped V2__tickets.sql:2") && h.contains("counters (1 updated)"), h);
        }
    }

    /**
     * The proof prepares its catalog query in the application's session for the heal's life: it leaves none behind,
     * and one an earlier heal could not remove (its transaction failed first) neither fails the next heal nor stays.
     */
    @Test
    void theProofLeavesNoPreparedStatementInTheApplicationsSession() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            String m = migrate(db, "V1__notes.sql", "CREATE TABLE notes (id int PRIMARY KEY, body text)");
            run(db, "DROP TABLE notes");
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.execute("PREPARE schemaheal_watch_catalog AS SELECT 1"); // as a heal cut off in a failed transaction leaves it
                st.execute("INSERT INTO notes VALUES (1, 'kept')");
                assertEquals(List.of("1|kept"), Queries.rows(c, "SELECT * FROM notes"), "the table healed");
                assertEquals(List.of(), Queries.rows(c, "SELECT name FROM pg_prepared_statements WHERE name LIKE 'schemaheal%'"),
                        "nothing of the heal's is prepared in the session");
            }
        }
    }

    /**
     * A seed whose column default calls a function that opens a live table to everyone (a row-level security policy:
     * no row changes, only who may read them). The text rules see a function that writes no table; the database
     * shows the live table's policies changed, so the seed is undone and the table heals without it.
     */
    @Test
    void aSeedThatAddsAPolicyToALiveTableIsUndone() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            migrate(db, "V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, owner text)",
                    "ALTER TABLE accounts ENABLE ROW LEVEL SECURITY",
                    "CREATE POLICY own_rows ON accounts USING (owner = current_user)",
                    "CREATE FUNCTION open_up() RETURNS int LANGUAGE plpgsql AS "
                            + "$$ BEGIN CREATE POLICY everyone ON accounts USING (true); RETURN 1; END $$");
            String m = migrate(db, "V2__audit.sql", "CREATE TABLE audit (id int DEFAULT open_up(), note text)",
                    "INSERT INTO audit (note) VALUES ('first')");
            run(db, "DROP TABLE audit", "DROP POLICY everyone ON accounts");
            List<String> policies = rows(db, "SELECT polname FROM pg_policy WHERE polrelid = 'accounts'::regclass ORDER BY 1");

            assertEquals(null, query(db, m, "INSERT INTO audit (id, note) VALUES (7, 'mine')"), "the table heals");
            assertEquals(policies, rows(db, "SELECT polname FROM pg_policy WHERE polrelid = 'accounts'::regclass ORDER BY 1"),
                    "no policy was added to the live table");
            assertEquals(List.of("7|mine"), rows(db, "SELECT * FROM audit"), "the seed that added it was undone");
            String h = history(db, "audit");
            assertTrue(h.contains("skipped V2__audit.sql:2") && h.contains("table accounts changed"), h);
        }
    }

    /**
     * A seed whose column default calls a function that changes a live table's or column's comment (as text, nothing
     * names the table): the catalog watch sees the comment changed, or gone (then by the lock {@code COMMENT ON} holds),
     * so the seed is undone, the comments stay as they were, and the table heals without the seed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"COMMENT ON TABLE accounts IS 'relabelled'", "COMMENT ON COLUMN accounts.owner IS NULL"})
    void aSeedThatChangesALiveCommentIsUndone(String comment) throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            migrate(db, "V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, owner text)",
                    "COMMENT ON TABLE accounts IS 'the accounts'", "COMMENT ON COLUMN accounts.owner IS 'who owns it'",
                    "CREATE FUNCTION relabel() RETURNS int LANGUAGE plpgsql AS $$ BEGIN " + comment + "; RETURN 1; END $$");
            String m = migrate(db, "V2__audit.sql", "CREATE TABLE audit (id int DEFAULT relabel(), note text)",
                    "INSERT INTO audit (note) VALUES ('first')");
            run(db, "DROP TABLE audit", "COMMENT ON TABLE accounts IS 'the accounts'",
                    "COMMENT ON COLUMN accounts.owner IS 'who owns it'"); // as they were before V2's seed ran
            String comments = "SELECT obj_description('accounts'::regclass, 'pg_class') || '|' || col_description('accounts'::regclass, 2)";

            assertEquals(null, query(db, m, "INSERT INTO audit (id, note) VALUES (7, 'mine')"), "the table heals");
            assertEquals(List.of("the accounts|who owns it"), rows(db, comments), "the live comments are as they were");
            assertEquals(List.of("7|mine"), rows(db, "SELECT * FROM audit"), "the seed that changed one was undone");
            String h = history(db, "audit");
            assertTrue(h.contains("skipped V2__audit.sql:2") && (h.contains("table accounts changed")
                    || h.contains("column accounts.owner changed")), h);
        }
    }

    /**
     * A sequence is not transactional: a seed that sets a live one back would have the application's next invoice take
     * a number it has already used, and the heal's rollback would not restore it. The database shows the sequence
     * behind where it was, with this heal's lock on it: the seed is undone, the sequence put back, and the table heals
     * without the seed. A seed that only advances a live sequence ({@code nextval}) leaves a gap, as any rolled-back
     * insert does, and stays.
     */
    @Test
    void aSeedThatSetsALiveSequenceBackIsUndoneAndTheSequencePutBack() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            migrate(db, "V1__invoices.sql", "CREATE TABLE invoices (id serial PRIMARY KEY, total int)");
            migrate(db, "V2__credit_notes.sql", "CREATE TABLE credit_notes (id int PRIMARY KEY, invoice_id bigint)",
                    "INSERT INTO credit_notes VALUES (1, setval('invoices_id_seq', 1))");
            String m = migrate(db, "V3__refunds.sql", "CREATE TABLE refunds (id int PRIMARY KEY, invoice_id bigint)",
                    "INSERT INTO refunds VALUES (1, nextval('invoices_id_seq'))");
            run(db, "INSERT INTO invoices (total) VALUES (10), (20), (30)", "DROP TABLE credit_notes", "DROP TABLE refunds");
            List<String> invoices = rows(db, "SELECT * FROM invoices ORDER BY id");
            String position = "SELECT last_value FROM invoices_id_seq";
            List<String> before = rows(db, position);
            assertEquals(invoices.get(2).split("\\|")[0], before.get(0), "the sequence stands at the last invoice");

            assertEquals(null, query(db, m, "SELECT * FROM credit_notes"), "the table heals");
            assertEquals(before, rows(db, position), "the live sequence is where it was");
            assertEquals(List.of(), rows(db, "SELECT * FROM credit_notes"), "the seed that set it back was undone");
            String h = history(db, "credit_notes");
            assertTrue(h.contains("skipped V2__credit_notes.sql:2") && h.contains("sequence invoices_id_seq set back (put back where it was)"), h);

            assertEquals(null, query(db, m, "SELECT * FROM refunds"), "the table heals");
            assertEquals(List.of("1|" + (Long.parseLong(before.get(0)) + 1)), rows(db, "SELECT * FROM refunds"),
                    "a seed that only advances a live sequence stays");
            assertFalse(history(db, "refunds").contains("skipped"), history(db, "refunds"));
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO invoices (total) VALUES (40)");
            }
            assertEquals(invoices.size() + 1, rows(db, "SELECT DISTINCT id FROM invoices").size(), "no number handed out twice");
        }
    }

    /**
     * Another session drops a table with a serial column in another schema and has not committed yet: reading that
     * table's definitions would wait for the drop (and the drop, had the heal read them first, for the heal). The
     * heal's proof leaves out what another session holds for its DDL, so the heal neither waits nor makes the drop
     * wait, and the drop commits.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // a heal that waited for the drop would wait its 60 s lock-timeout
    void aTableAnotherSessionIsDroppingNeitherHoldsTheHealNorFailsTheDrop() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir); TestDatabase other = TestDatabase.open("postgresql", dir)) {
            run(other, "CREATE TABLE invoices (id serial PRIMARY KEY)");
            String m = migrate(db, "V1__notes.sql", "CREATE TABLE notes (id serial PRIMARY KEY, body text)");
            run(db, "DROP TABLE notes");
            try (Connection dropping = other.raw(); Statement st = dropping.createStatement()) {
                dropping.setAutoCommit(false);
                st.execute("DROP TABLE invoices");
                assertHealed(query(db, m, "SELECT * FROM notes", "schemaheal.lock-timeout", "60s"));
                dropping.commit(); // no deadlock: the heal holds nothing the drop needs
            }
            assertEquals(List.of("null"), rows(other, "SELECT to_regclass('invoices')"), "the other session's drop stands");
            assertEquals(List.of("notes"), rows(db, "SELECT table_name FROM schemaheal_history WHERE outcome = 'healed'"));
        }
    }

    @Test
    void aSeedCallingAFunctionTheMigrationsDoNotDefineCannotDeleteLiveRows() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql", dir)) {
            // made by hand before a baseline: no migration says what it does
            run(db, "CREATE TABLE sessions (id int PRIMARY KEY, expires int)",
                    "CREATE FUNCTION purge_old() RETURNS bigint LANGUAGE sql AS $$ WITH d AS "
                            + "(DELETE FROM sessions RETURNING 1) SELECT count(*) FROM d $$");
            String m = migrate(db, "V2__reports.sql", "CREATE TABLE reports (n bigint)",
                    "INSERT INTO reports SELECT purge_old()");
            run(db, "INSERT INTO sessions VALUES (1, 50), (2, 500)", "DROP TABLE reports");

            assertEquals(null, query(db, m, "SELECT * FROM reports"));
            assertEquals(List.of("1|50", "2|500"), rows(db, "SELECT * FROM sessions ORDER BY id"));
            assertTrue(history(db, "reports").contains("skipped V2__reports.sql:2"), history(db, "reports"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "mariadb"})
    void aReplaceOnAHealedParentNeverCascadesToLiveChildren(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String roles = kind.equals("mariadb") ? "CREATE TABLE roles (id INT PRIMARY KEY, name VARCHAR(40)) ENGINE=InnoDB"
                    : "CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT)";
            String users = kind.equals("mariadb") ? "CREATE TABLE users (id INT PRIMARY KEY, role_id INT, "
                    + "FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE CASCADE) ENGINE=InnoDB"
                    : "CREATE TABLE users (id INTEGER PRIMARY KEY, role_id INTEGER REFERENCES roles (id) ON DELETE CASCADE)";
            migrate(db, "V1__roles.sql", roles, "INSERT INTO roles VALUES (1, 'admin')");
            migrate(db, "V2__users.sql", users);
            String m = migrate(db, "V3__rename_role.sql", "REPLACE INTO roles VALUES (1, 'administrator')");
            run(db, "INSERT INTO users VALUES (10, 1), (11, 1)");
            db.dropTable("roles"); // the children stay, as after a careless restore
            assertEquals(List.of("10|1", "11|1"), rows(db, "SELECT * FROM users ORDER BY id"));
            // SQLite runs a foreign key's cascade for REPLACE's delete only with both pragmas on
            String[] sqlite = {"foreign_keys", "true", "recursive_triggers", "true"};

            assertEquals(null, query(db, m, "SELECT * FROM roles", kind.equals("sqlite") ? sqlite : new String[0]));
            String h = history(db, "roles");
            assertEquals(List.of("10|1", "11|1"), rows(db, "SELECT * FROM users ORDER BY id"), "the live children stay: " + h);
            assertEquals(List.of("1|admin"), rows(db, "SELECT * FROM roles"));
            assertTrue(h.contains("skipped V3__rename_role.sql:1"), h);
            assertFalse(h.contains("applied V3__rename_role.sql"), h);
        }
    }

    @Test
    void onMariaDbWhatCannotBeAskedBeforeTheLockTimeoutIsNotProven() throws Exception {
        try (TestDatabase db = TestDatabase.open("mariadb", dir); Connection c = db.raw(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE made (id INT PRIMARY KEY) ENGINE=InnoDB");
            Dialect dialect = MariaDbDialect.create();
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO made VALUES (1)");
            ChangeWatch inTime = dialect.transactions().watch(c, "`schemaheal_history`", Deadline.in(Duration.ofSeconds(30)));
            assertEquals(null, inTime.changed(1), "one row written, one row changed: only added");
            ChangeWatch late = dialect.transactions().watch(c, "`schemaheal_history`", Deadline.in(Duration.ZERO));
            String why = late.changed(1);
            assertTrue(why != null && why.contains("schemaheal.lock-timeout"), "no time left to ask: not proven, so undone: " + why);
            c.rollback();
        }
    }
}
