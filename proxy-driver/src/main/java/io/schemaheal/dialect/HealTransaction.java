package io.schemaheal.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The unit in which one heal runs, holding the database's cross-process heal lock from {@link io.schemaheal.dialect.Transactions#begin}
 * until {@link #commit()} or {@link #rollback()}. {@link #close()} always runs last and never throws.
 */
public interface HealTransaction extends AutoCloseable {

    /** The connection to run the plan's statements on. */
    Connection connection();

    /**
     * Called before each statement of the plan: where the database bounds lock waits per statement (MariaDB),
     * the next one may wait only for what is left of {@code schemaheal.lock-timeout}.
     *
     * @throws SQLException with SQLState {@link io.schemaheal.dialect.DatabaseErrors#LOCK_NOT_AVAILABLE} when nothing is left
     */
    default void beforeStatement() throws SQLException {
    }

    /**
     * After a statement of the plan failed: true when it may run again, after the pause this has waited
     * (a lock the database would not queue for, while schemaheal.lock-timeout has time left).
     */
    default boolean again(SQLException failure) {
        return false;
    }

    void commit() throws SQLException;

    void rollback() throws SQLException;

    @Override
    void close();
}
