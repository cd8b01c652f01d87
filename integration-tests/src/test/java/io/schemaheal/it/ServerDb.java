package io.schemaheal.it;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A fresh database on a real server for one test: a schema of its own on PostgreSQL (the connection's
 * search_path), a database of its own on MariaDB. Server URLs come from PG_TEST_URL and MARIADB_TEST_URL,
 * defaulting to this machine's servers; when a server does not answer, the test is skipped with a
 * message that says how to run it.
 */
final class ServerDb implements TestDatabase {

    enum Kind { POSTGRESQL, MARIADB }

    static final String PG_URL = env("PG_TEST_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String MARIADB_URL = env("MARIADB_TEST_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");

    final Kind kind;
    final String name;
    /** The real URL of this test's database or schema. */
    final String url;
    /** PostgreSQL: the database its schema is in (the server URL's, or one of its own); MariaDB: its name. */
    final String database;
    /** PostgreSQL: whether the database is this test's own, dropped with it. */
    private final boolean ownDatabase;

    private ServerDb(Kind kind, String name, String url, String database, boolean ownDatabase) {
        this.kind = kind;
        this.name = name;
        this.url = url;
        this.database = database;
        this.ownDatabase = ownDatabase;
    }

    static ServerDb postgres() throws SQLException {
        requirePostgres();
        String schema = newName();
        try (Connection c = DriverManager.getConnection(PG_URL); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return new ServerDb(Kind.POSTGRESQL, schema, PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                databaseOf(PG_URL), false);
    }

    /**
     * A database of its own on PostgreSQL, with a schema of the same name in it: for a real-world set whose scripts ask
     * the whole database's catalog (Mattermost's {@code DO} blocks look a constraint's name up in every schema), which a
     * test running the same set beside this one, in the other JVM, would answer. Elsewhere {@link #of}.
     */
    static ServerDb alone(Kind kind) throws SQLException {
        if (kind == Kind.MARIADB) {
            return mariadb();
        }
        requirePostgres();
        String name = newName();
        try (Connection c = DriverManager.getConnection(PG_URL); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String base = PG_URL.replaceFirst("^(jdbc:postgresql://[^/?]*/)[^?]*", "$1" + name);
        try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
        }
        return new ServerDb(Kind.POSTGRESQL, name, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name, name, true);
    }

    static ServerDb mariadb() throws SQLException {
        requireServer(MARIADB_URL, "MariaDB", "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd", "MARIADB_TEST_URL");
        String db = newName();
        try (Connection c = DriverManager.getConnection(MARIADB_URL); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        return new ServerDb(Kind.MARIADB, db, MARIADB_URL.replaceFirst("/test(\\?|$)", "/" + db + "$1"), db, false);
    }

    /** A database or schema another test made (its {@link #close} drops it: that test's to call). */
    static ServerDb existing(Kind kind, String name, String url) {
        return new ServerDb(kind, name, url, kind == Kind.MARIADB ? name : databaseOf(url), false);
    }

    /** A new name for a test's schema or database. */
    private static String newName() {
        return "sh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The database a PostgreSQL URL names. */
    private static String databaseOf(String url) {
        return URI.create(url.substring("jdbc:".length())).getPath().substring(1);
    }

    private static void requirePostgres() {
        requireServer(PG_URL, "PostgreSQL", "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", "PG_TEST_URL");
    }

    static ServerDb of(Kind kind) throws SQLException {
        return kind == Kind.POSTGRESQL ? postgres() : mariadb();
    }

    /** Skips the test when the server is not there, except under CI=true, where a missing server fails it. */
    private static void requireServer(String url, String what, String start, String variable) {
        try (Connection ignored = DriverManager.getConnection(url)) {
            return;
        } catch (SQLException e) {
            String message = what + " is not reachable at " + url + " (" + e.getMessage() + "); start it with '" + start
                    + "' or point " + variable + " at a server to run this test";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true: " + message, e);
            }
            assumeTrue(false, message);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public String kind() {
        return kind == Kind.POSTGRESQL ? "postgresql" : "mariadb";
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public Connection raw() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** The same database through SchemaHeal. */
    @Override
    public Connection heal(String migrations, String... moreProperties) throws SQLException {
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", migrations);
        for (int i = 0; i < moreProperties.length; i += 2) {
            p.setProperty(moreProperties[i], moreProperties[i + 1]);
        }
        return DriverManager.getConnection("jdbc:heal:" + url.substring("jdbc:".length()), p);
    }

    /** One connection for the tests' own read-only questions ({@link #count}, {@link #strings}), opened once. */
    private Connection helper;

    private Connection helper() throws SQLException {
        if (helper == null || helper.isClosed()) {
            helper = raw();
        }
        return helper;
    }

    long count(String sql, Object... args) throws SQLException {
        return Queries.count(helper(), sql, args);
    }

    boolean hasTable(String table) throws SQLException {
        return count("SELECT count(*) FROM information_schema.tables WHERE table_schema = " + schemaExpr()
                + " AND table_name = ?", table) > 0;
    }

    List<String> columns(String table) throws SQLException {
        return strings("SELECT column_name FROM information_schema.columns WHERE table_schema = " + schemaExpr()
                + " AND table_name = ? ORDER BY ordinal_position", table);
    }

    List<String> historyTables() throws SQLException {
        return strings("SELECT table_name FROM schemaheal_history WHERE outcome = ? ORDER BY id", "healed");
    }

    List<String> strings(String sql, Object... args) throws SQLException {
        return Queries.strings(helper(), sql, args);
    }

    /**
     * The scratch schemas (PostgreSQL: any on the server; a replay's is never committed) or the scratch databases for
     * this database (MariaDB: {@code schemaheal_scratch_<CRC-32 of its name>_...}, so a replay of a test running
     * beside this one is not counted) that are on the server now.
     */
    List<String> scratchAreas() throws SQLException {
        if (kind == Kind.POSTGRESQL) {
            return strings("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'schemaheal\\_scratch\\_%'");
        }
        return strings("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE ?",
                scratchPrefix(name).replace("_", "\\_") + "%");
    }

    /** How the names of MariaDB's scratch databases for the database {@code live} begin: its name's CRC-32 says it. */
    static String scratchPrefix(String live) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(live.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "schemaheal_scratch_" + String.format("%08x", crc.getValue()) + "_";
    }

    private String schemaExpr() {
        return kind == Kind.POSTGRESQL ? "current_schema()" : "DATABASE()";
    }

    @Override
    public void close() throws SQLException {
        if (helper != null) {
            helper.close();
        }
        String admin = kind == Kind.POSTGRESQL ? PG_URL : MARIADB_URL;
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            // a database of its own goes with whatever connections a heal may still hold to it
            st.execute(kind == Kind.MARIADB ? "DROP DATABASE IF EXISTS " + name : ownDatabase
                    ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)" : "DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }

    /** Lower-case a table name as the tests write it. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Catalog facts that make a PostgreSQL table what it is: columns with types and defaults, indexes, constraints. */
    Map<String, List<String>> pgShape(String table) throws SQLException {
        return Map.of(
                "columns", strings("SELECT column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') "
                        + "|| ' null=' || is_nullable || ' default=' || coalesce(column_default, '') FROM information_schema.columns "
                        + "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", table),
                "indexes", strings("SELECT indexname || ': ' || regexp_replace(indexdef, '\\m" + name + "\\.', '', 'g') FROM pg_indexes "
                        + "WHERE schemaname = current_schema() AND tablename = ? ORDER BY indexname", table),
                "constraints", strings("SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint "
                        + "WHERE conrelid = to_regclass(?) ORDER BY conname", table));
    }
}
