package io.schemaheal.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/** The prepared primary-key select on PostgreSQL over loopback (benchmarks/run skips it when no server answers). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresBenchmark {

    @Param({"raw", "schemaheal", "p6spy", "datasource-proxy"})
    public String variant;

    private Connection connection;
    private PreparedStatement select;
    private int id;

    @Setup
    public void setup() throws SQLException {
        connection = Variant.of(variant).wrap(Postgres.dataSource("")).getConnection();
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
}
