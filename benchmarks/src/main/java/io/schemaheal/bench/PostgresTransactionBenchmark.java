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

    private PostgresTransactionLoop loop;

    @Setup
    public void setup() throws SQLException {
        boolean autosave = variant.equals("raw-autosave-always");
        Variant wrapper = variant.equals("schemaheal") ? Variant.SCHEMAHEAL : Variant.RAW;
        loop = new PostgresTransactionLoop(wrapper.wrap(Postgres.dataSource(autosave ? "&autosave=always" : "")));
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
