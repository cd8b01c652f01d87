package io.schemaheal.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample as users run it: its executable jar (web, actuator, data-jpa, Flyway, PostgreSQL; the
 * starter its only SchemaHeal dependency) in a child JVM, configured by nothing but its
 * {@code application.properties} and the database URL, against a schema of its own on the real server.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SpringBootSampleIT {

    private static final String PG_URL = env("PG_TEST_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String MARIADB_URL = env("MARIADB_TEST_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFirstDeploymentMigratesThenALostTableHealsOnTheRequestAndAtTheNextStart() throws Exception {
        try (Schema db = Schema.create()) {
            try (App app = App.start(db)) {
                // a first deployment: Flyway migrated, SchemaHeal had nothing to do
                assertEquals(3, db.count("SELECT count(*) FROM flyway_schema_history WHERE success"));
                assertEquals(0, db.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                        + db.name + "' AND table_name = 'schemaheal_history'"), "no heal on a first deployment");
                assertEquals(0, app.get("/orders/count").get("orders").asInt());
                assertEquals("UP", app.schemaHealHealth().get("status").asText());
                assertEquals("UP", app.health().path("components").path("db").path("status").asText(),
                        "Boot's own DataSource health sees the wrapped pool");
                assertTrue(app.get("/actuator/metrics/hikaricp.connections").get("measurements").size() > 0,
                        "Hikari's metrics still see their pool");

                String migrated = db.schemaDump();
                db.execute("DROP TABLE orders"); // behind the application's back: a restored snapshot, a bad script

                JsonNode drift = app.schemaHealHealth();
                assertEquals("DRIFT", drift.get("status").asText(), drift.toString());
                assertTrue(drift.get("details").toString().contains("orders"), "the health names what is missing: " + drift);

                JsonNode order = app.post("/orders?customer=1&total=30");
                assertEquals(30, order.get("total").asInt(), "the request that needed the table succeeded: " + order);
                assertEquals("Ann", order.get("customer").asText());
                assertEquals(migrated, db.schemaDump(), "exactly the freshly migrated schema, owners included");
                assertEquals(1, app.get("/orders/count").get("orders").asInt());
                assertEquals("UP", app.schemaHealHealth().get("status").asText(), "healed: the health is UP again");

                JsonNode heals = app.get("/actuator/metrics/schemaheal.heals");
                assertEquals(1.0, heals.get("measurements").get(0).get("value").asDouble(), heals.toString());
                assertEquals(List.of("orders"), tagValues(heals, "table"));
                assertEquals(List.of("healed"), tagValues(heals, "outcome"));
                JsonNode recent = app.get("/actuator/schemaheal");
                assertTrue(recent.toString().contains("orders") && recent.toString().contains("healed"), recent.toString());
                assertEquals(1, db.count("SELECT count(*) FROM orders WHERE total = 30"));

                // lost again, and the request only reads, in Spring Data's read-only transaction: its query ran unguarded
                // (it had worked before) as the first of the transaction, so the transaction is begun again, the table
                // heals on a connection of its own (never written through the read-only transaction), and it reads on
                db.execute("DROP TABLE orders");
                assertEquals(0, app.get("/orders/count").get("orders").asInt(), "the first read-only request healed the table");
                assertEquals(migrated, db.schemaDump(), "exactly as migrated");
            }

            // lost again while the application was down: Hibernate's validate would stop the start-up ...
            db.execute("DROP TABLE orders");
            App.Failed failed = App.startExpectingFailure(db, "--schemaheal.heal-on-start=false");
            assertTrue(failed.log().contains("missing table [orders]"), "without heal-on-start, validate fails:\n" + failed.log());

            // ... and with heal-on-start (the sample's setting) the application starts, Flyway having nothing to do
            try (App app = App.start(db)) {
                assertEquals(0, app.get("/orders/count").get("orders").asInt());
                assertEquals(3, db.count("SELECT count(*) FROM flyway_schema_history WHERE success"));
                assertEquals(3, db.count("SELECT count(*) FROM schemaheal_history WHERE table_name = 'orders' "
                        + "AND outcome = 'healed' AND detail LIKE '%idx_orders_customer%'"), "each loss healed once, with its index");
            }
        }
    }

    @Test
    void withoutFlywayHealOnStartStillLetsHibernateValidate() throws Exception {
        try (Schema db = Schema.create()) {
            // an application that migrates by other means; its orders table was never created here
            db.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(80) NOT NULL)");
            db.execute("INSERT INTO customers (id, name) VALUES (1, 'Ann')");
            try (App app = App.start(db, "--spring.flyway.enabled=false")) {
                assertEquals("Ann", app.post("/orders?customer=1&total=12").get("customer").asText());
                assertEquals(0, db.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                        + db.name + "' AND table_name = 'flyway_schema_history'"), "Flyway did not run");
                assertEquals(1, db.count("SELECT count(*) FROM schemaheal_history WHERE table_name = 'orders' AND outcome = 'healed'"));
            }
        }
    }

    /**
     * The same executable jar with the starter switched off and the agent on: a Spring Boot fat jar (its
     * migrations on {@code classpath:} inside it), Hibernate, a {@code @Transactional} JPA write, connecting
     * as a role without superuser rights. A table lost behind the running application heals inside the
     * request's transaction, as that role, and the schema is then exactly the freshly migrated one
     * ({@code pg_dump --schema-only}, owners included); the heal line goes through the application's
     * Logback. Lost again while it is down, {@code schemaheal.heal-on-connect} lets Hibernate's validate pass.
     */
    @Test
    void underTheAgentAloneAsARoleWithoutSuperuserRightsALostTableHealsInsideTheRequest() throws Exception {
        Path agent = Path.of(System.getProperty("agent.jar", "../agent/target/schemaheal-agent.jar"));
        assertTrue(Files.isRegularFile(agent), "the agent jar " + agent + " (the agent module builds it first)");
        try (Schema db = Schema.create()) {
            String role = db.name + "_app";
            String password = "app-" + UUID.randomUUID();
            db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "' NOSUPERUSER; GRANT USAGE, CREATE ON SCHEMA "
                    + db.name + " TO " + role);
            try {
                String url = db.url.replaceFirst("user=postgres", "user=" + role + "&password=" + password);
                List<String> jvm = List.of("-javaagent:" + agent, "-Dschemaheal.migrations=classpath:db/migration/{vendor}");
                String[] args = {"--schemaheal.enabled=false"};
                try (App app = App.start(url, jvm, args)) {
                    assertEquals(0, app.get("/orders/count").get("orders").asInt());
                    String migrated = db.schemaDump();
                    db.execute("DROP TABLE orders");

                    JsonNode order = app.post("/orders?customer=1&total=30");
                    assertEquals(30, order.get("total").asInt(), "the @Transactional write succeeded: " + order);
                    assertEquals(migrated, db.schemaDump(), "exactly the freshly migrated schema, owners included");
                    assertEquals(1, db.count("SELECT count(*) FROM pg_tables WHERE schemaname = '" + db.name
                            + "' AND tablename = 'orders' AND tableowner = '" + role + "'"), "healed as the application's role");
                    String line = app.log().lines().filter(l -> l.contains("healed missing table orders")).findFirst().orElse("");
                    assertTrue(line.contains(" --- [") && line.contains("io.schemaheal"),
                            "the heal line went through the application's Logback (Boot's format): " + line);
                    // Hibernate 7 (Boot 4) itself prints the JDBC URL it was given, password and all: that line is not ours
                    String leak = app.log().lines().filter(l -> l.contains(password))
                            .filter(l -> !l.strip().startsWith("Database JDBC URL [")).findFirst().orElse(null);
                    assertNull(leak, "no password in the application's output (but Hibernate's own line of its URL)");

                    // JdbcTemplate's plain SQL on a column lost with its index (PostgreSQL drops the index with it)
                    db.execute("ALTER TABLE orders DROP COLUMN note");
                    JsonNode noted = app.post("/orders/" + order.get("id").asLong() + "/note?text=rush");
                    assertEquals(1, noted.get("updated").asInt(), "the JdbcTemplate update succeeded: " + noted);
                    assertEquals(migrated, db.schemaDump(), "the column and its index are back, as migrated");
                    assertEquals(1, db.count("SELECT count(*) FROM " + db.name + ".orders WHERE note = 'rush'"));

                    // Spring Data's read-only read of a lost table: a heal is never written through its read-only
                    // transaction; without a heal-user the agent opens a connection of its own as Hikari logged in (the
                    // application's role and password, seen at the driver's connect), and the first request reads
                    db.execute("DROP TABLE orders");
                    assertEquals(0, app.get("/orders/count").get("orders").asInt(), "the first read-only request healed the table");
                    assertEquals(migrated, db.schemaDump(), "exactly as migrated, owned by the application's role");
                    leak = app.log().lines().filter(l -> l.contains(password))
                            .filter(l -> !l.strip().startsWith("Database JDBC URL [")).findFirst().orElse(null);
                    assertNull(leak, "no password in the application's output after a heal on a connection of the agent's own");
                }
                db.execute("DROP TABLE orders");
                List<String> onConnect = new ArrayList<>(jvm);
                onConnect.add("-Dschemaheal.heal-on-connect=true");
                try (App app = App.start(url, onConnect, args)) {
                    assertEquals(0, app.get("/orders/count").get("orders").asInt(),
                            "lost while the application was down: Hibernate's validate passed");
                }
            } finally {
                db.execute("DROP SCHEMA " + db.name + " CASCADE; DROP ROLE " + role); // Schema.close then finds it gone
            }
        }
    }

    /**
     * Two tables lost at once, the parent with {@code CASCADE} (which takes the child's foreign key with it), under each
     * way in: the starter ({@code HealingDataSource}), the agent alone, and the bare proxy driver configured in Boot's
     * own properties ({@code jdbc:heal:} URL, the driver class, {@code schemaheal.*} keys as Hikari's data source
     * properties). The {@code @Transactional} write that needs both succeeds, both heal (the parent with its seed row),
     * and the schema is the freshly migrated one — except that the foreign key the child declared comes back
     * {@code NOT VALID} (its existing rows are never checked by a heal), the one difference {@code pg_dump} shows. The
     * application connects as a role without superuser rights; through the proxy driver, a table lost while it is
     * down heals at its first connection ({@code heal-on-connect}) before Hibernate validates.
     */
    @ParameterizedTest(name = "under the {0}")
    @ValueSource(strings = {"starter", "agent", "proxy driver"})
    void twoTablesLostAtOnceAndAParentDroppedWithCascadeHealUnderEachWayIn(String way) throws Exception {
        Path agent = Path.of(System.getProperty("agent.jar", "../agent/target/schemaheal-agent.jar"));
        try (Schema db = Schema.create()) {
            String role = db.name + "_app";
            String password = "app-" + UUID.randomUUID();
            db.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "' NOSUPERUSER; GRANT USAGE, CREATE ON SCHEMA "
                    + db.name + " TO " + role);
            String asRole = db.url.replaceFirst("user=postgres", "user=" + role + "&password=" + password);
            try {
                List<String> jvm = way.equals("agent")
                        ? List.of("-javaagent:" + agent, "-Dschemaheal.migrations=classpath:db/migration/{vendor}") : List.of();
                String url = way.equals("proxy driver") ? "jdbc:heal:" + asRole.substring("jdbc:".length()) : asRole;
                String[] args = switch (way) {
                    case "agent" -> new String[] {"--schemaheal.enabled=false"};
                    case "proxy driver" -> new String[] {"--schemaheal.enabled=false",
                            "--spring.datasource.driver-class-name=io.schemaheal.jdbc.HealingDriver",
                            "--spring.datasource.hikari.data-source-properties.schemaheal.migrations=classpath:db/migration/{vendor}"};
                    default -> new String[0];
                };
                try (App app = App.start(url, jvm, args)) {
                    String migrated = db.schemaDump();
                    db.execute("DROP TABLE orders; DROP TABLE customers CASCADE");
                    JsonNode order = app.post("/orders?customer=1&total=7");
                    assertEquals("Ann", order.get("customer").asText(), way + ": both healed inside the request: " + order);
                    assertEquals(migrated, db.schemaDump(), "both tables exactly as migrated");

                    db.execute("DROP TABLE customers CASCADE");
                    order = app.post("/orders?customer=1&total=8");
                    assertEquals(8, order.get("total").asInt(), order.toString());
                    assertEquals(migrated, db.schemaDump().replace(" NOT VALID;", ";"),
                            "as migrated, but for the child's foreign key, added back NOT VALID");
                    assertTrue(db.schemaDump().contains("REFERENCES " + db.name + ".customers(id) NOT VALID;"),
                            "the child's foreign key is back");
                    assertEquals(2, db.count("SELECT count(*) FROM orders"), "the child's rows were never touched");
                    String line = app.log().lines().filter(l -> l.contains("healed missing table customers")).findFirst().orElse("");
                    assertTrue(line.contains(" --- [") && line.contains("io.schemaheal"),
                            "the heal line went through the application's Logback: " + line);
                }
                if (way.equals("proxy driver")) {
                    // lost while the application is down: heal-on-connect, at the pool's first connection, lets validate pass
                    db.execute("DROP TABLE orders");
                    List<String> onConnect = new ArrayList<>(List.of(args));
                    onConnect.add("--spring.datasource.hikari.data-source-properties.schemaheal.heal-on-connect=true");
                    try (App app = App.start(url, jvm, onConnect.toArray(String[]::new))) {
                        assertEquals(0, app.get("/orders/count").get("orders").asInt(), "Hibernate's validate passed");
                    }
                }
            } finally {
                db.execute("DROP SCHEMA " + db.name + " CASCADE; DROP ROLE " + role); // Schema.close then finds it gone
            }
        }
    }

    /**
     * The same application on MariaDB (its {@code db/migration/mariadb} scripts, as Boot's Flyway reads
     * {@code {vendor}}), connecting as a user of its own, under the starter and under the agent alone (which opens its
     * heal's connection, needed inside a transaction where DDL commits, only as {@code schemaheal.heal-user}): a table
     * lost behind the running application heals inside the request's {@code @Transactional} write and in a Spring Data
     * read-only read, a column lost with its index heals on a {@code JdbcTemplate} update, each time exactly as
     * migrated ({@code SHOW CREATE TABLE}); lost while it is down, it is back before Hibernate validates.
     */
    @ParameterizedTest(name = "under the {0}")
    // the starter also with a heal user: behind HikariCP, which logs in only as its own account, the heal user logs in
    // with the URL the pool's connections report (every such heal failed before)
    @ValueSource(strings = {"starter", "starter with a heal user", "agent"})
    void onMariaDbALostTableAndColumnHealUnderTheStarterAndTheAgent(String way) throws Exception {
        Path agent = Path.of(System.getProperty("agent.jar", "../agent/target/schemaheal-agent.jar"));
        try (MariaDb db = MariaDb.create()) {
            List<String> jvm = way.equals("agent") ? List.of("-javaagent:" + agent,
                    "-Dschemaheal.migrations=classpath:db/migration/{vendor}", "-Dschemaheal.heal-user=" + db.user,
                    "-Dschemaheal.heal-password=" + db.password) : List.of();
            String[] args = switch (way) {
                case "agent" -> new String[] {"--schemaheal.enabled=false"};
                case "starter with a heal user" -> new String[] {"--schemaheal.heal-user=" + db.user,
                        "--schemaheal.heal-password=" + db.password};
                default -> new String[0];
            };
            long orderId;
            String migrated;
            try (App app = App.start(db.url, jvm, args)) {
                migrated = db.schema();
                db.execute("DROP TABLE orders");
                JsonNode order = app.post("/orders?customer=1&total=30");
                assertEquals("Ann", order.get("customer").asText(), way + ": the @Transactional write healed: " + order);
                assertEquals(migrated, db.schema(), way + ": exactly as migrated");

                db.execute("DROP TABLE orders");
                assertEquals(0, app.get("/orders/count").get("orders").asInt(), way + ": the read-only read healed");
                assertEquals(migrated, db.schema());

                orderId = app.post("/orders?customer=1&total=5").get("id").asLong();
                db.execute("ALTER TABLE orders DROP COLUMN note"); // its index goes with it
                assertEquals(1, app.post("/orders/" + orderId + "/note?text=rush").get("updated").asInt(), way);
                assertEquals(migrated, db.schema(), way + ": the column and its index are back");
                assertTrue(app.log().lines().noneMatch(l -> l.contains(db.password)), "no password in the output");
            }
            db.execute("DROP TABLE orders");
            List<String> onConnect = new ArrayList<>(jvm);
            if (way.equals("agent")) {
                onConnect.add("-Dschemaheal.heal-on-connect=true"); // the starter's sample has heal-on-start
            }
            try (App app = App.start(db.url, onConnect, args)) {
                assertEquals(0, app.get("/orders/count").get("orders").asInt(), way + ": validate passed");
                assertEquals(migrated, db.schema());
            }
        }
    }

    private static List<String> tagValues(JsonNode metric, String tag) {
        for (JsonNode t : metric.get("availableTags")) {
            if (t.get("tag").asText().equals(tag)) {
                List<String> values = new ArrayList<>();
                t.get("values").forEach(v -> values.add(v.asText()));
                return values;
            }
        }
        return List.of();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A schema of its own on the PostgreSQL server, dropped afterwards. */
    static final class Schema implements AutoCloseable {
        final String name = "sh_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        final String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;

        static Schema create() throws SQLException {
            try (Connection c = DriverManager.getConnection(PG_URL)) {
                Schema s = new Schema();
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE SCHEMA " + s.name);
                }
                return s;
            } catch (SQLException e) {
                String message = "PostgreSQL is not reachable at " + PG_URL + " (" + e.getMessage() + "); start it with "
                        + "'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' or point PG_TEST_URL "
                        + "at a server to run this test";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError("CI=true: " + message, e);
                }
                assumeTrue(false, message);
                throw e;
            }
        }

        /**
         * {@code pg_dump --schema-only} of this schema but SchemaHeal's history, owners included (its random {@code restrict} key
         * lines left out); the comparison is skipped where pg_dump is not installed.
         */
        String schemaDump() throws Exception {
            URI u = URI.create(PG_URL.substring("jdbc:".length()));
            Process p;
            try {
                p = new ProcessBuilder("pg_dump", "-h", u.getHost(), "-p", String.valueOf(u.getPort()), "-U", "postgres",
                        "--schema-only", "--schema=" + name, "--exclude-table=" + name + ".schemaheal_history*",
                        u.getPath().substring(1)).redirectErrorStream(true).start();
            } catch (IOException noPgDump) {
                assumeTrue(false, "pg_dump is not installed: " + noPgDump.getMessage());
                throw noPgDump;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            return String.join("\n", out.lines().filter(l -> !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict")).toList());
        }

        void execute(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }

        long count(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(PG_URL); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }

    /** A database of its own on the MariaDB server and a user of its own with all rights on it, both dropped afterwards. */
    static final class MariaDb implements AutoCloseable {
        final String name = "sh_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        final String user = name + "_app";
        final String password = "app-" + UUID.randomUUID();
        final String url;

        private MariaDb() {
            URI u = URI.create(MARIADB_URL.substring("jdbc:".length()));
            url = "jdbc:mariadb://" + u.getHost() + ":" + u.getPort() + "/" + name + "?user=" + user + "&password=" + password;
        }

        static MariaDb create() throws SQLException {
            MariaDb db = new MariaDb();
            try (Connection c = DriverManager.getConnection(MARIADB_URL); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + db.name);
                st.execute("CREATE USER '" + db.user + "'@'%' IDENTIFIED BY '" + db.password + "'");
                st.execute("GRANT ALL ON " + db.name + ".* TO '" + db.user + "'@'%'");
                return db;
            } catch (SQLException e) {
                String message = "MariaDB is not reachable at " + MARIADB_URL + " (" + e.getMessage() + "); start it "
                        + "(start-stop-daemon --start --background --exec /usr/sbin/mariadbd) or point MARIADB_TEST_URL at a server "
                        + "to run this test";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError("CI=true: " + message, e);
                }
                assumeTrue(false, message);
                throw e;
            }
        }

        /** {@code SHOW CREATE TABLE} of each of its tables but SchemaHeal's (its history and journal) and Flyway's, without the next AUTO_INCREMENT. */
        String schema() throws SQLException {
            StringBuilder out = new StringBuilder();
            try (Connection c = DriverManager.getConnection(MARIADB_URL); Statement st = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                        + name + "' AND table_name NOT IN ('schemaheal_history', 'schemaheal_history_journal', 'flyway_schema_history') ORDER BY table_name")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String t : tables) {
                    try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + name + "." + t)) {
                        rs.next();
                        out.append(rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", "")).append(";\n");
                    }
                }
            }
            return out.toString();
        }

        void execute(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(MARIADB_URL); Statement st = c.createStatement()) {
                st.execute("USE " + name);
                for (String one : sql.split(";")) {
                    if (!one.isBlank()) {
                        st.execute(one);
                    }
                }
            }
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(MARIADB_URL); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name);
                st.execute("DROP USER IF EXISTS '" + user + "'@'%'");
            }
        }
    }

    /** The executable jar running in a child JVM, its output collected. */
    static final class App implements AutoCloseable {
        record Failed(int exitCode, String log) {
        }

        private final Process process;
        private final int port;
        private final StringBuffer log = new StringBuffer();
        private static List<String> extracted; // this run's, made at the first start without the agent
        /**
         * A short-lived application: the client compiler alone and the serial collector start it sooner on two cores
         * (about 10 % here; nothing here measures its speed).
         */
        private static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

        private App(Process process, int port) {
            this.process = process;
            this.port = port;
            Thread drain = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        log.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
            drain.setDaemon(true);
            drain.start();
        }

        static App start(Schema db, String... args) throws Exception {
            return start(db.url, List.of(), args);
        }

        /** @param url the database URL; @param jvm options of the JVM (before {@code -jar}) */
        static App start(String url, List<String> jvm, String... args) throws Exception {
            App app = launch(url, jvm, args);
            while (true) {
                if (!app.process.isAlive()) {
                    app.process.waitFor();
                    throw new AssertionError("the application stopped (exit " + app.process.exitValue() + "):\n" + app.log);
                }
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(app.uri("/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return app;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        }

        static Failed startExpectingFailure(Schema db, String... args) throws Exception {
            App app = launch(db.url, List.of(), args);
            assertTrue(app.process.waitFor(120, TimeUnit.SECONDS), "the application did not stop:\n" + app.log);
            int exit = app.process.exitValue();
            Thread.sleep(200); // the last of its output
            assertNotEquals(0, exit, "the application started:\n" + app.log);
            return new Failed(exit, app.log.toString());
        }

        private static App launch(String url, List<String> jvm, String... args) throws IOException, InterruptedException {
            Path jar = Path.of(System.getProperty("sample.jar", "target/schemaheal-spring-boot-sample-exec.jar"));
            assertTrue(Files.isRegularFile(jar), "the executable jar " + jar + " (mvn package builds it)");
            // the agent's starts run the executable jar itself (the agent must find the drivers inside Boot's nested
            // jars, as a legacy application is run); the others its extracted form, the layout Boot's documentation
            // gives for production, with a class-data archive: each such start takes about half the processor time
            boolean agent = jvm.stream().anyMatch(o -> o.startsWith("-javaagent:"));
            List<String> run = agent ? List.of("-jar", jar.toString()) : extracted(jar);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = java();
            command.addAll(jvm);
            command.addAll(run);
            command.addAll(List.of("--server.port=" + port, "--spring.datasource.url=" + url));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new App(p, port);
        }

        /**
         * How a start without the agent runs the application: extracted once per run ({@code java -Djarmode=tools -jar
         * JAR extract}: the application's jar, its manifest naming its dependencies in {@code lib/} beside it), with a
         * class-data archive that a first start on a schema of its own wrote on its way out (the classes a start loads,
         * already parsed and verified; where that start fails, the starts run without one).
         */
        private static synchronized List<String> extracted(Path jar) throws IOException, InterruptedException {
            if (extracted != null) {
                return extracted;
            }
            Path dir = jar.resolveSibling("extracted");
            Path app = dir.resolve(jar.getFileName());
            List<String> extract = java();
            extract.addAll(List.of("-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination", dir.toString()));
            String out = tool(extract);
            assertTrue(Files.isRegularFile(app), "extracting " + jar + " made no " + app + ":\n" + out);
            Path archive = dir.resolve("application.jsa");
            Files.deleteIfExists(archive);
            try (Schema db = Schema.create()) {
                List<String> training = java();
                training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
                        app.toString(), "--server.port=0", "--spring.datasource.url=" + db.url));
                tool(training);
            } catch (Exception | AssertionError noArchive) {
                System.err.println("the starts run without a class-data archive: " + noArchive.getMessage());
            }
            extracted = Files.isRegularFile(archive)
                    ? List.of("-XX:SharedArchiveFile=" + archive, "-jar", app.toString()) : List.of("-jar", app.toString());
            return extracted;
        }

        /** This JVM's {@code java}, with the options of a short-lived application: a command to add to. */
        private static List<String> java() {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(SHORT_LIVED);
            return command;
        }

        /** Runs a command to its end (two minutes at most); its output, once it succeeded. */
        private static String tool(List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = p.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String text = out.join();
            assertTrue(done && p.exitValue() == 0, String.join(" ", command) + ":\n" + text);
            return text;
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        JsonNode get(String path) throws Exception {
            return send(HttpRequest.newBuilder(uri(path)).build(), path);
        }

        /** The status code of a GET. */
        int status(String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        }

        JsonNode post(String path) throws Exception {
            return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(), path);
        }

        /** /actuator/health, whatever its status code. */
        JsonNode health() throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        }

        /** The schemaheal component of /actuator/health. */
        JsonNode schemaHealHealth() throws Exception {
            JsonNode component = health().path("components").path("schemaheal");
            assertTrue(component.has("status"), "/actuator/health has a schemaheal component: " + component);
            return component;
        }

        String log() {
            return log.toString();
        }

        private JsonNode send(HttpRequest request, String path) throws Exception {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), path + ": " + r.body() + "\napplication log:\n" + log);
            return JSON.readTree(r.body());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: Boot shuts down gracefully
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
