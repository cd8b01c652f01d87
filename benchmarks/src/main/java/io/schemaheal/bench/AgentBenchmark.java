package io.schemaheal.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * The raw driver, in a JVM with and without the agent (see {@link AgentOnBenchmark} and
 * {@link AgentOffBenchmark}): the cost of the advice woven into sqlite-jdbc's own classes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class AgentBenchmark {

    private Connection connection;
    private PreparedStatement select;
    private int id;

    @Setup
    public void setup() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        HotPath.fill(connection);
        select = connection.prepareStatement(HotPath.SELECT_BY_ID);
    }

    @TearDown
    public void close() throws SQLException {
        connection.close();
    }

    @Benchmark
    public String preparedSelect() throws SQLException {
        id = id % HotPath.ROWS + 1;
        return HotPath.selectById(select, id);
    }

    @Benchmark
    public int statementRoundTrip() throws SQLException {
        return HotPath.roundTrip(connection);
    }
}
