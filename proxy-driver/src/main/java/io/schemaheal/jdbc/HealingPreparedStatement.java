package io.schemaheal.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A prepared statement handed out by {@link HealingConnection}; its executions heal as a statement's do, and
 * everything else goes straight to the driver's (see {@link DelegatingPreparedStatement}).
 */
public class HealingPreparedStatement extends DelegatingPreparedStatement {

    /** The SQL it was prepared with: what the healer reads when an execution fails. */
    final String sql;

    HealingPreparedStatement(HealingConnection connection, PreparedStatement delegate, String sql) {
        super(connection, delegate);
        this.sql = sql;
    }

    /** A failed batch is healed but not run again: the driver has dropped its parameter sets, and keeping a copy would cost every addBatch. */
    private static final String BATCH_GONE = "the driver has discarded its parameters";

    @Override
    public int[] executeBatch() throws SQLException {
        try {
            return statement.executeBatch();
        } catch (SQLException e) {
            throw healWithoutRerun(e, sql, BATCH_GONE);
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        try {
            return statement.executeLargeBatch();
        } catch (SQLException e) {
            throw healWithoutRerun(e, sql, BATCH_GONE);
        }
    }

    @Override
    public boolean execute() throws SQLException {
        return healing(sql, () -> statement.execute());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return healing(sql, () -> statement.executeLargeUpdate());
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return wrapExecuted(healing(sql, () -> statement.executeQuery()));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return healing(sql, () -> statement.executeUpdate());
    }
}
