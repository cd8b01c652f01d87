package io.schemaheal.it;

import io.schemaheal.demo.AgentOsDemo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The -javaagent on unmodified applications: child JVMs started with the built agent jar. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentTest {

    static final Path AGENT = Path.of(System.getProperty("agent.jar.path", "agent/target/schemaheal-agent.jar"));
    /** A Java 25 installed beside this one (found under /usr/lib/jvm, or JAVA_25_HOME), or null. */
    static final String JAVA_25 = ChildJvm.java25();

    @TempDir
    Path dir;
    SqliteDb db;
    Path migrations;

    @BeforeEach
    void driftedRegistry() throws Exception {
        assertTrue(Files.isRegularFile(AGENT), "the agent jar is built before these tests: " + AGENT);
        migrations = AgentOsDemo.copyMigrations(dir.resolve("migrations"));
        db = new SqliteDb(dir.resolve("store/registry.sqlite"));
        AgentOsDemo.createDriftedRegistry(db.file, migrations);
    }

    /** Runs LegacyApp in a child JVM of this java; returns its output (stdout and stderr), asserting its exit code. */
    static String run(List<String> jvmOptions, int expectedExit, String... args) throws Exception {
        return run(ChildJvm.javaBinary(), jvmOptions, expectedExit, args);
    }

    /** Runs LegacyApp in a child JVM; returns its output (stdout and stderr), asserting its exit code. */
    static String run(String java, List<String> jvmOptions, int expectedExit, String... args) throws Exception {
        Process p = ChildJvm.start(java, jvmOptions, Map.of(), LegacyApp.class, args);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedExit, p.exitValue(), out);
        return out;
    }

    private List<String> withAgent() {
        return options(migrations.toString());
    }

    /** The JVM's own warning lines of a child's output. */
    private static List<String> warnings(String out) {
        return out.lines().filter(l -> l.startsWith("WARNING:")).toList();
    }

    /** The JVM options of a child started with the agent and these migrations, then any more options. */
    static List<String> options(String migrations, String... more) {
        List<String> options = new ArrayList<>(List.of("-javaagent:" + AGENT, "-Dschemaheal.migrations=" + migrations));
        options.addAll(List.of(more));
        return options;
    }

    /**
     * The agent runs its own, relocated copy of the engine: an application with schemaheal-jdbc on its class
     * path (here the build's, as any other version would be) keeps its own classes, both work, and a failure
     * is healed once (the agent, under the library's connection, heals it first).
     */
    @Test
    void anApplicationWithItsOwnSchemahealLibraryAndTheAgent() throws Exception {
        List<String> jvm = new ArrayList<>(withAgent());
        jvm.add("-Xlog:class+load=info:stdout:uptime"); // which class came from which jar
        int run = 0;
        for (String javaBinary : JAVA_25 == null ? List.of(ChildJvm.javaBinary()) : List.of(ChildJvm.javaBinary(), JAVA_25)) {
            SqliteDb registry = run++ == 0 ? db : new SqliteDb(dir.resolve("java25/registry.sqlite"));
            if (registry != db) {
                AgentOsDemo.createDriftedRegistry(registry.file, migrations);
            }
            Process p = ChildJvm.start(javaBinary, jvm, Map.of(), LibraryAndAgentApp.class,
                    registry.file.toString(), migrations.toString());
            java.util.concurrent.CompletableFuture<String> output = ChildJvm.output(p); // read as it comes: it is long
            assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
            String out = output.get(30, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), javaBinary + ": " + out);
            assertTrue(out.contains("chat messages 0") && out.contains("connection io.schemaheal.jdbc.HealingConnection"), out);
            String library = out.lines().filter(l -> l.startsWith("library Healer from ")).findFirst().orElseThrow();
            assertFalse(library.contains("schemaheal-agent"), "the application's classes are its library's: " + library);
            // both engines ran, each its own classes: the library's wrapped the connection, the agent's healed
            assertTrue(out.lines().anyMatch(l -> l.contains(" io.schemaheal.jdbc.HealingConnection source: ")
                    && !l.contains("schemaheal-agent")), out);
            assertTrue(out.lines().anyMatch(l -> l.contains(" io.schemaheal.agent.engine.heal.Healer source: ")
                    && l.contains("schemaheal-agent.jar")), javaBinary + ": the agent's engine is its own copy: " + out);
            List<String> healed = registry.historyTables();
            assertEquals(healed.stream().distinct().toList(), healed, "each table healed once: " + healed);
            assertTrue(healed.contains("chat_messages"), healed.toString());
        }
    }

    @Test
    void theLegacyChatEngineHealsUnchangedIncludingInsideATransaction() throws Exception {
        String out = run(ChildJvm.javaBinary(), withAgent(), 0, "chat", db.file.toString());
        assertTrue(out.contains("connection org.sqlite.jdbc4.JDBC4Connection"), "the driver's own connection: " + out);
        assertTrue(out.contains("chat query ok") && out.contains("transaction committed"), out);
        assertTrue(out.contains("WARN io.schemaheal - healed missing table chat_messages"), "the heal line on stderr: " + out);
        assertEquals(1, db.count("SELECT count(*) FROM tasks WHERE task_id = 't1'"), "the earlier write survived");
        assertEquals(1, db.count("SELECT count(*) FROM chat_messages"));
        assertEquals(List.of("chat_sessions", "chat_messages"), db.historyTables());
    }

    @Test
    void theAgentTellsTheApplicationsHealListeners() throws Exception {
        String out = run(ChildJvm.javaBinary(), options(migrations.toString(), "-Dtest.print-heals=true"), 0,
                "chat", db.file.toString());
        assertTrue(out.contains("heal event: chat_messages healed") && out.contains("heal event: chat_sessions healed"),
                "a ServiceLoader listener of the application hears of each table the agent healed: " + out);
    }

    @Test
    void healOnConnectLetsACatalogCheckFindTheSchemaWhole() throws Exception {
        String without = run(ChildJvm.javaBinary(), withAgent(), 0, "validate", db.file.toString());
        assertTrue(without.contains("validate: missing table [chat_messages]"), "a catalog read heals nothing: " + without);
        String with = run(ChildJvm.javaBinary(), options(migrations.toString(), "-Dschemaheal.heal-on-connect=true"), 0,
                "validate", db.file.toString());
        assertTrue(with.contains("validate: chat_messages is there"), "healed before the driver returned the connection: " + with);
        assertEquals(List.of("chat_sessions", "chat_messages"), db.historyTables());
    }

    /** Byte Buddy is loaded when the first class that can be a JDBC driver's is, not at start-up. */
    @Test
    void anApplicationThatNeverLoadsAJdbcClassNeverLoadsByteBuddy() throws Exception {
        Path loaded = dir.resolve("classes.log");
        Process p = ChildJvm.start(ChildJvm.javaBinary(), options(migrations.toString(), "-Xlog:class+load=info:file=" + loaded),
                Map.of(), NoJdbcApp.class);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("no jdbc here"), out);
        List<String> classes = Files.readAllLines(loaded);
        assertTrue(classes.stream().anyMatch(l -> l.contains("io.schemaheal.agent.SchemaHealAgent ")), "the agent ran");
        assertEquals(List.of(), classes.stream().filter(l -> l.contains("io.schemaheal.agent.shaded.")).limit(3).toList(),
                "no Byte Buddy class loaded");
    }

    /** The jar ships only what runs: no multi-release copies, no Maven metadata, only the Byte Buddy classes it uses. */
    @Test
    void theAgentJarIsSmallAndHoldsNothingOutsideItsOwnPackages() throws Exception {
        assertTrue(Files.size(AGENT) <= 1024L * 1024, "at most 1 MiB: " + Files.size(AGENT));
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(AGENT.toFile())) {
            List<String> stray = jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("io/schemaheal/agent/") || n.startsWith("META-INF/versions/")
                            || n.startsWith("META-INF/maven/"))
                    .toList();
            assertEquals(List.of(), stray, "every class under io/schemaheal/agent (the engine and Byte Buddy relocated "
                    + "there: an application's own schemaheal-jdbc or Byte Buddy is never shadowed)");
            assertEquals(null, jar.getManifest().getMainAttributes().getValue("Multi-Release"));
        }
    }

    @Test
    void insideAPostgresTransactionAPreparedWriteHealsAndCommits() throws Exception {
        try (ServerDb pg = ServerDb.postgres()) {
            String m = TestDatabase.migrations(dir.resolve("shop"),
                    "V1__users.sql", "CREATE TABLE users (id INT PRIMARY KEY, name TEXT);",
                    "V2__orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT NOT NULL REFERENCES users(id), "
                            + "total INT);\nCREATE INDEX idx_orders_user ON orders(user_id);");
            pg.execute("CREATE TABLE users (id INT PRIMARY KEY, name TEXT)");
            String out = run(options(m), 0, "pg-transaction", pg.url);
            assertTrue(out.contains("transaction committed"), "the application saw no exception: " + out);
            assertTrue(out.contains("healed missing table orders"), out);
            assertEquals(1, pg.count("SELECT count(*) FROM users WHERE id = 2"), "the write before the heal is in the transaction");
            assertEquals(2, pg.count("SELECT count(*) FROM orders WHERE user_id = 2"));
            assertEquals(1, pg.count("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_orders_user' "
                    + "AND schemaname = current_schema()"));
            assertEquals(List.of("orders"), pg.historyTables());
        }
    }

    /**
     * A column lost from a table, and a prepared SELECT through an alias (as Hibernate writes every query), in and out
     * of a transaction, on PostgreSQL and MariaDB: the agent reads the prepared statement's SQL (from pgjdbc's and
     * MariaDB Connector/J's own objects) to find the table the alias stands for.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"postgresql", "mariadb"})
    void aPreparedSelectOfALostColumnHealsInAndOutOfATransaction(String kind) throws Exception {
        try (ServerDb server = ServerDb.of(kind.equals("postgresql") ? ServerDb.Kind.POSTGRESQL : ServerDb.Kind.MARIADB)) {
            String m = TestDatabase.migrations(dir.resolve("owners-" + kind),
                    "V1__owners.sql", "CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(30));\n",
                    "V2__owners_city.sql", "ALTER TABLE owners ADD COLUMN city VARCHAR(80);\n");
            server.execute("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(30))");
            // on MariaDB, a transaction that read the table holds its metadata lock, which any ALTER waits for: there a
            // column heals once that transaction has ended (see docs/transactions.md), so only outside one here
            for (String mode : kind.equals("mariadb") ? List.of("auto-commit") : List.of("auto-commit", "in-transaction")) {
                String out = run(options(m), 0, "prepared-query", server.url, "SELECT o.id, o.city FROM owners o", mode);
                assertTrue(out.contains("query ok") && out.contains("healed missing column owners.city"), mode + ": " + out);
                server.execute("ALTER TABLE owners DROP COLUMN city");
            }
        }
    }

    /**
     * Spring Data runs every repository read in a read-only transaction. Under the agent without
     * {@code schemaheal.heal-user}, a lost table heals at the first such read: never written through the read-only
     * transaction, but on a connection the agent opens as the application logged in (its driver, URL and properties,
     * seen at connect; here a user and password given as properties, as a pool passes them). The table belongs to the
     * application's own role, and the password is in no line of the output.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"postgresql", "mariadb"})
    void aReadOnlyReadHealsAtOnceAsTheApplicationsOwnAccount(String kind) throws Exception {
        boolean pg = kind.equals("postgresql");
        String role = null;
        try (ServerDb server = ServerDb.of(pg ? ServerDb.Kind.POSTGRESQL : ServerDb.Kind.MARIADB)) {
            role = "app_" + server.name;
            String password = "pw-" + server.name.substring(3);
            if (pg) {
                server.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'; GRANT USAGE, CREATE ON SCHEMA "
                        + server.name + " TO " + role);
            } else {
                server.execute("CREATE USER '" + role + "'@'%' IDENTIFIED BY '" + password + "'");
                server.execute("GRANT ALL ON " + server.name + ".* TO '" + role + "'@'%'");
            }
            String m = TestDatabase.migrations(dir.resolve("read-only-" + kind),
                    "V1__notes.sql", "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(200));\n");
            String out = run(options(m), 0, "read-only-query", io.schemaheal.jdbc.HealingDriver.withoutCredentials(server.url),
                    "SELECT n.id FROM notes n", role, password);
            assertTrue(out.contains("query ok") && out.contains("healed missing table notes"), out);
            assertTrue(!out.contains(password), "no password in any line: " + out);
            assertEquals(List.of("notes"), server.historyTables());
            if (pg) {
                assertEquals(List.of(role), server.strings("SELECT tableowner FROM pg_tables WHERE schemaname = ? "
                        + "AND tablename = 'notes'", server.name), "healed as the application's own role");
            }
        } finally {
            if (role != null) {
                try (ServerDb admin = ServerDb.of(pg ? ServerDb.Kind.POSTGRESQL : ServerDb.Kind.MARIADB)) {
                    admin.execute(pg ? "DROP ROLE " + role : "DROP USER '" + role + "'@'%'");
                }
            }
        }
    }

    /**
     * pgjdbc's {@code autosave} modes wrap every statement in a savepoint of their own (and, with
     * {@code cleanupSavepoints=true}, release it): inside a transaction a lost table still heals under the agent, and
     * nothing is logged about the agent's own savepoint.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"autosave=always&cleanupSavepoints=true", "autosave=always",
            "autosave=conservative"})
    void pgjdbcAutosaveModesHealInsideATransaction(String autosave) throws Exception {
        try (ServerDb pg = ServerDb.postgres()) {
            String m = TestDatabase.migrations(dir.resolve("notes-" + autosave.hashCode()),
                    "V1__notes.sql", "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT);\n");
            String out = run(options(m), 0, "prepared-query", pg.url + "&" + autosave, "SELECT n.id FROM notes n", "in-transaction");
            assertTrue(out.contains("query ok") && out.contains("healed missing table notes"), autosave + ": " + out);
            assertTrue(!out.contains("could not release a guard") && !out.contains("ERROR"), autosave + ": " + out);
            for (String way : List.of("query", "prepared-query")) { // a guarded statement that works: nothing to say either
                String ok = run(options(m), 0, way, pg.url + "&" + autosave, "SELECT count(*) FROM notes", "in-transaction");
                assertTrue(ok.contains("query ok") && !ok.contains("ERROR") && !ok.contains("guard"), autosave + ": " + ok);
            }
        }
    }

    @Test
    void withoutTheAgentTheSameApplicationFails() throws Exception {
        String out = run(ChildJvm.javaBinary(), List.of(), 1, "chat", db.file.toString());
        assertTrue(out.contains("no such table: chat_messages"), out);
    }

    @Test
    void modeOffLeavesTheApplicationExactlyAsWithoutTheAgent() throws Exception {
        Path loaded = dir.resolve("classes-off.log");
        String out = run(ChildJvm.javaBinary(), options(migrations.toString(), "-Dschemaheal.mode=off",
                "-Xlog:class+load=info:file=" + loaded), 1, "chat", db.file.toString());
        assertTrue(out.contains("no such table: chat_messages"), "the application's own exception: " + out);
        assertFalse(out.contains("SchemaHeal") || out.contains("schemaheal$"), "not a word from the agent, and the "
                + "driver's methods are its own (no woven frame in the stack trace): " + out);
        try (java.sql.Connection c = db.raw()) {
            assertEquals(0, Queries.count(c, "SELECT count(*) FROM sqlite_master WHERE name = 'schemaheal_history'"),
                    "nothing healed");
        }
        assertEquals(List.of("io.schemaheal.agent.SchemaHealAgent"), Files.readAllLines(loaded).stream()
                .filter(l -> l.contains(" io.schemaheal.agent.")).map(l -> l.replaceAll(".* (io\\.schemaheal\\.\\S+) .*", "$1"))
                .toList(), "nothing of the agent's loaded but its entry point");
    }

    @Test
    void vendorCastsAndUserFunctionsWorkAsWithoutTheAgent() throws Exception {
        String out = run(ChildJvm.javaBinary(), withAgent(), 0, "cast", db.file.toString());
        assertTrue(out.contains("udf HEALED") && out.contains("chat query ok"), out);
    }

    @Test
    void hikariWithJdbcUrlOnSqliteHealsOnceForEightThreads() throws Exception {
        String out = run(ChildJvm.javaBinary(), withAgent(), 0, "hikari-sqlite", db.file.toString(), "8");
        assertTrue(out.contains("inserted 8") && out.contains("pool still works, rows: 8"), out);
        assertEquals(List.of("chat_sessions", "chat_messages").size(), db.historyTables().size());
    }

    @Test
    void hikariWithPgSimpleDataSourceHealsOnceForEightThreads() throws Exception {
        try (ServerDb pg = ServerDb.postgres()) {
            List<String> options = options("classpath:minicoder/postgres");
            String out = run(ChildJvm.javaBinary(), options, 0, "hikari-postgres", pg.url, "8");
            assertTrue(out.contains("inserted 8") && out.contains("pool still works, rows: 8"), out);
            assertEquals(List.of("chat_messages"), pg.historyTables());
        }
    }

    @Test
    void sqliteDataSourceConnectionsAreCovered() throws Exception {
        String out = run(ChildJvm.javaBinary(), withAgent(), 0, "datasource", db.file.toString());
        assertTrue(out.contains("chat query ok"), out);
        assertEquals(2, db.historyTables().size());
    }

    @Test
    void anApplicationWithItsOwnByteBuddyRunsUnchanged() throws Exception {
        String without = run(ChildJvm.javaBinary(), List.of(), 0, "bytebuddy");
        String with = run(ChildJvm.javaBinary(), withAgent(), 0, "bytebuddy");
        assertTrue(with.contains("made by the application's Byte Buddy") && with.contains("byte-buddy-1.14.18.jar"), with);
        assertEquals(without, with);
    }

    @Test
    void anApplicationWithItsOwnByteBuddyInAParentFirstLoaderRunsUnchanged() throws Exception {
        // the application's Byte Buddy is not on the class path: a loader over its libraries asks the class path first
        String byteBuddy = null;
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("byte-buddy")) {
                byteBuddy = entry;
            } else {
                classPath.add(entry);
            }
        }
        assertTrue(byteBuddy != null && byteBuddy.endsWith("byte-buddy-1.14.18.jar"), "the tests' Byte Buddy: " + byteBuddy);
        String path = String.join(java.io.File.pathSeparator, classPath);
        for (String javaBinary : JAVA_25 == null ? List.of(ChildJvm.javaBinary()) : List.of(ChildJvm.javaBinary(), JAVA_25)) {
            Process p = ChildJvm.start(javaBinary, options(migrations.toString(), "-cp", path), Map.of(), ParentFirstApp.class,
                    byteBuddy);
            assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), javaBinary + ": " + out);
            assertTrue(out.contains("made true") && out.contains("byte buddy from byte-buddy-1.14.18.jar"), javaBinary + ": " + out);
        }
    }

    @Test
    void theSameLegacyAppOnJava25() throws Exception {
        assumeTrue(JAVA_25 != null, "no Java 25 under /usr/lib/jvm; set JAVA_25_HOME to run this test");
        String out = run(JAVA_25, withAgent(), 0, "chat", db.file.toString());
        assertTrue(out.contains("chat query ok") && out.contains("transaction committed"), out);
        // the JVM's warnings are the application's own (sqlite-jdbc's native access), none of the agent's (sun.misc.Unsafe)
        String without = run(JAVA_25, List.of(), 1, "chat", dir.resolve("untouched.sqlite").toString());
        assertEquals(warnings(without), warnings(out), out);
        assertFalse(out.contains("sun.misc.Unsafe"), out);
        assertEquals(2, db.historyTables().size());
    }

    @Test
    void aMisconfiguredAgentPrintsOneErrorAndChangesNothingElse() throws Exception {
        String without = run(ChildJvm.javaBinary(), List.of(), 1, "chat", db.file.toString());
        List<String> broken = options(dir.resolve("no-such-folder").toString());
        String with = run(ChildJvm.javaBinary(), broken, 1, "chat", db.file.toString());
        List<String> extra = new ArrayList<>(with.lines().toList());
        extra.removeAll(without.lines().toList());
        assertEquals(1, extra.size(), with);
        assertTrue(extra.get(0).contains("ERROR io.schemaheal - SchemaHeal agent is disabled") && extra.get(0).contains("no-such-folder"),
                extra.get(0));
        assertFalse(db.has("table", "schemaheal_history"));
    }

    /**
     * The agent reads the scripts at the first connection that needs them, not at start-up (a JVM that never needs
     * them never pays for them): a set that cannot be used (two scripts of one version) is reported then, by one ERROR
     * line naming why, and the application gets its own exception, exactly as without the agent.
     */
    @Test
    void aSetThatCannotBeUsedIsReportedOnceWhenFirstNeeded() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("two-of-version-1"));
        Files.writeString(broken.resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
        Files.writeString(broken.resolve("V1__b.sql"), "CREATE TABLE b (id INT);");
        String with = run(ChildJvm.javaBinary(), options(broken.toString()), 1, "chat", db.file.toString());
        List<String> ours = with.lines().filter(l -> l.contains("io.schemaheal -")).toList();
        assertEquals(1, ours.size(), with);
        assertTrue(ours.get(0).contains("ERROR") && ours.get(0).contains("both have version 1"), ours.get(0));
        assertTrue(with.contains("SQLiteException") && with.contains("no such table: chat_messages"), "its own exception: " + with);
        assertFalse(db.has("table", "schemaheal_history"));
    }

    @Test
    void attachedToARunningJvmTheNextFailingStatementHeals() throws Exception {
        Path go = dir.resolve("go");
        Process p = ChildJvm.start(ChildJvm.javaBinary(), List.of("-Dschemaheal.migrations=" + migrations), Map.of(),
                LegacyApp.class, "wait-then-chat", db.file.toString(), go.toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        while (ready != null && !ready.startsWith("ready ")) {
            ready = out.readLine();
        }
        assertTrue(ready != null, "the child printed its pid");
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(ready.substring("ready ".length()));
        try {
            vm.loadAgent(AGENT.toString());
        } finally {
            vm.detach();
        }
        Files.createFile(go);
        StringBuilder rest = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            rest.append(line).append('\n');
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), rest.toString());
        assertTrue(rest.toString().contains("chat query ok"), rest.toString());
        assertEquals(2, db.historyTables().size());
    }

    @Test
    void healLinesGoToTheApplicationsSlf4jBindingOrToStderr() throws Exception {
        String withSlf4j = run(ChildJvm.javaBinary(), withAgent(), 0, "chat", db.file.toString());
        assertTrue(withSlf4j.lines().anyMatch(l -> l.startsWith("[main] WARN io.schemaheal - healed missing table")),
                "slf4j-simple's format: " + withSlf4j);

        Files.delete(db.file);
        AgentOsDemo.createDriftedRegistry(db.file, migrations);
        String classPath = String.join(java.io.File.pathSeparator, java.util.Arrays.stream(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)).filter(e -> !e.contains("slf4j")).toList());
        List<String> options = new ArrayList<>(withAgent());
        options.addAll(List.of("-cp", classPath));
        String withoutSlf4j = run(ChildJvm.javaBinary(), options, 0, "chat", db.file.toString());
        assertTrue(withoutSlf4j.lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:.* WARN io\\.schemaheal - healed missing table chat_messages.*")),
                "stderr format: " + withoutSlf4j);
    }

    // the agent leaves the application's logging alone

    @Test
    void anApplicationThatConfiguresLogbackInMainKeepsItsFormat() throws Exception {
        Path config = dir.resolve("logback-app.xml");
        Files.writeString(config, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>APPFORMAT %level %logger - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        // the tests' own class path, with Logback in place of slf4j-simple, as the application ships it
        String logback = System.getProperty("logback.jars");
        assertTrue(logback != null && !logback.contains("${"), "the build gives the Logback jars: " + logback);
        List<String> classPath = new ArrayList<>(List.of(logback.split(java.io.File.pathSeparator)));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.contains("slf4j-simple")) {
                classPath.add(entry);
            }
        }
        List<String> jvm = options(migrations.toString(), "-cp", String.join(java.io.File.pathSeparator, classPath));
        String out = run(ChildJvm.javaBinary(), jvm, 0, "logback", config.toString(), db.file.toString());
        assertTrue(out.contains("APPFORMAT INFO app - hello from app"), "the application's own format: " + out);
        assertTrue(out.contains("APPFORMAT WARN io.schemaheal - healed missing table chat_messages"),
                "SchemaHeal's line, through the application's logging as it configured it: " + out);
        assertFalse(out.contains("ch.qos.logback") || out.contains("SLF4J"), "no start-up noise: " + out);
    }

    @Test
    void underTheAgentHealLinesGoThroughTheApplicationsSlf4jInItsOwnLoader() throws Exception {
        // SLF4J and the driver only in the application's loader (as in a Spring Boot executable jar), not on the class path
        List<String> libraries = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            (entry.contains("slf4j-") || entry.contains("sqlite-jdbc") ? libraries : classPath).add(entry);
        }
        assertEquals(3, libraries.size(), "slf4j-api, slf4j-simple and sqlite-jdbc: " + libraries);
        String sep = java.io.File.pathSeparator;
        Process p = ChildJvm.start(ChildJvm.javaBinary(), options(migrations.toString(), "-cp", String.join(sep, classPath)),
                Map.of(), FatJarApp.class, db.file.toString(), String.join(sep, libraries));
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("chat messages 0"), out);
        // slf4j-simple's format names the thread; SchemaHeal's stderr fallback starts with the time
        assertTrue(out.contains("[main] WARN io.schemaheal - healed missing table chat_messages"),
                "the heal line went through the application's SLF4J: " + out);
    }

    /**
     * The application's own loader, as a Spring Boot executable jar has it: a classes folder holding the
     * scripts under db/migration (and {@code resources}, path → text), SLF4J and the driver. Returns the
     * path-separated class path of that loader and puts the rest of this JVM's class path in {@code classPath}.
     */
    private String applicationLoader(Map<String, String> resources, List<String> classPath) throws Exception {
        Path classes = dir.resolve("app-classes");
        Path scripts = Files.createDirectories(classes.resolve("db/migration"));
        try (var files = Files.list(migrations)) {
            for (Path f : files.toList()) {
                Files.copy(f, scripts.resolve(f.getFileName()));
            }
        }
        for (Map.Entry<String, String> r : resources.entrySet()) {
            Files.writeString(classes.resolve(r.getKey()), r.getValue());
        }
        List<String> libraries = new ArrayList<>(List.of(classes.toString()));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            (entry.contains("slf4j-") || entry.contains("sqlite-jdbc") ? libraries : classPath).add(entry);
        }
        return String.join(java.io.File.pathSeparator, libraries);
    }

    @Test
    void aSchemahealPropertiesInTheApplicationsOwnLoaderConfiguresTheAgent() throws Exception {
        // nothing on the command line: the settings are among the application's resources, as in a Spring Boot jar
        List<String> classPath = new ArrayList<>();
        String libraries = applicationLoader(Map.of("schemaheal.properties",
                "schemaheal.migrations=classpath:db/migration\nschemaheal.lock-timeout=7s\n"), classPath);
        Process p = ChildJvm.start(ChildJvm.javaBinary(), List.of("-javaagent:" + AGENT, "-cp",
                String.join(java.io.File.pathSeparator, classPath)), Map.of(), FatJarApp.class, db.file.toString(), libraries);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("chat messages 0") && out.contains("healed missing table chat_messages"), out);
        assertFalse(out.contains("ERROR") || out.contains("inactive"), "not reported as unconfigured at start-up: " + out);
        assertTrue(db.historyTables().contains("chat_messages"), "healed under the agent: " + db.historyTables());

        // without it, the agent says once, when the first JDBC class loads, that nothing is configured
        Files.delete(dir.resolve("app-classes/schemaheal.properties"));
        p = ChildJvm.start(ChildJvm.javaBinary(), List.of("-javaagent:" + AGENT, "-cp",
                String.join(java.io.File.pathSeparator, classPath)), Map.of(), FatJarApp.class,
                new SqliteDb(dir.resolve("second.sqlite")).file.toString(), libraries);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("no such table: chat_messages"), "the application's own exception: " + out);
        assertEquals(1, out.lines().filter(l -> l.contains("SchemaHeal agent is inactive: no migrations are configured"))
                .count(), out);
    }

    @Test
    void aClasspathLocationInTheApplicationsOwnLoaderIsReadAtItsFirstConnection() throws Exception {
        // the scripts only in the application's loader (BOOT-INF/classes of a Spring Boot executable jar)
        List<String> classPath = new ArrayList<>();
        String libraries = applicationLoader(Map.of(), classPath);
        String sep = java.io.File.pathSeparator;
        List<String> jvm = new ArrayList<>(List.of("-javaagent:" + AGENT, "-Dschemaheal.migrations=classpath:db/migration",
                "-cp", String.join(sep, classPath)));
        Process p = ChildJvm.start(ChildJvm.javaBinary(), jvm, Map.of(), FatJarApp.class, db.file.toString(), libraries);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("chat messages 0") && out.contains("healed missing table chat_messages"), out);
        assertFalse(out.contains("ERROR"), "not reported as missing at start-up: " + out);

        // a location that no loader has: reported once, when it is first needed, and the application gets its exception
        jvm.set(1, "-Dschemaheal.migrations=classpath:db/nowhere");
        p = ChildJvm.start(ChildJvm.javaBinary(), jvm, Map.of(), FatJarApp.class,
                new SqliteDb(dir.resolve("second.sqlite")).file.toString(), libraries);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("no such table: chat_messages"), "the application's own exception: " + out);
        assertEquals(1, out.lines().filter(l -> l.contains("ERROR") && l.contains("classpath:db/nowhere is not on the class path"))
                .count(), out);
    }

    /**
     * MySQL's own driver (MySQL Connector/J, {@code jdbc:mysql:}) on the MariaDB server, under the agent: its statement's
     * execute, woven in place (it runs in a synchronized block with handlers of its own), heals a lost table, in and out
     * of a transaction (MariaDB's DDL commits: inside one, the heal runs on a connection of its own).
     */
    @Test
    void mySqlConnectorJsStatementHealsALostTableUnderTheAgent() throws Exception {
        try (ServerDb server = ServerDb.mariadb()) {
            String m = TestDatabase.migrations(dir.resolve("mysql-cj"), "V1__owners.sql",
                    "CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(30));\n");
            String url = server.url.replace("jdbc:mariadb:", "jdbc:mysql:");
            for (String mode : List.of("auto-commit", "in-transaction")) {
                String out = run(options(m), 0, "query", url, "SELECT count(*) FROM owners", mode);
                assertTrue(out.contains("query ok") && out.contains("healed missing table owners"), mode + ": " + out);
                server.execute("DROP TABLE owners");
            }
        }
    }

    /**
     * Under the agent too, a table Netflix Conductor's MySQL procedures changed with SQL built at run time heals as a
     * replay of the set on a scratch database made it, in and out of the application's transaction: the same shape as
     * the {@code mariadb} client left it (the surrogate key {@code FixPkIfNeeded} drops is not back).
     */
    @Test
    void aTableSqlBuiltAtRunTimeChangedHealsAsTheReplayMadeItUnderTheAgent() throws Exception {
        try (ServerDb server = ServerDb.mariadb()) {
            Path location = NothingElseChangesTest.resource("realworld/conductor-mysql");
            NothingElseChangesTest.applyAll(server, io.schemaheal.manifest.MigrationManifest.build(
                    List.of("filesystem:" + location), Map.of(), "mariadb"));
            String migrated = SchemaSnapshot.of(server).get("queue");
            for (String mode : List.of("auto-commit", "in-transaction")) {
                server.execute("DROP TABLE queue");
                String out = run(options("filesystem:" + location), 0, "query", server.url, "SELECT count(*) FROM queue", mode);
                assertTrue(out.contains("query ok") && out.contains("healed missing table queue")
                        && out.contains("replayed on a scratch database"), mode + ": " + out);
                assertEquals(migrated, SchemaSnapshot.of(server).get("queue"), mode);
            }
        }
    }

    /**
     * The loop woven in place runs the body again with the arguments it was called with: a statement whose
     * {@code executeQuery} assigns its own parameter before it fails on a missing table is run again, once healed, with
     * the SQL the application gave it ({@code com.example.fakejdbc.MutatingStatement}, a sqlite-jdbc statement of a
     * package the agent weaves).
     */
    @Test
    void aRunAgainAfterAHealGetsTheArgumentsTheCallWasMadeWith() throws Exception {
        Path file = dir.resolve("mutating.sqlite");
        String m = TestDatabase.migrations(dir.resolve("mutating"), "V1__owners.sql", "CREATE TABLE owners (id INT PRIMARY KEY);\n");
        Process p = ChildJvm.start(ChildJvm.javaBinary(), options(m), Map.of(), com.example.fakejdbc.MutatingStatement.class,
                "jdbc:sqlite:" + file, "SELECT count(*) FROM owners");
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("calls: [SELECT count(*) FROM owners, SELECT count(*) FROM owners]")
                && out.contains("healed missing table owners") && out.contains("query ok"), out);
    }

    @Test
    void aClosedStatementOnSqliteIsTheApplicationsBusinessAlone() throws Exception {
        String out = run(ChildJvm.javaBinary(), withAgent(), 0, "closed-statement", "jdbc:sqlite:" + db.file);
        assertTrue(out.contains("the application's exception:"), out);
        assertFalse(out.contains("schemaheal"), "SchemaHeal says nothing: " + out);
    }

    @Test
    void aClosedStatementOnMariaDbIsTheApplicationsBusinessAlone() throws Exception {
        try (ServerDb server = ServerDb.mariadb()) {
            String out = run(ChildJvm.javaBinary(), withAgent(), 0, "closed-statement", server.url);
            assertTrue(out.contains("the application's exception:"), out);
            assertFalse(out.contains("schemaheal"), "SchemaHeal says nothing: " + out);
        }
    }
}
