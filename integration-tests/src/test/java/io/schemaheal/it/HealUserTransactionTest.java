package io.schemaheal.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The usual production split on PostgreSQL: the tables belong to an owner role that migrates them
 * ({@code schemaheal.heal-user}), the application logs in as a role that may only read and write rows. Its
 * transaction inserts a user, then an order for that user into the lost {@code orders REFERENCES users}. The heal
 * runs on the owner's separate connection, and a foreign key to {@code users} would wait for the lock the
 * application's insert holds until its transaction ends, which it never does while it waits for the heal: the heal
 * makes {@code orders} without that key, the insert goes on, and the key is added (and the rows checked) as soon as
 * the transaction ends, committed or rolled back. The schema is then exactly what {@code psql} migrated.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealUserTransactionTest extends MigrationSetTest {

    static final String USERS = "CREATE TABLE users (id BIGSERIAL PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n";
    static final String ORDERS = "CREATE TABLE orders (id BIGSERIAL PRIMARY KEY,\n"
            + "  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n"
            + "  total INTEGER NOT NULL, CONSTRAINT orders_total_positive CHECK (total > 0));\n"
            + "CREATE INDEX orders_user ON orders (user_id);\n";

    /** The settings that heal the lost {@code orders}, and the schema as psql migrated it. */
    private record Lost(Properties settings, Map<String, String> migrated) {
    }

    /**
     * psql migrates users and orders as the owner, and orders is lost: the settings that heal it from the same scripts,
     * with {@code lockTimeout}, and the schema as it was migrated.
     */
    private Lost lostOrders(ServerDb db, Roles roles, String lockTimeout) throws Exception {
        String m = TestDatabase.migrations(dir.resolve("m"), "V1__users.sql", USERS, "V2__orders.sql", ORDERS);
        roles.migrate(dir, USERS, ORDERS);
        Map<String, String> migrated = SchemaSnapshot.of(db);
        db.execute("DROP TABLE orders");
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", m);
        p.setProperty("schemaheal.lock-timeout", lockTimeout);
        return new Lost(p, migrated);
    }

    /** An owner role that migrates, an application role that only reads and writes rows; dropped by {@link #close}. */
    record Roles(ServerDb db, String owner, String app, String password) implements AutoCloseable {

        static Roles create(ServerDb db) throws SQLException {
            Roles r = new Roles(db, SafetyTest.uniqueName("sh_own_"), SafetyTest.uniqueName("sh_app_"), "pw-" + UUID.randomUUID());
            String s = db.name;
            execute(db, "CREATE ROLE " + r.owner + " LOGIN PASSWORD '" + r.password + "' NOSUPERUSER",
                    "CREATE ROLE " + r.app + " LOGIN PASSWORD '" + r.password + "' NOSUPERUSER",
                    "GRANT USAGE, CREATE ON SCHEMA " + s + " TO " + r.owner,
                    "GRANT USAGE ON SCHEMA " + s + " TO " + r.app,
                    "ALTER DEFAULT PRIVILEGES FOR ROLE " + r.owner + " IN SCHEMA " + s
                            + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + r.app,
                    "ALTER DEFAULT PRIVILEGES FOR ROLE " + r.owner + " IN SCHEMA " + s + " GRANT USAGE, SELECT ON SEQUENCES TO " + r.app);
            return r;
        }

        /** Migrates {@code scripts} with psql, as the owner. */
        void migrate(Path dir, String... scripts) throws Exception {
            for (String script : scripts) {
                Path f = dir.resolve("as-owner-" + UUID.randomUUID() + ".sql");
                Files.writeString(f, "SET ROLE " + owner + ";\n" + script);
                RealClients.run(db, f);
            }
        }

        /** A HikariCP pool of the database logging in as {@code account}, as {@code set} configures it further. */
        com.zaxxer.hikari.HikariDataSource pool(String account, java.util.function.Consumer<com.zaxxer.hikari.HikariConfig> set) {
            com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
            pool.setJdbcUrl(urlWithoutUser());
            pool.setUsername(account);
            pool.setPassword(password);
            set.accept(pool);
            return new com.zaxxer.hikari.HikariDataSource(pool);
        }

        /** The database's URL without an account: each connection says whose it is. */
        String urlWithoutUser() {
            return db.url.replaceFirst("user=postgres&?", "");
        }

        @Override
        public void close() throws SQLException {
            String s = db.name;
            execute(db, "DROP SCHEMA IF EXISTS " + s + " CASCADE", "DROP OWNED BY " + owner + ", " + app,
                    "DROP ROLE " + owner, "DROP ROLE " + app);
        }

        private static void execute(ServerDb db, String... statements) throws SQLException {
            try (Connection c = DriverManager.getConnection(ServerDb.PG_URL); Statement st = c.createStatement()) {
                for (String sql : statements) {
                    st.execute(sql);
                }
            }
        }
    }

    /**
     * A pool that cannot log in as another account ({@code HikariDataSource.getConnection(user, password)} is not
     * supported), wrapped in a {@code HealingDataSource} (the Spring Boot starter's way): the heal-user's connection is
     * opened from the URL the pool's connections report, with the heal user's credentials, and the lost table comes back
     * owned by the owner role, exactly as psql migrated it. Before, every heal failed: "could not log in as
     * schemaheal.heal-user".
     */
    @org.junit.jupiter.api.Test
    void aPoolThatLogsInOnlyAsTheApplicationHealsAsTheHealUser() throws Exception {
        try (ServerDb db = ServerDb.postgres(); Roles roles = Roles.create(db)) {
            Lost lost = lostOrders(db, roles, "3s");
            Map<String, String> migrated = lost.migrated();
            Properties p = lost.settings();
            p.setProperty("schemaheal.heal-user", roles.owner());
            p.setProperty("schemaheal.heal-password", roles.password());
            try (com.zaxxer.hikari.HikariDataSource hikari = roles.pool(roles.app(), pool -> pool.setMaximumPoolSize(2))) {
                javax.sql.DataSource ds = new io.schemaheal.jdbc.HealingDataSource(hikari, p);
                try (Connection c = ds.getConnection()) {
                    assertEquals(List.of("0"), Queries.strings(c, "SELECT count(*) FROM orders"), "the lost table is back");
                }
            }
            assertEquals(List.of("healed"), db.strings("SELECT outcome FROM schemaheal_history WHERE table_name = 'orders'"));
            assertEquals(migrated, SchemaSnapshot.of(db), "exactly as psql migrated it, owned by the owner role");
        }
    }

    /**
     * A pool set to hand out read-only connections only (a reporting pool) is never written through: the heal would need
     * a connection of its own, and the pool's next one is read-only too. The application gets its exception with that
     * reason, and nothing is made. With a heal user, the heal logs in on its own and the table comes back.
     */
    @org.junit.jupiter.api.Test
    void aPoolOfReadOnlyConnectionsIsNeverWrittenThrough() throws Exception {
        try (ServerDb db = ServerDb.postgres(); Roles roles = Roles.create(db)) {
            Properties p = lostOrders(db, roles, "3s").settings();
            // as an account that could make the table: only the pool's promise stops it
            try (com.zaxxer.hikari.HikariDataSource hikari = roles.pool(roles.owner(), pool -> pool.setReadOnly(true))) {
                try (Connection c = new io.schemaheal.jdbc.HealingDataSource(hikari, p).getConnection();
                     Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT count(*) FROM orders").close());
                    assertEquals("42P01", e.getSQLState(), "the application's own exception");
                    String why = java.util.Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList().toString();
                    assertTrue(why.contains("marked read-only too") && why.contains("schemaheal.heal-user"), why);
                }
                assertEquals(List.of("users"), db.strings("SELECT table_name FROM information_schema.tables WHERE "
                        + "table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"), "nothing made");
                p.setProperty("schemaheal.heal-user", roles.owner());
                p.setProperty("schemaheal.heal-password", roles.password());
                try (Connection c = new io.schemaheal.jdbc.HealingDataSource(hikari, p).getConnection()) {
                    assertEquals(List.of("0"), Queries.strings(c, "SELECT count(*) FROM orders"), "healed as the heal user");
                }
            }
        }
    }

    /**
     * Every wait is bounded: a read-only transaction (Spring Data's reads) holds the pool's only connection, and the heal
     * needs one of its own from that pool, which would come only when the transaction ends, or after the pool's own
     * timeout (ten minutes here). The heal gives up within {@code schemaheal.lock-timeout}, the application gets its
     * exception with the reason, and once its transaction has ended the next read heals.
     */
    @org.junit.jupiter.api.Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHealNeverWaitsLongerThanTheLockTimeoutForAConnectionOfItsOwn() throws Exception {
        try (ServerDb db = ServerDb.postgres(); Roles roles = Roles.create(db)) {
            Properties p = lostOrders(db, roles, "2s").settings();
            try (com.zaxxer.hikari.HikariDataSource hikari = roles.pool(roles.owner(), pool -> {
                pool.setMaximumPoolSize(1);
                pool.setConnectionTimeout(600_000);
            })) {
                javax.sql.DataSource ds = new io.schemaheal.jdbc.HealingDataSource(hikari, p);
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    c.setReadOnly(true);
                    c.setAutoCommit(false);
                    SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT count(*) FROM orders").close());
                    assertEquals("42P01", e.getSQLState(), "the application's own exception");
                    String why = java.util.Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList().toString();
                    assertTrue(why.contains("no connection of its own within schemaheal.lock-timeout"), why);
                    c.rollback();
                    c.setReadOnly(false);
                }
                // the back-off after a failure of the moment (a second) is over: the registry's clock, not a wait
                io.schemaheal.registry.Registry.useClock(java.time.Clock.offset(java.time.Clock.systemUTC(),
                        java.time.Duration.ofMinutes(2)));
                try (Connection c = ds.getConnection()) {
                    assertEquals(List.of("0"), Queries.strings(c, "SELECT count(*) FROM orders"), "healed once the pool had one");
                } finally {
                    io.schemaheal.registry.Registry.useClock(java.time.Clock.systemUTC());
                }
            }
        }
    }

    /**
     * A data source that picks its database by the application's thread (a tenant's routing data source): the heal's
     * connection of its own, opened in a thread of its own so that its wait is bounded, would be the default tenant's
     * database, and a heal there would make the table in the wrong database. It is refused, saying so; with a heal user
     * (who logs in with the application connection's own URL) the tenant's table comes back in the tenant's database.
     */
    @org.junit.jupiter.api.Test
    void aConnectionOfItsOwnToAnotherDatabaseIsNeverWrittenThrough() throws Exception {
        String m = TestDatabase.migrations(dir.resolve("m"), "V1__users.sql", USERS, "V2__orders.sql", ORDERS);
        String tenant = SafetyTest.uniqueName("sh_tenant_");
        try (Connection admin = DriverManager.getConnection(ServerDb.PG_URL); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + tenant);
        }
        String tenantUrl = ServerDb.PG_URL.replaceFirst("/test\\?", "/" + tenant + "?");
        try {
            try (Connection c = DriverManager.getConnection(tenantUrl); Statement st = c.createStatement()) {
                st.execute(USERS);
            }
            ThreadLocal<String> current = new ThreadLocal<>();
            javax.sql.DataSource routing = new javax.sql.DataSource() {
                @Override public Connection getConnection() throws SQLException {
                    return DriverManager.getConnection(current.get() != null ? current.get() : ServerDb.PG_URL);
                }
                @Override public Connection getConnection(String u, String pw) throws SQLException {
                    throw new java.sql.SQLFeatureNotSupportedException();
                }
                @Override public java.io.PrintWriter getLogWriter() { return null; }
                @Override public void setLogWriter(java.io.PrintWriter out) { }
                @Override public void setLoginTimeout(int seconds) { }
                @Override public int getLoginTimeout() { return 0; }
                @Override public java.util.logging.Logger getParentLogger() { return null; }
                @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
                @Override public boolean isWrapperFor(Class<?> iface) { return false; }
            };
            Properties p = new Properties();
            p.setProperty("schemaheal.migrations", m);
            p.setProperty("schemaheal.lock-timeout", "3s");
            current.set(tenantUrl);
            try (Connection c = new io.schemaheal.jdbc.HealingDataSource(routing, p).getConnection(); Statement st = c.createStatement()) {
                c.setReadOnly(true);
                c.setAutoCommit(false);
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT count(*) FROM orders").close());
                String why = java.util.Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList().toString();
                assertTrue(why.contains("another database than the application's"), why);
                c.rollback();
            }
            try (Connection c = DriverManager.getConnection(ServerDb.PG_URL)) {
                assertEquals(List.of(), Queries.strings(c, "SELECT n.nspname FROM pg_class t JOIN pg_namespace n "
                        + "ON n.oid = t.relnamespace WHERE t.relname IN ('orders', 'schemaheal_history') AND n.nspname = 'public'"),
                        "nothing made in the default tenant's database");
            }
            p.setProperty("schemaheal.heal-user", "postgres");
            try (Connection c = new io.schemaheal.jdbc.HealingDataSource(routing, p).getConnection()) {
                c.setReadOnly(true);
                c.setAutoCommit(false);
                assertEquals(List.of("0"), Queries.strings(c, "SELECT count(*) FROM orders"), "healed in the tenant's database");
                c.rollback();
            } finally {
                current.remove();
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(ServerDb.PG_URL); Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + tenant + " WITH (FORCE)");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"commit", "rollback"})
    void aTransactionThatWroteTheParentHealsAsTheHealUser(String end) throws Exception {
        try (ServerDb db = ServerDb.postgres(); Roles roles = Roles.create(db)) {
            Lost lost = lostOrders(db, roles, "3s");
            Map<String, String> migrated = lost.migrated();
            Properties p = lost.settings();
            p.setProperty("user", roles.app());
            p.setProperty("password", roles.password());
            p.setProperty("schemaheal.heal-user", roles.owner());
            p.setProperty("schemaheal.heal-password", roles.password());
            try (Connection c = DriverManager.getConnection("jdbc:heal:" + roles.urlWithoutUser().substring("jdbc:".length()), p)) {
                c.setAutoCommit(false);
                String id = Queries.strings(c, "INSERT INTO users (email) VALUES ('ann@example.org') RETURNING id").get(0);
                try (Statement st = c.createStatement()) {
                    assertEquals(1, st.executeUpdate("INSERT INTO orders (user_id, total) VALUES (" + id + ", 30)"),
                            "the insert into the lost table succeeds inside the transaction that wrote its parent");
                }
                assertEquals(List.of(), db.strings("SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass "
                        + "AND contype = 'f'"), "no foreign key yet: users is locked by the transaction");
                if (end.equals("commit")) {
                    c.commit();
                } else {
                    c.rollback();
                }
            }
            assertEquals(end.equals("commit") ? 1 : 0, db.count("SELECT count(*) FROM orders"));
            assertEquals(List.of("healed", "completed"), db.strings("SELECT outcome FROM schemaheal_history "
                    + "WHERE table_name = 'orders' ORDER BY id"), "the table, then its foreign key once the transaction ended");
            SQLException orphan;
            try (Connection c = db.raw(); Statement st = c.createStatement()) {
                orphan = assertThrows(SQLException.class, () -> st.execute("INSERT INTO orders (user_id, total) VALUES (424242, 1)"));
            }
            assertEquals("23503", orphan.getSQLState(), "the foreign key holds: " + orphan.getMessage());
            db.execute("DELETE FROM orders; DELETE FROM users");
            assertEquals(migrated, SchemaSnapshot.of(db), "exactly as psql migrated it: the key validated, owned by the owner");
            String detail = String.join("\n", db.strings("SELECT detail FROM schemaheal_history"));
            assertTrue(!detail.contains("ann@example.org") && !detail.contains(roles.password()), detail);
        }
    }
}
