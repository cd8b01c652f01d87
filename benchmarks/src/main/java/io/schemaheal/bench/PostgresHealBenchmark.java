package io.schemaheal.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Time to heal one missing table on PostgreSQL, proof included (the heal lock, the plan, the catalog and row
 * observation after every statement, the history row): a {@code chat_messages} table with a foreign key and an
 * index, dropped before every shot (on a connection opened before it; neither is measured; the heal history table
 * is there from the first shot on, as it is in a database that has healed before). {@code raw} is the
 * same work without SchemaHeal: the plain driver runs the migration's statements, then the query.
 * <p>{@code set}: {@code text}, the two scripts; {@code built-at-run-time}, a third script whose {@code DO} block runs
 * SQL it builds (an {@code ANALYZE} of the table), so the heal is checked against a replay of the whole set in a
 * scratch schema, rolled back. A replay is kept for the heals after it; here the manifest is read afresh before every
 * shot, so every heal replays: the cost of a first heal. {@code raw} runs that block too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PostgresHealBenchmark {

    /** A database of its own: its catalog is a new one's, not one that other runs have filled with dead rows. */
    private static final String DATABASE = "schemaheal_bench_heal";
    private static final String SESSIONS = "CREATE TABLE chat_sessions (session_id TEXT PRIMARY KEY, title TEXT)";
    private static final String[] MESSAGES = {
            "CREATE TABLE chat_messages (message_id TEXT PRIMARY KEY, session_id TEXT NOT NULL "
                    + "REFERENCES chat_sessions (session_id) ON DELETE CASCADE, role TEXT NOT NULL, content TEXT NOT NULL, "
                    + "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)",
            "CREATE INDEX idx_chat_messages_session ON chat_messages (session_id, created_at)"};
    private static final String BUILT = "DO $$ BEGIN EXECUTE 'ANALYZE ' || quote_ident('chat_messages'); END $$";
    private static final String QUERY = "SELECT count(*) FROM chat_messages WHERE session_id = 's1'";

    @Param({"raw", "schemaheal"})
    public String variant;

    @Param({"text", "built-at-run-time"})
    public String set;

    private Path dir;
    private String url;
    private Connection connection;

    @Setup(Level.Trial)
    public void migrations() throws Exception {
        dir = Files.createTempDirectory("schemaheal-bench-pg-heal-");
        Files.writeString(dir.resolve("V1__sessions.sql"), SESSIONS + ";\n");
        Files.writeString(dir.resolve("V2__messages.sql"), String.join(";\n", MESSAGES) + ";\n");
        if (builtAtRunTime()) {
            Files.writeString(dir.resolve("V3__analyze.sql"), BUILT + ";\n");
        }
        try (Connection c = DriverManager.getConnection(Postgres.URL); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is not answering at " + Postgres.URL + " (" + e.getMessage() + "): start "
                    + "it, set PG_BENCH_URL, or leave these benchmarks out with -e Postgres", e);
        }
        url = Postgres.URL.replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + DATABASE);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(SESSIONS);
            st.execute("INSERT INTO chat_sessions VALUES ('s1', 'kept')");
        }
    }

    @Setup(Level.Invocation)
    public void dropped() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS chat_messages"); // the history table stays, as it does between heals
        }
        if (builtAtRunTime()) {
            io.schemaheal.manifest.ManifestCache.clear(); // and with the manifest, the replay kept with it
        }
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", "filesystem:" + dir);
        connection = variant.equals("raw") ? DriverManager.getConnection(url)
                : DriverManager.getConnection("jdbc:heal:" + url.substring("jdbc:".length()), p);
    }

    @TearDown(Level.Invocation)
    public void close() throws SQLException {
        connection.close();
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection(Postgres.URL); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public long healOneTable() throws SQLException {
        try (Statement st = connection.createStatement()) {
            if (variant.equals("raw")) {
                for (String ddl : MESSAGES) {
                    st.execute(ddl);
                }
                if (builtAtRunTime()) {
                    st.execute(BUILT);
                }
            }
            try (ResultSet rs = st.executeQuery(QUERY)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private boolean builtAtRunTime() {
        return set.equals("built-at-run-time");
    }
}
