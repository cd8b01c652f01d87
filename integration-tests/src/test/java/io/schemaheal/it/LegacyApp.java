package io.schemaheal.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "legacy" application that knows nothing of SchemaHeal, run as a child JVM with or without the
 * agent: plain JDBC URLs, no SchemaHeal classes. Arguments: mode, then the mode's arguments.
 * Prints what it did; exits 0 when everything it tried succeeded.
 */
public final class LegacyApp {

    static final String CHAT_QUERY = "SELECT * FROM chat_messages WHERE session_id = ?";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "chat" -> chat(args[1]);
            case "cast" -> cast(args[1]);
            case "hikari-sqlite" -> pool(sqlitePool(args[1]), Integer.parseInt(args[2]));
            case "hikari-postgres" -> pool(postgresPool(args[1]), Integer.parseInt(args[2]));
            case "datasource" -> datasource(args[1]);
            case "bytebuddy" -> byteBuddy();
            case "wait-then-chat" -> waitThenChat(args[1], Path.of(args[2]));
            case "query" -> query(args[1], args[2], args.length > 3 && args[3].equals("in-transaction"));
            case "prepared-query" -> preparedQuery(args[1], args[2], args.length > 3 && args[3].equals("in-transaction"));
            case "read-only-query" -> readOnlyQuery(args[1], args[2], args[3], args[4]);
            case "logback" -> logback(args[1], args[2]);
            case "closed-statement" -> closedStatement(args[1]);
            case "validate" -> validate(args[1]);
            case "pg-transaction" -> pgTransaction(args[1]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /**
     * A JPA-shaped write on PostgreSQL: in one transaction, a user, then two orders (a table that may be
     * missing) through prepared statements, then commit.
     */
    static void pgTransaction(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement u = c.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?)")) {
                u.setInt(1, 2);
                u.setString(2, "Bob");
                u.executeUpdate();
            }
            for (int id = 1; id <= 2; id++) {
                try (PreparedStatement o = c.prepareStatement("INSERT INTO orders (id, user_id, total) VALUES (?, ?, ?)")) {
                    o.setInt(1, id);
                    o.setInt(2, 2);
                    o.setInt(3, 10 * id);
                    o.executeUpdate();
                }
            }
            c.commit();
            System.out.println("transaction committed");
        }
    }

    /**
     * What Hibernate's {@code hbm2ddl.auto=validate} does at start-up: reads the catalog, runs no statement.
     * Prints whether chat_messages is there.
     */
    static void validate(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.getMetaData().getTables(null, null, "chat_messages", null)) {
            System.out.println(rs.next() ? "validate: chat_messages is there" : "validate: missing table [chat_messages]");
        }
    }

    /**
     * An application that chooses its Logback configuration in main(), before its first logger (as many
     * do), then logs a line and runs the chat query.
     */
    static void logback(String configuration, String db) throws SQLException {
        System.setProperty("logback.configurationFile", configuration);
        org.slf4j.LoggerFactory.getLogger("app").info("hello from app");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            query(c);
        }
    }

    /**
     * An everyday mistake: a statement used after it and its connection were closed (sqlite-jdbc runs a
     * closed statement of an open connection without complaint). The application handles the exception.
     */
    static void closedStatement(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        st.close();
        c.close();
        try {
            st.executeQuery("SELECT 1").close();
            System.out.println("no exception");
        } catch (SQLException e) {
            System.out.println("the application's exception: " + e.getMessage());
        }
    }

    /** Seed 000's chat engine, inside one transaction: an earlier write, the chat query, then chat writes. */
    static void chat(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            System.out.println("connection " + c.getClass().getName());
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO tasks (task_id, title) VALUES ('t1', 'earlier write')");
                query(c);
                st.executeUpdate("INSERT INTO chat_sessions (session_id, task_id) VALUES ('s1', 't1')");
                st.executeUpdate("INSERT INTO chat_messages (message_id, session_id, role, content) VALUES ('m1', 's1', 'user', 'hi')");
            }
            c.commit();
            System.out.println("transaction committed");
        }
    }

    static void query(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CHAT_QUERY)) {
            ps.setString(1, "session-1");
            try (ResultSet rs = ps.executeQuery()) {
                System.out.println("chat query ok, rows: " + (rs.next() ? "some" : "none"));
            }
        }
    }

    /** What runs the statement on a connection. */
    private interface Run {
        void on(Connection c, String sql) throws SQLException;
    }

    /**
     * One statement on a plain JDBC URL, in auto-commit mode or inside a transaction: prints "query ok", or the
     * exception with what is attached to it, and exits 1.
     */
    static void query(String url, String sql, boolean inTransaction) throws SQLException {
        run(url, sql, inTransaction, (c, q) -> {
            try (Statement st = c.createStatement()) {
                st.execute(q);
            }
        });
    }

    /** As {@link #query}, through a prepared statement (as Hibernate runs every query). */
    static void preparedQuery(String url, String sql, boolean inTransaction) throws SQLException {
        run(url, sql, inTransaction, (c, q) -> {
            try (PreparedStatement ps = c.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        });
    }

    /**
     * A prepared query in a read-only transaction, as Spring Data runs every repository read, logged in with a user and
     * password given as properties (as a pool passes them), not in the URL.
     */
    static void readOnlyQuery(String url, String sql, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                System.out.println("query ok");
            } catch (SQLException e) {
                System.out.println("query failed: " + e.getMessage());
                System.exit(1);
            }
            c.commit();
        }
    }

    private static void run(String url, String sql, boolean inTransaction, Run run) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(!inTransaction);
            try {
                run.on(c, sql);
                System.out.println("query ok");
            } catch (SQLException e) {
                System.out.println("query failed: " + e.getMessage());
                for (Throwable t : e.getSuppressed()) {
                    System.out.println("  suppressed: " + t.getMessage());
                }
                System.exit(1);
            }
            if (inTransaction) {
                c.commit();
            }
        }
    }

    /** Vendor casts and driver features work as without the agent. */
    static void cast(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            SQLiteConnection vendor = (SQLiteConnection) c;
            Function.create(vendor, "shout", new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    result(value_text(0).toUpperCase());
                }
            });
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT shout('healed')")) {
                rs.next();
                System.out.println("udf " + rs.getString(1));
            }
            query(c);
        }
    }

    static HikariDataSource sqlitePool(String db) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:sqlite:" + db);
        cfg.setMaximumPoolSize(8);
        return new HikariDataSource(cfg);
    }

    static HikariDataSource postgresPool(String url) {
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSourceClassName("org.postgresql.ds.PGSimpleDataSource");
        cfg.addDataSourceProperty("url", url);
        cfg.setMaximumPoolSize(8);
        return new HikariDataSource(cfg);
    }

    /** Threads writing through a pool while the table is missing, then more work on the same pool. */
    static void pool(HikariDataSource ds, int threads) throws Exception {
        AtomicInteger inserted = new AtomicInteger();
        List<Throwable> failures = Workers.run(threads, id -> {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO chat_messages (session_id, role, content) VALUES (?, 'user', 'hi')")) {
                ps.setString(1, "s" + id);
                inserted.addAndGet(ps.executeUpdate());
            }
        });
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM chat_messages")) {
            rs.next();
            System.out.println("pool still works, rows: " + rs.getInt(1));
        }
        ds.close();
        System.out.println("inserted " + inserted.get());
        failures.forEach(f -> f.printStackTrace(System.out));
        if (!failures.isEmpty()) {
            System.exit(1);
        }
    }

    static void datasource(String db) throws SQLException {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        try (Connection c = ds.getConnection()) {
            query(c);
        }
    }

    /** The application's own Byte Buddy (another version than the agent's) generates a class. */
    static void byteBuddy() throws Exception {
        Class<?> generated = new net.bytebuddy.ByteBuddy()
                .subclass(Object.class)
                .method(net.bytebuddy.matcher.ElementMatchers.named("toString"))
                .intercept(net.bytebuddy.implementation.FixedValue.value("made by the application's Byte Buddy"))
                .make()
                .load(LegacyApp.class.getClassLoader())
                .getLoaded();
        System.out.println(generated.getDeclaredConstructor().newInstance());
        System.out.println("byte buddy " + net.bytebuddy.ByteBuddy.class.getPackage().getImplementationVersion()
                + " from " + net.bytebuddy.ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath()
                .replaceAll(".*/", ""));
    }

    /** For attaching: prints its pid, waits until told, then runs the chat query. */
    static void waitThenChat(String db, Path go) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            System.out.println("ready " + ProcessHandle.current().pid());
            System.out.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(go) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            query(c);
        }
    }
}
