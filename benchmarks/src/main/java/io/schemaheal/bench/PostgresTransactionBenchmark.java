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

/**
 * The savepoint strategy inside transactions: SchemaHeal takes a savepoint only until a statement's SQL
 * has succeeded once; pgjdbc's autosave=always takes one around every statement. Each transaction runs
 * 100 prepared selects, then commits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresTransactionBenchmark {

    @Param({"raw", "raw-autosave-always", "schemaheal"})
    public String variant;

    private Connection connection;
    private PreparedStatement select;
    private int id;

    @Setup
    public void setup() throws SQLException {
        boolean autosave = variant.equals("raw-autosave-always");
        Variant wrapper = variant.equals("schemaheal") ? Variant.SCHEMAHEAL : Variant.RAW;
        connection = wrapper.wrap(Postgres.dataSource(autosave ? "&autosave=always" : "")).getConnection();
        connection.setAutoCommit(false);
        select = connection.prepareStatement(HotPath.SELECT_BY_ID);
    }

    @TearDown
    public void close() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @Benchmark
    public String preparedSelectInTransaction() throws SQLException {
        id = id % HotPath.ROWS + 1;
        String name = HotPath.selectById(select, id);
        if (id % 100 == 0) {
            connection.commit();
        }
        return name;
    }
}
