package io.schemaheal.it;

import io.schemaheal.manifest.MigrationManifest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQL seen in real projects' migration sets that a heal must get through. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealWorldSqlTest extends MigrationSetTest {

    /**
     * A data copy from a table that a later migration drops (TrueNAS-style {@code FOR r IN SELECT * FROM
     * replication_task} in a {@code DO} block, or {@code INSERT ... SELECT}): its input is not in the end state, so the
     * heal skips it and names it, and the table it filled still heals — instead of failing that table forever.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql", "mariadb"})
    void aDataCopyFromATableDroppedLaterIsSkippedAndNamedNotFatal(String kind) throws Exception {
        List<String> files = new ArrayList<>(List.of(
                "V1__tasks.sql", "CREATE TABLE replication_task (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50));\n"
                        + "INSERT INTO replication_task (id, name) VALUES (1, 'nightly');",
                "V2__runs.sql", "CREATE TABLE task_runs (task_id INTEGER NOT NULL, name VARCHAR(50));\n"
                        + "INSERT INTO task_runs (task_id, name) SELECT id, name FROM replication_task;",
                "V4__drop_tasks.sql", "DROP TABLE replication_task;"));
        if (kind.equals("postgresql")) {
            files.addAll(List.of("V3__copy_again.sql", """
                    DO $$
                    DECLARE r record;
                    BEGIN
                        FOR r IN SELECT * FROM replication_task LOOP
                            INSERT INTO task_runs (task_id, name) VALUES (r.id, r.name || ' again');
                        END LOOP;
                    END $$;
                    """));
        }
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            String m = TestDatabase.migrations(dir.resolve("m"), files.toArray(String[]::new));
            NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of(m)));
            db.dropTable("task_runs");
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO task_runs (task_id, name) VALUES (2, 'weekly')");
            }
            try (Connection c = db.raw()) {
                assertEquals(List.of("2 weekly"), Queries.strings(c, "SELECT " + (kind.equals("mariadb")
                        ? "CONCAT(task_id, ' ', name)" : "task_id || ' ' || name") + " FROM task_runs"));
                List<String> rows = Queries.strings(c, "SELECT outcome FROM schemaheal_history");
                assertEquals(List.of("healed"), rows);
                String detail = Queries.strings(c, "SELECT detail FROM schemaheal_history").get(0);
                assertTrue(detail.contains("V2__runs.sql:2") && detail.contains("it reads replication_task, which is not there "
                        + "(a later migration drops or renames it"), detail);
                assertTrue(!kind.equals("postgresql") || detail.contains("V3__copy_again.sql:1"), detail);
            }
        }
    }

    /**
     * A mysqldump as the only source ({@code schemaheal.migrations=filesystem:schema.sql}): its executable comments
     * and {@code DELIMITER ;;} blocks are read as the server reads them, so the trigger comes back with its table —
     * defined by the heal's own account, never by the account the dump names — and a view over it heals too.
     */
    @org.junit.jupiter.api.Test
    void aMysqldumpIsTheOnlySource() throws Exception {
        try (ServerDb db = ServerDb.mariadb()) {
            db.execute("CREATE TABLE users (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL, "
                    + "updates INT NOT NULL DEFAULT 0, KEY users_name (name)) ENGINE=InnoDB");
            db.execute("CREATE DEFINER = 'nobody_sh'@'%' TRIGGER users_count BEFORE UPDATE ON users FOR EACH ROW "
                    + "BEGIN SET NEW.updates = OLD.updates + 1; END");
            db.execute("CREATE VIEW named_users AS SELECT id, name FROM users WHERE name <> ''");
            Path dump = dump(List.of("mariadb-dump", "-h", "127.0.0.1", "-u", "root", "--no-data", "--triggers", db.name));
            String text = java.nio.file.Files.readString(dump);
            assertTrue(text.contains("/*!50003 CREATE*/") && text.contains("DELIMITER ;;") && text.contains("nobody_sh"), text);
            Map<String, String> before = SchemaSnapshot.of(db);
            db.execute("DROP VIEW named_users");
            db.dropTable("users");
            try (Connection c = db.heal("filesystem:" + dump); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO users (name) VALUES ('ada')");
                st.executeUpdate("UPDATE users SET name = 'Ada'");
                st.executeQuery("SELECT * FROM named_users").close();
            }
            assertEquals(List.of("1"), db.strings("SELECT updates FROM users"), "the trigger came back and runs");
            assertEquals(List.of(db.strings("SELECT CURRENT_USER()").get(0)), db.strings(
                    "SELECT definer FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = 'users_count'"),
                    "defined by the heal's own account, not the dump's nobody_sh");
            db.execute("DELETE FROM users");
            assertEquals(withoutCounters(before), withoutCounters(SchemaSnapshot.of(db)), "the table as it was dumped");
        }
    }

    /**
     * A pg_dump as the only source: schema-qualified names, sequences created apart and attached with
     * {@code SET DEFAULT nextval(...)} and {@code OWNED BY}, constraints added afterwards: a dropped table comes back
     * exactly as it was dumped.
     */
    @org.junit.jupiter.api.Test
    void aPgDumpIsTheOnlySource() throws Exception {
        try (ServerDb db = ServerDb.postgres()) {
            db.execute("CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE);"
                    + "CREATE SEQUENCE invoice_no_seq START 1000;"
                    + "CREATE TABLE invoices (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "no bigint NOT NULL DEFAULT nextval('invoice_no_seq'), customer_id int NOT NULL REFERENCES customers(id), "
                    + "total numeric(10,2) CHECK (total >= 0));"
                    + "CREATE INDEX invoices_customer ON invoices (customer_id);"
                    + "ALTER SEQUENCE customers_id_seq AS bigint MAXVALUE 9999999999");
            java.net.URI u = java.net.URI.create(db.url.substring("jdbc:".length()));
            Path dump = dump(List.of("pg_dump", "-h", u.getHost(), "-p", String.valueOf(u.getPort()), "-U", "postgres",
                    "--schema-only", "-n", db.name, u.getPath().substring(1)));
            Map<String, String> before = SchemaSnapshot.of(db);
            List<String> sequences = db.strings("SELECT sequencename || ' ' || data_type || ' ' || max_value FROM pg_sequences "
                    + "WHERE schemaname = current_schema() ORDER BY 1");
            db.execute("DROP TABLE invoices; DROP SEQUENCE invoice_no_seq");
            try (Connection c = db.heal("filesystem:" + dump); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO customers (email) VALUES ('a@example.org')");
                st.executeUpdate("INSERT INTO invoices (customer_id, total) SELECT id, 10 FROM customers");
            }
            assertEquals(List.of("1000"), db.strings("SELECT no::text FROM invoices"));
            db.execute("DELETE FROM invoices; DELETE FROM customers");
            assertEquals(before, SchemaSnapshot.of(db), "the table as it was dumped");
            assertEquals(sequences, db.strings("SELECT sequencename || ' ' || data_type || ' ' || max_value FROM pg_sequences "
                    + "WHERE schemaname = current_schema() ORDER BY 1").stream().filter(x -> !x.startsWith("schemaheal")).toList());
        }
    }

    private static Map<String, String> withoutCounters(Map<String, String> snapshot) {
        Map<String, String> out = new java.util.TreeMap<>();
        snapshot.forEach((k, v) -> out.put(k, v.replaceAll(" AUTO_INCREMENT=\\d+", "")));
        return out;
    }

    /** Runs a dump tool; its output is the file returned. */
    private Path dump(List<String> command) throws Exception {
        Path out = dir.resolve("schema.sql");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "dump finished");
        assertEquals(0, p.exitValue(), String.join(" ", command));
        return out;
    }

    /**
     * The same table name in two schemas ({@code events} in the application's schema and in an audit schema), each
     * with an index of the same name (PostgreSQL keeps index names per schema): each table heals from its own
     * statements into its own schema, with its own index, and the other is left as it was.
     */
    @org.junit.jupiter.api.Test
    void theSameTableNameInTwoSchemasHealsEachInItsOwn() throws Exception {
        String audit = SafetyTest.uniqueName("sh_audit_");
        String m = TestDatabase.migrations(dir.resolve("two-schemas"),
                "V1__events.sql", "CREATE SCHEMA IF NOT EXISTS ${audit};\n"
                        + "CREATE TABLE events (id INT PRIMARY KEY, name TEXT NOT NULL);\n"
                        + "CREATE INDEX events_lookup ON events (name);\n"
                        + "CREATE TABLE ${audit}.events (id INT PRIMARY KEY, at TIMESTAMPTZ NOT NULL, who TEXT);\n"
                        + "CREATE INDEX events_lookup ON ${audit}.events (who);",
                "V2__more.sql", "ALTER TABLE ${audit}.events ADD COLUMN what TEXT;");
        try (ServerDb db = ServerDb.postgres()) {
            try {
                NothingElseChangesTest.applyAll(db, MigrationManifest.build(List.of(m), Map.of("audit", audit), "postgresql"),
                        Map.of("audit", audit));
                String shapes = "SELECT n.nspname = current_schema() AS own, c.relname, array_to_string(array_agg(a.attname "
                        + "ORDER BY a.attnum), ',') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a "
                        + "ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped WHERE n.nspname IN (current_schema(), '"
                        + audit + "') AND c.relname IN ('events', 'events_lookup') GROUP BY 1, 2 ORDER BY 1, 2";
                List<String> migrated = db.strings("SELECT concat_ws(' ', own, relname, array_to_string) FROM (" + shapes + ") s");
                assertEquals(4, migrated.size(), migrated.toString());
                for (String lost : List.of(audit + ".events", "events")) {
                    db.execute("DROP TABLE " + lost);
                    try (Connection c = db.heal(m, "schemaheal.placeholders.audit", audit); Statement st = c.createStatement()) {
                        st.executeQuery("SELECT * FROM " + lost).close();
                    }
                    assertEquals(migrated, db.strings("SELECT concat_ws(' ', own, relname, array_to_string) FROM (" + shapes + ") s"),
                            "after healing " + lost + ": both tables and both indexes as migrated");
                }
                db.execute("DROP INDEX " + audit + ".events_lookup"); // the doctor sees it missing, though events_lookup is here
                try (Connection c = db.raw()) {
                    io.schemaheal.doctor.DoctorReport report = new io.schemaheal.doctor.Doctor(c, io.schemaheal.dialect.Dialects
                            .forUrl(db.url), MigrationManifest.build(List.of(m), Map.of("audit", audit), "postgresql"), null)
                            .examine("test");
                    assertEquals(List.of("index " + audit + ".events_lookup"), report.migrations().stream()
                            .flatMap(s -> s.missing().stream()).map(o -> o.kind() + " " + o.name()).toList());
                }
            } finally {
                db.execute("DROP SCHEMA IF EXISTS " + audit + " CASCADE");
            }
        }
    }

    /**
     * Schema changes made through a procedure the migrations define and call (MySQL sets drop an index that way, after
     * checking it is there): the heal sees what the call does, so the table does not come back with the unique index a
     * later migration dropped, nor without the column a call added.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void whatAProcedureCallChangesIsReplayedNotLost(String kind) throws Exception {
        boolean pg = kind.equals("postgresql");
        String dropIndex = pg ? "DROP INDEX accounts_email" : "ALTER TABLE accounts DROP INDEX accounts_email";
        String indexExists = pg ? "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'accounts_email'"
                : "SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'accounts' "
                + "AND index_name = 'accounts_email'";
        String columnMissing = pg ? "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 'accounts' AND column_name = 'plan'"
                : "SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'accounts' "
                + "AND column_name = 'plan'";
        String procedure = pg
                ? "CREATE PROCEDURE tidy_accounts() LANGUAGE plpgsql AS $$\nBEGIN\n  IF EXISTS (" + indexExists + ") THEN\n    "
                + dropIndex + ";\n  END IF;\n  IF NOT EXISTS (" + columnMissing + ") THEN\n    ALTER TABLE accounts ADD COLUMN plan "
                + "VARCHAR(20);\n  END IF;\nEND\n$$;\n"
                : "CREATE PROCEDURE tidy_accounts()\nBEGIN\n  IF EXISTS (" + indexExists + ") THEN\n    " + dropIndex
                + ";\n  END IF;\n  IF NOT EXISTS (" + columnMissing + ") THEN\n    ALTER TABLE accounts ADD COLUMN plan "
                + "VARCHAR(20);\n  END IF;\nEND;\n";
        // MySQL sets (Mattermost's) also prepare a statement chosen at run time, at the top of a script
        String prepared = pg ? "ALTER TABLE accounts ADD COLUMN note VARCHAR(10);"
                : "SET @add_note = (SELECT IF((SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() "
                + "AND table_name = 'accounts' AND column_name = 'note') > 0, 'SELECT 1', "
                + "'ALTER TABLE accounts ADD COLUMN note VARCHAR(10)'));\nPREPARE add_note FROM @add_note;\n"
                + "EXECUTE add_note;\nDEALLOCATE PREPARE add_note;";
        String m = TestDatabase.migrations(dir.resolve("procedures"),
                "V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(100));\n"
                        + "CREATE UNIQUE INDEX accounts_email ON accounts (email);",
                "V2__tidy.sql", procedure + "CALL tidy_accounts();\nDROP PROCEDURE tidy_accounts;",
                "V3__note.sql", prepared);
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            for (String script : List.of("V1__accounts.sql", "V2__tidy.sql", "V3__note.sql")) {
                db.execute(java.nio.file.Files.readString(dir.resolve("procedures").resolve(script))); // as written
            }
            Map<String, String> migrated = SchemaSnapshot.of(db);
            assertTrue(!migrated.get("accounts").contains("accounts_email") && migrated.get("accounts").contains("plan"),
                    migrated.get("accounts"));
            db.dropTable("accounts");
            try (Connection c = db.heal(m); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO accounts (id, email, plan) VALUES (1, 'a@example.org', 'free')");
                st.executeUpdate("INSERT INTO accounts (id, email, plan) VALUES (2, 'a@example.org', 'free')");
                st.executeUpdate("DELETE FROM accounts");
            }
            assertEquals(migrated, SchemaSnapshot.of(db), "no stale unique index, the columns the call and the prepared "
                    + "statement added");
            assertTrue(migrated.get("accounts").contains("note"), migrated.get("accounts"));
        }
    }
}
