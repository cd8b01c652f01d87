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
import org.sqlite.SQLiteDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/** The hot path on SQLite in memory, where a wrapper's overhead is most visible. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SqliteHotPathBenchmark {

    @Param({"raw", "schemaheal", "p6spy", "datasource-proxy"})
    public String variant;

    private Connection connection;
    private PreparedStatement select;
    private Connection batchConnection;
    private PreparedStatement insert;
    private int id;

    @Setup
    public void setup() throws SQLException {
        SQLiteDataSource raw = new SQLiteDataSource();
        raw.setUrl("jdbc:sqlite::memory:");
        connection = Variant.of(variant).wrap(raw).getConnection();
        HotPath.fill(connection);
        select = connection.prepareStatement(HotPath.SELECT_BY_ID);
        batchConnection = Variant.of(variant).wrap(raw).getConnection();
        HotPath.fill(batchConnection);
        batchConnection.setAutoCommit(false);
        insert = batchConnection.prepareStatement(HotPath.INSERT);
    }

    @TearDown
    public void close() throws SQLException {
        connection.close();
        batchConnection.close();
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

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int[] batchInsert100() throws SQLException {
        return HotPath.batch100(batchConnection, insert, HotPath.ROWS + 1);
    }
}
