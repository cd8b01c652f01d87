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

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up of a Spring Boot application with and without the agent: the sample module's executable jar
 * (web, JPA with {@code ddl-auto=validate}, Flyway, HikariCP, PostgreSQL), started without its web server
 * so that it exits once its context is up. Its own SchemaHeal starter is switched off, so the agent is the
 * only difference. Its schema is migrated once, before the first shot: each shot validates it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SpringBootStartupPostgresBenchmark {

    static final String JAR = "spring-boot-sample/target/schemaheal-spring-boot-sample-0.1.0-SNAPSHOT-exec.jar";
    static final String SCHEMA = "schemaheal_boot_bench";

    @Param({"without-agent", "with-agent"})
    public String variant;

    @Setup(Level.Trial)
    public void migrated() throws Exception {
        if (!Files.isRegularFile(Path.of(JAR))) {
            throw new IllegalStateException(JAR + " is missing: build it with mvn -DskipTests package, from the repository root");
        }
        try (Connection c = DriverManager.getConnection(Postgres.URL); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA);
        }
        start(false); // Flyway builds the schema: every measured start finds it migrated
    }

    @Benchmark
    public int startUntilTheContextIsUp() throws Exception {
        return start(variant.equals("with-agent"));
    }

    private static int start(boolean agent) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (agent) {
            cmd.add(ChildJvm.AGENT);
            cmd.add("-Dschemaheal.migrations=classpath:db/migration");
        }
        cmd.add("-jar");
        cmd.add(JAR);
        cmd.add("--spring.main.web-application-type=none");
        cmd.add("--spring.datasource.url=" + Postgres.URL + (Postgres.URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        cmd.add("--schemaheal.enabled=false");
        cmd.add("--logging.level.root=WARN");
        return ChildJvm.run("the Spring Boot application", cmd);
    }
}
