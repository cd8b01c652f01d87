package io.schemaheal.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JVM start-up with and without the agent: a child JVM that opens a SQLite connection, runs one query
 * and exits ({@link StartupMain}). The agent reads and indexes the AgentOS migrations at start-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {

    /** With the agent: healing; switched off by {@code schemaheal.mode=off}; given no configuration at all. */
    @Param({"without-agent", "with-agent", "agent-mode-off", "agent-unconfigured"})
    public String variant;

    @Benchmark
    public int jvmStartAndFirstQuery() throws Exception {
        List<String> cmd = new ArrayList<>();
        if (!variant.equals("without-agent")) {
            cmd.add(ChildJvm.AGENT);
        }
        if (variant.equals("with-agent") || variant.equals("agent-mode-off")) {
            cmd.add("-Dschemaheal.migrations=classpath:io/schemaheal/demo/agentos-sqlite");
        }
        if (variant.equals("agent-mode-off")) {
            cmd.add("-Dschemaheal.mode=off");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StartupMain.class.getName());
        return ChildJvm.run("the child JVM", cmd);
    }
}
