package io.schemaheal.it;

import org.junit.jupiter.api.Timeout;
import io.schemaheal.cli.SchemaHealCli;
import io.schemaheal.demo.AgentOsDemo;
import io.schemaheal.heal.HealFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** schemaheal doctor on real databases, and pinned checksums. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoctorTest {

    @TempDir
    Path dir;
    Path migrations;
    SqliteDb db;

    /** What one CLI run printed and returned. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        String line(String file) {
            return out.lines().filter(l -> l.contains(file)).findFirst().orElse("");
        }
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SchemaHealCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void migrations() throws Exception {
        migrations = AgentOsDemo.copyMigrations(dir.resolve("migrations"));
        db = new SqliteDb(dir.resolve("store/registry.sqlite"));
    }

    @AfterEach
    void forget() {
        SqliteDb.forgetManifests();
    }

    private Run doctor(String... more) {
        List<String> args = new ArrayList<>(List.of("doctor", "--url", "jdbc:sqlite:" + db.file, "--migrations", migrations.toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(new String[0]));
    }

    @Test
    void seed000DriftIsReportedPerVersionAndFixed() throws Exception {
        AgentOsDemo.createDriftedRegistry(db.file, migrations);
        // the chain broke at 0.7.0: the earlier versions are recorded too, 0.7.0-0.9.0 are not
        db.execute("INSERT INTO schema_version (version) VALUES ('0.1.0'), ('0.2.0'), ('0.3.0'), ('0.4.0'), ('0.5.0'), ('0.6.0')");

        Run before = doctor();
        assertEquals(1, before.exit(), before.out());
        String v08 = before.line("v08_chat.sql");
        assertTrue(v08.startsWith("  ❌") && v08.contains("table chat_sessions, chat_messages") && v08.contains("6 indexes")
                && v08.contains("schema_version says it ran"), v08);
        assertTrue(before.line("v07_project_kb.sql").startsWith("  ⚠️") && before.line("v07_project_kb.sql").contains("not recorded"));
        assertTrue(before.line("v09_command_history.sql").startsWith("  ⚠️"));
        long flagged = before.lines().stream().filter(l -> l.startsWith("  ❌") || l.startsWith("  ⚠️")).count();
        assertEquals(3, flagged, "v08 missing, v07 and v09 unrecorded, nothing else:\n" + before.out());
        assertTrue(before.out().contains("version table: schema_version"), before.out());

        Run json = doctor("--json");
        assertEquals(1, json.exit());
        assertTrue(json.out().contains("\"file\":\"v08_chat.sql\"") && json.out().contains("\"believed_applied\":true")
                && json.out().contains("\"missing\":[\"table chat_sessions\""), json.out());
        assertTrue(json.out().strip().startsWith("{") && json.out().strip().endsWith("}"));

        Run fix = doctor("--fix");
        assertEquals(0, fix.exit(), fix.out());
        assertTrue(db.has("table", "chat_messages") && db.has("index", "idx_chat_messages_role"));
        assertEquals(List.of("chat_sessions", "chat_messages"), db.historyTables());
        Run after = doctor();
        assertEquals(0, after.exit(), after.out());
        // healed, and still not recorded: SchemaHeal never writes the application's version table
        assertTrue(after.line("v08_chat.sql").startsWith("  ⚠️") && after.line("v08_chat.sql").contains("not recorded"), after.out());
        assertEquals(9, db.count("SELECT count(*) FROM schema_version"));
    }

    /**
     * A migration the version table does not record yet (a new release's, before the tool ran) is not drift: the doctor
     * says it has not run yet and exits 0, and {@code --fix} leaves it to the tool; a table of a migration that ran, lost,
     * is drift.
     */
    @Test
    void aMigrationNotRunYetIsTheToolsNotDrift() throws Exception {
        Path set = Files.createDirectories(dir.resolve("release-2"));
        Files.writeString(set.resolve("V1__users.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        Files.writeString(set.resolve("V2__orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY);");
        Files.createDirectories(Path.of(db.file.toString()).getParent());
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + db.file, null, null)
                .locations("filesystem:" + set).target("1").load().migrate();
        List<String> args = List.of("doctor", "--url", "jdbc:sqlite:" + db.file, "--migrations", set.toString());

        Run before = cli(args.toArray(new String[0]));
        assertEquals(0, before.exit(), before.out());
        assertTrue(before.line("V2__orders.sql").startsWith("  ⏳") && before.line("V2__orders.sql").contains("not run yet"),
                before.out());
        List<String> json = new ArrayList<>(args);
        json.add("--json");
        assertTrue(cli(json.toArray(new String[0])).out().contains("\"file\":\"V2__orders.sql\",\"sha256\":"), "listed");
        assertTrue(cli(json.toArray(new String[0])).out().contains("\"status\":\"pending\""));

        db.execute("DROP TABLE users");
        List<String> fix = new ArrayList<>(args);
        fix.add("--fix");
        Run fixed = cli(fix.toArray(new String[0]));
        assertEquals(0, fixed.exit(), fixed.out());
        assertTrue(fixed.out().contains("left V2__orders.sql to the migration tool"), fixed.out());
        assertTrue(db.has("table", "users"), "what ran, lost, healed");
        assertFalse(db.has("table", "orders"), "what has not run is the tool's");
    }

    @Test
    void aMissingIndexOrTriggerThatNoQueryWouldRevealIsReportedAndFixed() throws Exception {
        Files.createDirectories(db.file.getParent());
        for (Path f : Files.list(migrations).sorted().toList()) {
            RealClients.run(db, f); // migrated by sqlite3, as a deploy would
        }
        assertEquals(0, doctor().exit(), doctor().out());
        db.execute("DROP INDEX idx_chat_messages_role; DROP TRIGGER kb_chunks_au;");
        Run before = doctor();
        assertEquals(1, before.exit());
        assertTrue(before.line("v08_chat.sql").contains("missing: index idx_chat_messages_role"), before.out());
        assertTrue(before.line("v10_fix_fts_triggers.sql").contains("missing: trigger kb_chunks_au"), before.out());
        assertEquals(0, doctor("--fix").exit());
        assertTrue(db.has("index", "idx_chat_messages_role"));
        assertTrue(db.schema().get("trigger kb_chunks_au").contains("'delete'"), "v10's definition");
        assertEquals(0, doctor().exit());
    }

    @Test
    void theSeed003LayoutIsExaminedDatabaseByDatabase() throws Exception {
        Path plans = Path.of(getClass().getResource("/dbroot/plan").toURI());
        Path registryMigrations = Path.of(getClass().getResource("/dbroot/registry").toURI());
        Files.createDirectories(dir.resolve("plans"));
        for (int id = 1; id <= 3; id++) {
            String url = "jdbc:sqlite:" + dir.resolve("plans/plan_" + id + ".sqlite");
            Run fresh = cli("doctor", "--url", url, "--migrations", plans.toString());
            assertEquals(1, fresh.exit(), fresh.out());
            assertTrue(fresh.line("V1__plan.sql").contains("missing: table plan_meta, tasks, task_dependencies"), fresh.out());
            assertEquals(0, cli("doctor", "--url", url, "--migrations", plans.toString(), "--fix").exit());
        }
        String registry = "jdbc:sqlite:" + dir.resolve("plan_registry.db");
        assertEquals(1, cli("doctor", "--url", registry, "--migrations", registryMigrations.toString()).exit());
        assertEquals(0, cli("doctor", "--url", registry, "--migrations", registryMigrations.toString(), "--fix").exit());
        Run plan = cli("doctor", "--url", "jdbc:sqlite:" + dir.resolve("plans/plan_2.sqlite"), "--migrations", plans.toString());
        assertEquals(0, plan.exit(), plan.out());
        assertTrue(plan.out().contains("version table: none found"));
    }

    @Test
    void pinnedChecksumsRefuseATamperedScript() throws Exception {
        AgentOsDemo.createDriftedRegistry(db.file, migrations);
        Path pins = dir.resolve("migrations.sha256");
        Run manifest = cli("manifest", "--migrations", migrations.toString(), "--checksums", pins.toString());
        assertEquals(0, manifest.exit(), manifest.err());
        Process check = new ProcessBuilder("sha256sum", "-c", pins.toString()).redirectErrorStream(true).start();
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), new String(check.getInputStream().readAllBytes()));

        Files.writeString(migrations.resolve("v08_chat.sql"),
                Files.readString(migrations.resolve("v08_chat.sql")) + "\nCREATE TABLE sneaky (x INT);\n");
        SqliteDb.forgetManifests();
        try (Connection c = db.heal("filesystem:" + migrations, "schemaheal.checksums", pins.toString())) {
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement(AgentOsDemo.CHAT_QUERY));
            assertTrue(e.getMessage().contains("no such table: chat_messages"), "the original exception");
            HealFailedException why = (HealFailedException) e.getSuppressed()[0];
            assertTrue(why.getMessage().contains("v08_chat.sql") && why.getMessage().contains("pins"), why.getMessage());
            assertEquals(2, why.getMessage().split("[0-9a-f]{64}", -1).length - 1, "both checksums: " + why.getMessage());
        }
        assertFalse(db.has("table", "chat_messages"), "nothing was applied");
        assertFalse(db.has("table", "sneaky"));
        Run flagged = doctor("--checksums", pins.toString());
        assertEquals(1, flagged.exit());
        assertTrue(flagged.line("v08_chat.sql").contains("pins"), flagged.out());
    }

    @Test
    void badInputIsOneClearLineAndExit2() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Run[] bad = {
                cli("doctor", "--url", "jdbc:postgresql://127.0.0.1:1/nowhere", "--migrations", migrations.toString()),
                cli("doctor", "--url", "jdbc:nosuchdb://x", "--migrations", migrations.toString()),
                cli("doctor", "--url", "jdbc:sqlite:" + db.file, "--migrations", dir.resolve("empty").toString()),
                cli("doctor", "--url", "jdbc:sqlite:" + db.file, "--migrations", dir.resolve("missing").toString()),
                cli("doctor", "--url", "jdbc:sqlite:" + db.file),
        };
        for (Run r : bad) {
            assertEquals(2, r.exit(), r.out() + r.err());
            assertEquals(1, r.err().lines().count(), "one line: " + r.err());
            assertTrue(r.err().startsWith("schemaheal: "), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace");
        }
        assertTrue(bad[2].err().contains("holds no migration scripts"), bad[2].err());
        Run verbose = cli("doctor", "--url", "jdbc:nosuchdb://x", "--migrations", migrations.toString(), "--verbose");
        assertTrue(verbose.err().contains("\tat "), "a stack trace with --verbose");
    }

    @Test
    void postgresAndMariaDb() throws Exception {
        for (ServerDb.Kind kind : ServerDb.Kind.values()) {
            try (ServerDb server = ServerDb.of(kind)) {
                String folder = kind == ServerDb.Kind.POSTGRESQL ? "minicoder/postgres" : "minicoder/mariadb";
                String m = Path.of(getClass().getResource("/" + folder).toURI()).toString();
                Run missing = cli("doctor", "--url", server.url, "--migrations", m);
                assertEquals(1, missing.exit(), missing.out() + missing.err());
                assertTrue(missing.line("0001_chat_history.sql").contains("missing: table chat_messages"), missing.out());
                assertEquals(0, cli("doctor", "--url", server.url, "--migrations", m, "--fix").exit());
                assertEquals(List.of("chat_messages"), server.historyTables());
                server.execute(kind == ServerDb.Kind.POSTGRESQL ? "DROP INDEX idx_chat_workspace"
                        : "DROP INDEX idx_chat_workspace ON chat_messages");
                Run index = cli("doctor", "--url", server.url, "--migrations", m);
                assertTrue(index.line("0001_chat_history.sql").contains("missing: index idx_chat_workspace"), index.out());
                assertEquals(0, cli("doctor", "--url", server.url, "--migrations", m, "--fix").exit());
                assertEquals(0, cli("doctor", "--url", server.url, "--migrations", m).exit());
            }
        }
    }

    @Test
    void theAgentJarRunsTheDoctorWithTheApplicationsDriver() throws Exception {
        AgentOsDemo.createDriftedRegistry(db.file, migrations);
        String sqliteJar = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.contains("sqlite-jdbc")).findFirst().orElseThrow();
        Process p = new ProcessBuilder(ChildJvm.javaBinary(), "-jar", AgentTest.AGENT.toString(), "doctor",
                "--url", "jdbc:sqlite:" + db.file, "--migrations", migrations.toString(), "--driver-path", sqliteJar)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("❌ 08") && out.contains("schema_version says it ran"), out);
    }
}
