package io.schemaheal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set of a SchemaHeal statement: it delegates everything, and {@link #getStatement()} is the wrapper
 * (null for the results of {@link HealingDatabaseMetaData}, as JDBC allows).
 * One wrapper serves all the results of its statement that the application closed before asking for the next,
 * so that executing a statement again allocates nothing (see {@link #takeOver}).
 */
public final class HealingResultSet extends DelegatingResultSet {

    private final HealingStatement statement;
    /** Set when the application closed this result set through the wrapper: it has let go of it. */
    private boolean closedByApplication;

    HealingResultSet(HealingStatement statement, ResultSet delegate) {
        super(delegate);
        this.statement = statement;
    }

    /**
     * Makes this wrapper stand for the next result of its statement's execution, and says whether it could:
     * only when the application closed this one, and so holds no open result set through it. (When the driver
     * hands out the same object again, as sqlite-jdbc does, the statement keeps this wrapper without asking.)
     */
    boolean takeOver(ResultSet next) {
        if (!closedByApplication) {
            return false;
        }
        delegate = next;
        closedByApplication = false;
        return true;
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
        if (!closedByApplication) { // a store only when it changes: sqlite-jdbc's loop writes nothing
            closedByApplication = true;
        }
    }

    @Override
    public Statement getStatement() {
        return statement;
    }
}
