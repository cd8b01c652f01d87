package io.schemaheal.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The unit in which one heal runs, holding the database's cross-process heal lock from {@link Dialect#begin}
 * until {@link #commit()} or {@link #rollback()}. {@link #close()} always runs last and never throws.
 */
public interface HealTransaction extends AutoCloseable {

    /** The connection to run the plan's statements on. */
    Connection connection();

    void commit() throws SQLException;

    void rollback() throws SQLException;

    @Override
    void close();
}
