package io.schemaheal.demo;

import io.schemaheal.manifest.ManifestException;
import io.schemaheal.manifest.MigrationLocation;
import io.schemaheal.sql.ScriptStatement;
import io.schemaheal.sql.SqlLexer;
import io.schemaheal.sql.SqlParseException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Seed 000, rebuilt: an AgentOS {@code store/registry.sqlite} whose {@code schema_version} says 0.12.0
 * while the tables of {@code v08_chat.sql} were never created. The demo shows the chat engine's query
 * failing on the plain driver and succeeding through {@code jdbc:heal:sqlite:}.
 */
public final class AgentOsDemo {

    /** The AgentOS SQLite migrations v01…v12, shipped for the demo and the tests. */
    public static final String MIGRATIONS = "classpath:io/schemaheal/demo/agentos-sqlite";

    /** The chat engine's query (seed 000). */
    public static final String CHAT_QUERY = "SELECT * FROM chat_messages WHERE session_id = ?";

    private AgentOsDemo() {
    }

    /** Copies the AgentOS migrations into {@code dir} and returns it. */
    public static Path copyMigrations(Path dir) throws IOException, ManifestException {
        Files.createDirectories(dir);
        for (MigrationLocation.Resource r : MigrationLocation.parse(MIGRATIONS).read()) {
            Files.write(dir.resolve(r.name()), r.content());
        }
        return dir;
    }

    /**
     * Creates the drifted registry of seed 000 at {@code db}: every migration in {@code migrations} but
     * v08 applied, and {@code schema_version} holding only 0.10.0, 0.11.0 and 0.12.0.
     */
    public static void createDriftedRegistry(Path db, Path migrations) throws IOException, SQLException {
        Files.createDirectories(db.toAbsolutePath().getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Stream<Path> files = Files.list(migrations)) {
            List<Path> scripts = files.filter(f -> f.getFileName().toString().endsWith(".sql"))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString())).toList();
            for (Path script : scripts) {
                if (!script.getFileName().toString().startsWith("v08_")) {
                    execute(c, Files.readString(script, StandardCharsets.UTF_8));
                }
            }
            execute(c, """
                    CREATE TABLE schema_version (version TEXT PRIMARY KEY, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
                    INSERT INTO schema_version VALUES ('0.10.0', '2026-01-26 11:10:34');
                    INSERT INTO schema_version VALUES ('0.11.0', '2026-01-26 23:01:50');
                    INSERT INTO schema_version VALUES ('0.12.0', '2026-01-27 14:25:24');
                    """);
        }
    }

    /** Runs every statement of a script on a connection, in order (for fixtures; not used by healing). */
    public static void execute(Connection c, String script) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (ScriptStatement s : SqlLexer.split(script)) {
                st.execute(s.sql());
            }
        } catch (SqlParseException e) {
            throw new SQLException("cannot split script: " + e.getMessage(), e);
        }
    }

    /**
     * {@code ./schemaheal demo [--keep]}: exit 0 when the chat query failed on the plain driver and was healed
     * through SchemaHeal, 1 when not, 2 on an error.
     */
    public static void main(String[] args) {
        boolean keep = false;
        for (String a : args) {
            if (!a.equals("--keep")) {
                System.err.println("schemaheal demo: unexpected argument '" + a + "'; usage: schemaheal demo [--keep]");
                System.exit(2);
            }
            keep = true;
        }
        int code;
        try {
            code = run(System.out, keep);
        } catch (Exception e) {
            System.err.println("schemaheal demo: " + e);
            code = 2;
        }
        System.exit(code);
    }

    /** Runs the demo in a temporary folder, printing each step to {@code out}; 0 when the query was healed. */
    public static int run(PrintStream out, boolean keep) throws Exception {
        Path dir = Files.createTempDirectory("schemaheal-demo-");
        Path migrations = copyMigrations(dir.resolve("migrations"));
        Path registry = dir.resolve("store/registry.sqlite");
        createDriftedRegistry(registry, migrations);
        out.println("SchemaHeal demo: seed 000, rebuilt in " + dir);
        out.println();
        out.println("1. The drifted database: schema_version says the schema is current ...");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + registry)) {
            printQuery(out, c, "SELECT version, applied_at FROM schema_version ORDER BY version");
            out.println("   ... but v08_chat.sql never ran: "
                    + query(c, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'chat%'") + " chat tables.");
            out.println();
            out.println("2. The chat engine, on the plain driver (jdbc:sqlite:):");
            out.println("   " + CHAT_QUERY);
            try (PreparedStatement ps = c.prepareStatement(CHAT_QUERY)) {
                ps.setString(1, "session-1");
                ps.executeQuery().close();
                out.println("   unexpectedly succeeded");
                return 1;
            } catch (SQLException e) {
                out.println("   FAILS: " + e.getMessage());
            }
        }
        out.println();
        out.println("3. The same code through SchemaHeal (jdbc:heal:sqlite:, schemaheal.migrations=" + migrations + "):");
        Properties props = new Properties();
        props.setProperty("schemaheal.migrations", "filesystem:" + migrations);
        try (Connection c = DriverManager.getConnection("jdbc:heal:sqlite:" + registry, props)) {
            try (PreparedStatement ps = c.prepareStatement(CHAT_QUERY)) {
                ps.setString(1, "session-1");
                try (ResultSet rs = ps.executeQuery()) {
                    out.println("   succeeds: " + (rs.next() ? "rows" : "no rows yet") + " for session-1");
                }
            }
            execute(c, """
                    INSERT INTO chat_sessions (session_id, title) VALUES ('session-1', 'hello');
                    INSERT INTO chat_messages (message_id, session_id, role, content) VALUES ('m1', 'session-1', 'user', '你好');
                    """);
            try (PreparedStatement ps = c.prepareStatement(CHAT_QUERY)) {
                ps.setString(1, "session-1");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.println("   and the chat works: " + rs.getString("role") + " said " + rs.getString("content"));
                }
            }
            out.println();
            out.println("4. What SchemaHeal recorded (schemaheal_history):");
            printQuery(out, c, "SELECT table_name, migrations, statements_applied, statements_skipped, duration_ms, outcome "
                    + "FROM schemaheal_history ORDER BY id");
        }
        out.println();
        if (keep) {
            out.println("Kept " + dir + " (registry: " + registry + ")");
        } else {
            deleteTree(dir);
        }
        return 0;
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void printQuery(PrintStream out, Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder header = new StringBuilder("   ");
            for (int k = 1; k <= md.getColumnCount(); k++) {
                header.append(k > 1 ? " | " : "").append(md.getColumnLabel(k));
            }
            out.println(header);
            while (rs.next()) {
                StringBuilder row = new StringBuilder("   ");
                for (int k = 1; k <= md.getColumnCount(); k++) {
                    row.append(k > 1 ? " | " : "").append(rs.getString(k));
                }
                out.println(row);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
