package io.schemaheal.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A database server of the test's own, in a temporary folder on a free port, that takes nobody's writes: a MariaDB
 * started {@code --read-only}, or a PostgreSQL standby (a cluster restarted with {@code standby.signal}). The shared
 * servers' settings are never touched. Started and stopped by the test; where the server's programs are not installed
 * the test is skipped saying so (under CI=true: fails).
 */
final class ThrowawayServer implements AutoCloseable {

    final String url;
    private final List<String> stop;
    private final Process process;
    /** A folder of its own to remove when it stops, or null. */
    private Path remove;
    /** A MariaDB server's port, and its URL as root without a database (the database {@code test} may not be there yet). */
    private int port;
    private String rootUrl;

    private ThrowawayServer(String url, List<String> stop, Process process) {
        this.url = url;
        this.stop = stop;
        this.process = process;
    }

    /** A MariaDB server started {@code --read-only}, with {@code setup} run first as root (whom read-only does not bind). */
    static ThrowawayServer mariadbReadOnly(Path dir, String... setup) throws Exception {
        ThrowawayServer server = mariadb(dir.resolve("read-only"), "--read-only");
        List<String> statements = new ArrayList<>(List.of("CREATE DATABASE test", "USE test"));
        statements.addAll(List.of(setup));
        server.execute(statements.toArray(new String[0]));
        return server;
    }

    /** A MariaDB server with its binary log on, for {@link #mariadbReplicaOf} to follow; its database {@code test} is made. */
    static ThrowawayServer mariadbPrimary(Path dir) throws Exception {
        ThrowawayServer server = mariadb(dir.resolve("primary"), "--server-id=1", "--log-bin=primary-bin", "--binlog-format=ROW");
        server.execute("CREATE DATABASE test");
        return server;
    }

    /**
     * A MariaDB server that replicates {@code primary} from its first statement on, and is not read-only (MariaDB's
     * replicas are not, unless told). Returned once it replicates.
     */
    static ThrowawayServer mariadbReplicaOf(ThrowawayServer primary, Path dir) throws Exception {
        ThrowawayServer server = mariadb(dir.resolve("replica"), "--server-id=2", "--relay-log=replica-relay");
        server.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + primary.port + ", MASTER_USER = 'root', "
                + "MASTER_PASSWORD = '', MASTER_USE_GTID = slave_pos", "START SLAVE");
        return server;
    }

    /** Waits until {@code test.table} is there (a replica: until it has replicated it); the test's @Timeout bounds this. */
    void awaitTable(String table) throws Exception {
        while (true) {
            try (Connection c = DriverManager.getConnection(rootUrl);
                 java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.tables "
                         + "WHERE table_schema = 'test' AND table_name = ?")) {
                ps.setString(1, table);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
    }

    /** Runs {@code statements} as root on this server (its database {@code test} once made), on one connection. */
    void execute(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(rootUrl); java.sql.Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** A MariaDB server of its own in {@code dir} on a free port, started with {@code options}; answering when returned. */
    private static ThrowawayServer mariadb(Path dir, String... options) throws Exception {
        require("/usr/bin/mariadb-install-db", "/usr/sbin/mariadbd");
        Path data = Files.createDirectories(dir.resolve("mariadb-data"));
        run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=root", "--auth-root-authentication-method=normal",
                "--skip-test-db"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--datadir=" + data, "--user=root",
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + data.resolve("mariadb.sock"),
                "--pid-file=" + data.resolve("pid")));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("mariadb.log").toFile()).start();
        ThrowawayServer server = new ThrowawayServer("jdbc:mariadb://127.0.0.1:" + port + "/test?user=root&password=", List.of(), p);
        server.port = port;
        server.rootUrl = "jdbc:mariadb://127.0.0.1:" + port + "/?user=root&password=";
        server.awaitUp(server.rootUrl, dir.resolve("mariadb.log"));
        return server;
    }

    /**
     * A PostgreSQL standby: a cluster of its own (initdb, as the postgres account), {@code setup} run while it is a
     * primary, then restarted in standby mode (no primary to follow: it stays in recovery, and answers reads).
     */
    static ThrowawayServer postgresStandby(Path dir, String... setup) throws Exception {
        Path bin;
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))).sorted()
                    .reduce((a, b) -> b).orElse(Path.of("/usr/lib/postgresql/none/bin"));
        } catch (IOException none) {
            bin = Path.of("/usr/lib/postgresql/none/bin");
        }
        require(bin.resolve("initdb").toString(), bin.resolve("pg_ctl").toString(), "/usr/sbin/runuser");
        // a folder the postgres account can reach (the test's own temporary folder is its owner's alone)
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "schemaheal-standby-",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        Path data = dir.resolve("pg-data");
        run(List.of("chown", "postgres", dir.toString()));
        int port = freePort();
        List<String> asPostgres = List.of("runuser", "-u", "postgres", "--");
        List<String> initdb = new ArrayList<>(asPostgres);
        initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres"));
        run(initdb);
        List<String> start = new ArrayList<>(asPostgres);
        start.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "30", "-l",
                dir.resolve("pg.log").toString(), "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"));
        List<String> stop = new ArrayList<>(asPostgres);
        stop.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "30", "-m", "fast", "stop"));
        run(start);
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        try (Connection c = DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
            for (String sql : setup) {
                st.execute(sql);
            }
        }
        run(stop);
        run(List.of("runuser", "-u", "postgres", "--", "touch", data.resolve("standby.signal").toString()));
        run(start);
        ThrowawayServer server = new ThrowawayServer(url, stop, null);
        server.remove = dir;
        return server;
    }

    private void awaitUp(String url, Path log) throws Exception {
        for (int i = 0; i < 300; i++) { // the test's @Timeout bounds this too
            try (Connection ignored = DriverManager.getConnection(url)) {
                return;
            } catch (SQLException notYet) {
                if (process != null && !process.isAlive()) {
                    throw new AssertionError("the throwaway server stopped: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the throwaway server did not answer within 30 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void require(String... programs) {
        for (String p : programs) {
            if (!Files.isExecutable(Path.of(p))) {
                String message = p + " is not installed: install the database server's package to run this test";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError("CI=true: " + message);
                }
                assumeTrue(false, message);
            }
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        if (!stop.isEmpty()) {
            run(stop);
        }
        if (remove != null) {
            run(List.of("rm", "-rf", remove.toString()));
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
