package io.schemaheal.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * pgjdbc inside a transaction, in a JVM with and without the agent (see {@link AgentPostgresOnBenchmark}
 * and {@link AgentPostgresOffBenchmark}): the cost of the guard check the agent adds before each execution
 * (the SQL read from the driver's statement, one lookup; a savepoint only until the SQL has run once).
 * Each transaction runs 100 prepared selects, then commits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public abstract class AgentPostgresBenchmark {

    private PostgresTransactionLoop loop;

    @Setup
    public void setup() throws SQLException {
        loop = new PostgresTransactionLoop(Postgres.dataSource(""));
    }

    @TearDown
    public void close() throws SQLException {
        loop.close();
    }

    @Benchmark
    public String preparedSelectInTransaction() throws SQLException {
        return loop.next();
    }
}
