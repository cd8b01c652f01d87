package io.schemaheal.jdbc;

import io.schemaheal.heal.HealAttempt;
import io.schemaheal.heal.HealFailedException;
import io.schemaheal.heal.Healer;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A statement handed out by {@link HealingConnection}: every call goes straight to the driver's
 * statement; an {@code execute*} that fails goes to the {@link Healer}, which heals and runs it again.
 */
public class HealingStatement extends DelegatingStatement {

    final HealingConnection connection;
    final Healer healer;
    /** The wrapper of the last result set; it takes over the next one when it can (see {@link HealingResultSet#takeOver}). */
    private HealingResultSet resultSet;
    /** The SQL of {@link #addBatch(String)}, so that what a failed batch did not run can be run after a heal. */
    private List<String> batch;

    HealingStatement(HealingConnection connection, Statement delegate) {
        super(delegate);
        this.connection = connection;
        this.healer = connection.healer;
    }

    /**
     * Runs one of the statement's calls under SchemaHeal: a guard savepoint where one is needed, and a failure handed
     * to the healer, which heals and runs the call again or rethrows the application's own exception.
     */
    final <T> T healing(String sql, io.schemaheal.heal.SqlCall<T> call) throws SQLException {
        Savepoint guard = healer.calls().guard(sql);
        try {
            T result = call.call();
            healer.calls().passed(guard, sql);
            return result;
        } catch (SQLException e) {
            return healer.calls().recover(e, sql, guard, call);
        }
    }

    /**
     * Wraps a result set of this statement, so that its {@code getStatement()} is this wrapper: the last wrapper
     * when the driver handed out the same object again (sqlite-jdbc does), else a new one.
     */
    @Override
    final ResultSet wrap(ResultSet rs) {
        return wrap(rs, false);
    }

    /**
     * Wraps the result of an execution. Executing a statement closes its earlier results (JDBC), so a wrapper
     * that the application closed takes this result over, and executing again allocates nothing on drivers
     * that return a new result set every time (pgjdbc, MariaDB Connector/J).
     */
    final ResultSet wrapExecuted(ResultSet rs) {
        return wrap(rs, true);
    }

    private ResultSet wrap(ResultSet rs, boolean executed) {
        if (rs == null) {
            return null;
        }
        HealingResultSet w = resultSet;
        if (w != null && (w.delegate == rs || executed && w.takeOver(rs))) {
            return w;
        }
        w = new HealingResultSet(this, rs);
        resultSet = w;
        return w;
    }

    /**
     * A failed batch that cannot run again: heals what it was missing, so that the application's next attempt
     * works, and returns the original exception, with a note saying so when something was healed.
     */
    final SQLException healWithoutRerun(SQLException e, String sql, String why) throws SQLException {
        if (healer.calls().attempt(e).afterFailure(e, sql) instanceof HealAttempt.Next.Retry) {
            e.addSuppressed(new HealFailedException("SchemaHeal healed what the batch was missing, but did not run the "
                    + "batch again: " + why + "; run the batch again"));
        }
        return e;
    }

    /**
     * Runs again, after a heal, the statements of a failed batch that had not run, and adds their counts
     * to those that had. Statements that ran are never run twice; when the driver cannot say how many ran,
     * the original exception stands.
     */
    private final class BatchReplay {
        private final List<String> sqls;
        private int[] done = new int[0];

        BatchReplay(List<String> sqls) {
            this.sqls = sqls;
        }

        int[] recover(SQLException e) throws SQLException {
            if (!note(e)) {
                throw healWithoutRerun(e, sqls.get(0), "the driver does not say which of its statements ran");
            }
            return healer.calls().recover(e, sqls.get(done.length), this::runRest);
        }

        /** Counts what a failed batch ran; false when the driver cannot say. */
        private boolean note(SQLException e) {
            if (!(e instanceof BatchUpdateException bue)) {
                return false;
            }
            int ran = healer.batchStatementsDone(bue, sqls.size() - done.length);
            if (ran < 0) {
                return false;
            }
            int[] before = done;
            done = Arrays.copyOf(before, before.length + ran);
            int[] counts = bue.getUpdateCounts();
            for (int k = 0; k < ran && counts != null && k < counts.length; k++) {
                done[before.length + k] = counts[k];
            }
            return true;
        }

        private int[] runRest() throws SQLException {
            for (String sql : sqls.subList(done.length, sqls.size())) {
                delegate.addBatch(sql);
            }
            try {
                int[] rest = delegate.executeBatch();
                int[] all = Arrays.copyOf(done, done.length + rest.length);
                System.arraycopy(rest, 0, all, done.length, rest.length);
                return all;
            } catch (SQLException e) {
                if (!note(e)) {
                    // marked as handled, so the heal loop stops here instead of running statements twice
                    e.addSuppressed(new HealFailedException("the batch failed again after a heal and the driver does not "
                            + "say which of its statements ran; not run again"));
                }
                throw e;
            }
        }
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        delegate.addBatch(sql);
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        delegate.clearBatch();
        batch = null;
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return healing(sql, () -> delegate.execute(sql, columnIndexes));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return healing(sql, () -> delegate.execute(sql, columnNames));
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return healing(sql, () -> delegate.execute(sql, autoGeneratedKeys));
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return healing(sql, () -> delegate.execute(sql));
    }

    @Override
    public int[] executeBatch() throws SQLException {
        List<String> sqls = batch;
        batch = null;
        try {
            return delegate.executeBatch();
        } catch (SQLException e) {
            if (sqls == null) {
                throw e;
            }
            return new BatchReplay(sqls).recover(e);
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        List<String> sqls = batch;
        batch = null;
        try {
            return delegate.executeLargeBatch();
        } catch (SQLException e) {
            if (sqls == null) {
                throw e;
            }
            int[] counts = new BatchReplay(sqls).recover(e);
            long[] large = new long[counts.length];
            for (int k = 0; k < counts.length; k++) {
                large[k] = counts[k];
            }
            return large;
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return healing(sql, () -> delegate.executeLargeUpdate(sql, columnIndexes));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return healing(sql, () -> delegate.executeLargeUpdate(sql, columnNames));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return healing(sql, () -> delegate.executeLargeUpdate(sql, autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return healing(sql, () -> delegate.executeLargeUpdate(sql));
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return wrapExecuted(healing(sql, () -> delegate.executeQuery(sql)));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return healing(sql, () -> delegate.executeUpdate(sql, columnIndexes));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return healing(sql, () -> delegate.executeUpdate(sql, columnNames));
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return healing(sql, () -> delegate.executeUpdate(sql, autoGeneratedKeys));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return healing(sql, () -> delegate.executeUpdate(sql));
    }

    @Override
    public Connection getConnection() {
        return connection;
    }
}
