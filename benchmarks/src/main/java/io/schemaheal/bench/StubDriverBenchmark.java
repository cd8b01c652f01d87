package io.schemaheal.bench;

import io.schemaheal.bench.stub.StubDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/** A driver that does nothing (as HikariCP's benchmark does): what remains is each wrapper's own cost, in nanoseconds. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StubDriverBenchmark {

    @Param({"raw", "schemaheal", "p6spy", "datasource-proxy"})
    public String variant;

    private Connection connection;
    private PreparedStatement select;
    private int id;

    @Setup
    public void setup() throws SQLException {
        connection = Variant.of(variant).wrap(new StubDataSource()).getConnection();
        select = connection.prepareStatement(HotPath.SELECT_BY_ID);
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
