package io.schemaheal.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;

/** The metadata of a SchemaHeal connection: it delegates everything, and {@link #getConnection()} is the wrapper. */
public final class HealingDatabaseMetaData extends DelegatingDatabaseMetaData {

    private final HealingConnection connection;

    HealingDatabaseMetaData(HealingConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = connection;
    }

    /**
     * Wraps a metadata result set. Its {@code getStatement()} is null, as JDBC allows for metadata results:
     * the driver's would be its own internal statement, whose {@code getConnection()} is the raw connection.
     */
    @Override
    ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new HealingResultSet(null, rs);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }
}
