package io.schemaheal.bench;

import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL server the benchmarks use: PG_BENCH_URL, or this machine's; a schema of their own. */
final class Postgres {

    static final String URL = System.getenv().getOrDefault("PG_BENCH_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String SCHEMA = "schemaheal_bench";

    private Postgres() {
    }

    /** A DataSource on the benchmark schema, created and filled if needed. */
    static PGSimpleDataSource dataSource(String extraParameters) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        } catch (SQLException e) {
            // JMH reports this for the PostgreSQL benchmarks and goes on with the others
            throw new SQLException("PostgreSQL is not answering at " + URL + " (" + e.getMessage() + "): start it, set "
                    + "PG_BENCH_URL, or leave these benchmarks out with -e Postgres (benchmarks/run does when the server is down)", e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA + extraParameters);
        try (Connection c = ds.getConnection()) {
            HotPath.fill(c);
        }
        return ds;
    }
}
