package io.schemaheal.bench;

import io.schemaheal.demo.AgentOsDemo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Time to heal one missing table in a SQLite file: seed 000's chat query on a registry whose v08
 * tables are missing (a fresh file for every shot; building it is not measured).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HealBenchmark {

    private Path dir;
    private Path migrations;
    private Connection connection;

    @Setup(Level.Trial)
    public void migrations() throws Exception {
        dir = Files.createTempDirectory("schemaheal-bench-heal-");
        migrations = AgentOsDemo.copyMigrations(dir.resolve("migrations"));
    }

    @Setup(Level.Invocation)
    public void driftedRegistry() throws Exception {
        Path db = dir.resolve("registry.sqlite");
        Files.deleteIfExists(db);
        AgentOsDemo.createDriftedRegistry(db, migrations);
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", "filesystem:" + migrations);
        connection = DriverManager.getConnection("jdbc:heal:sqlite:" + db, p);
    }

    @TearDown(Level.Invocation)
    public void close() throws SQLException {
        connection.close();
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public boolean healOneTable() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(AgentOsDemo.CHAT_QUERY)) {
            ps.setString(1, "s1");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
