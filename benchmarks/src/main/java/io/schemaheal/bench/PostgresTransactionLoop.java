package io.schemaheal.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The work of the PostgreSQL transaction benchmarks: prepared selects by id on one connection inside
 * transactions of 100 selects each, then commit.
 */
final class PostgresTransactionLoop {

    private final Connection connection;
    private final PreparedStatement select;
    private int id;

    PostgresTransactionLoop(DataSource ds) throws SQLException {
        connection = ds.getConnection();
        connection.setAutoCommit(false);
        select = connection.prepareStatement(HotPath.SELECT_BY_ID);
    }

    String next() throws SQLException {
        id = id % HotPath.ROWS + 1;
        String name = HotPath.selectById(select, id);
        if (id % 100 == 0) {
            connection.commit();
        }
        return name;
    }

    void close() throws SQLException {
        connection.rollback();
        connection.close();
    }
}
