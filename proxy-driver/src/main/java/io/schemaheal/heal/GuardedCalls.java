package io.schemaheal.heal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The application's calls on one connection, as its {@link Healer} sees them: before a statement, a guard savepoint
 * where the database needs one ({@link #guard}); after a failure, the retry loop ({@link #recover}), or an attempt the
 * agent drives ({@link #attempt}).
 */
public final class GuardedCalls {

    private final Healer healer;
    private final Connection connection;
    private final boolean guards;
    private final StatementGuards guarded;
    /** Whether the statement {@link #guard} was asked about last runs unguarded as the first of its transaction. */
    private boolean beginsTransaction;

    GuardedCalls(Healer healer, Connection connection, boolean guards, StatementGuards guarded) {
        this.healer = healer;
        this.connection = connection;
        this.guards = guards;
        this.guarded = guarded;
    }

    /**
     * Called before a statement runs: a savepoint where the database needs one for the statement to be
     * run again after a failure (see {@link io.schemaheal.dialect.Dialect#errorAbortsTransaction()}), else null. Pass it to {@link #passed} or
     * {@link #recover}.
     */
    public Savepoint guard(String sql) throws SQLException {
        beginsTransaction = false;
        if (!guards || connection.getAutoCommit()) {
            return null;
        }
        Savepoint savepoint = guarded.before(sql);
        beginsTransaction = savepoint == null && healer.dialect().transactions().transactionNotBegun(connection);
        return savepoint;
    }

    /** The guarded statement succeeded: its savepoint is released, and its SQL needs none again. */
    public void passed(Savepoint guard, String sql) throws SQLException {
        if (guard != null) {
            connection.releaseSavepoint(guard);
            guarded.remember(sql);
        }
    }

    /** {@link #recover(SQLException, String, Savepoint, SqlCall)} for a call that took no guard. */
    public <T> T recover(SQLException original, String sql, SqlCall<T> retry) throws SQLException {
        return recover(original, sql, null, retry, false);
    }

    /**
     * The retry loop, called with the exception a JDBC call threw. When it says a relation that the migrations own is
     * missing, heals it and returns the result of {@code retry}; otherwise throws {@code original}
     * untouched. A heal that fails throws the original exception with the reason suppressed on it. The call is the one
     * {@link #guard} was asked about last, and {@code guard} what it returned.
     */
    public <T> T recover(SQLException original, String sql, Savepoint guard, SqlCall<T> retry) throws SQLException {
        boolean began = beginsTransaction; // set only where guard took no savepoint
        beginsTransaction = false;
        return recover(original, sql, guard, retry, began);
    }

    /** @param began the call ran unguarded as the first statement of the application's transaction */
    private <T> T recover(SQLException original, String sql, Savepoint guard, SqlCall<T> retry, boolean began)
            throws SQLException {
        if (guard != null) {
            rollbackTo(guard, original);
        }
        // without a savepoint taken before it, a failure has aborted a PostgreSQL transaction for good
        HealAttempt attempt = new HealAttempt(healer, original,
                !guards || guard != null || connection.getAutoCommit(), true, began);
        SQLException failure = original;
        while (true) {
            if (attempt.afterFailure(failure, sql) instanceof HealAttempt.Next.Rethrow stop) {
                throw stop.exception();
            }
            Savepoint again = guard == null ? null : connection.setSavepoint();
            try {
                T result = retry.call();
                if (again != null) {
                    connection.releaseSavepoint(again);
                    if (!attempt.healedAnything()) {
                        guarded.remember(sql);
                    } // else the heal is part of the application's transaction: should it roll back, this SQL needs its guard
                }
                return result;
            } catch (SQLException e) {
                if (again != null) {
                    rollbackTo(again, e);
                }
                failure = e;
            }
        }
    }

    /** A new attempt at one application call whose first failure is {@code original} (the agent's entry point). */
    public HealAttempt attempt(SQLException original) throws SQLException {
        return attempt(original, null);
    }

    /**
     * As {@link #attempt(SQLException)}, for a call the agent ran under {@code guard} (see {@link #guard}): the
     * transaction is rolled back to it, so the failure has not aborted it, and the call can run again after
     * a heal, as under the proxy driver. The guard stays for the call's next run.
     */
    public HealAttempt attempt(SQLException original, Savepoint guard) throws SQLException {
        return attempt(original, guard, false);
    }

    /**
     * As {@link #attempt(SQLException, Savepoint)}; {@code began}: the call ran unguarded as the first statement of the
     * application's transaction (see {@link io.schemaheal.dialect.Dialect#transactionNotBegun}).
     */
    public HealAttempt attempt(SQLException original, Savepoint guard, boolean began) throws SQLException {
        if (guard != null) {
            connection.rollback(guard);
        }
        return new HealAttempt(healer, original, guard != null || !guards || connection.getAutoCommit(), guard != null,
                began && guard == null);
    }

    /** Undoes the failed statement and lets the savepoint go, so a long transaction does not collect them. */
    private void rollbackTo(Savepoint savepoint, SQLException failure) {
        try {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** The statement's transaction was aborted before it could heal: it runs under a guard again next time. */
    void forget(String sql) {
        guarded.forget(sql);
    }
}
