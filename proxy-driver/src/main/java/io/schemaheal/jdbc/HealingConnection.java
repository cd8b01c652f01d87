package io.schemaheal.jdbc;

import io.schemaheal.heal.Healer;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The application's connection, as SchemaHeal hands it out: every call goes straight to the driver's
 * connection; a {@code prepareStatement}/{@code prepareCall} that fails goes to the {@link Healer}, and
 * the statements it returns are SchemaHeal's wrappers.
 */
public final class HealingConnection implements Connection {

    final Connection delegate;
    final Healer healer;

    public HealingConnection(Connection delegate, Healer healer) {
        this.delegate = delegate;
        this.healer = healer;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        delegate.abort(executor);
    }

    @Override
    public void beginRequest() throws SQLException {
        delegate.beginRequest();
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
    }

    @Override
    public void commit() throws SQLException {
        delegate.commit();
        healer.transactionEnded();
    }

    @Override
    public Array createArrayOf(String name, Object[] elements) throws SQLException {
        return delegate.createArrayOf(name, elements);
    }

    @Override
    public Blob createBlob() throws SQLException {
        return delegate.createBlob();
    }

    @Override
    public Clob createClob() throws SQLException {
        return delegate.createClob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return delegate.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return delegate.createSQLXML();
    }

    @Override
    public Statement createStatement() throws SQLException {
        return new HealingStatement(this, delegate.createStatement());
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        return new HealingStatement(this, delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return new HealingStatement(this, delegate.createStatement(resultSetType, resultSetConcurrency));
    }

    @Override
    public Struct createStruct(String name, Object[] elements) throws SQLException {
        return delegate.createStruct(name, elements);
    }

    @Override
    public void endRequest() throws SQLException {
        delegate.endRequest();
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return delegate.getAutoCommit();
    }

    @Override
    public String getCatalog() throws SQLException {
        return delegate.getCatalog();
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return delegate.getClientInfo();
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return delegate.getClientInfo(name);
    }

    @Override
    public int getHoldability() throws SQLException {
        return delegate.getHoldability();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return new HealingDatabaseMetaData(this, delegate.getMetaData());
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return delegate.getNetworkTimeout();
    }

    @Override
    public String getSchema() throws SQLException {
        return delegate.getSchema();
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return delegate.getTransactionIsolation();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return delegate.getTypeMap();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return delegate.getWarnings();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return delegate.isReadOnly();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return delegate.isValid(timeout);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(delegate) || type.isInstance(this) || delegate.isWrapperFor(type);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return delegate.nativeSQL(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try {
            return new HealingCallableStatement(this, delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql);
        } catch (SQLException e) {
            return new HealingCallableStatement(this, healer.recover(e, sql, () -> delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability)), sql);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            return new HealingCallableStatement(this, delegate.prepareCall(sql, resultSetType, resultSetConcurrency), sql);
        } catch (SQLException e) {
            return new HealingCallableStatement(this, healer.recover(e, sql, () -> delegate.prepareCall(sql, resultSetType, resultSetConcurrency)), sql);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        try {
            return new HealingCallableStatement(this, delegate.prepareCall(sql), sql);
        } catch (SQLException e) {
            return new HealingCallableStatement(this, healer.recover(e, sql, () -> delegate.prepareCall(sql)), sql);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        try {
            return new HealingPreparedStatement(this, delegate.prepareStatement(sql, columnIndexes), sql);
        } catch (SQLException e) {
            return new HealingPreparedStatement(this, healer.recover(e, sql, () -> delegate.prepareStatement(sql, columnIndexes)), sql);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        try {
            return new HealingPreparedStatement(this, delegate.prepareStatement(sql, columnNames), sql);
        } catch (SQLException e) {
            return new HealingPreparedStatement(this, healer.recover(e, sql, () -> delegate.prepareStatement(sql, columnNames)), sql);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try {
            return new HealingPreparedStatement(this, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql);
        } catch (SQLException e) {
            return new HealingPreparedStatement(this, healer.recover(e, sql, () -> delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability)), sql);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            return new HealingPreparedStatement(this, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency), sql);
        } catch (SQLException e) {
            return new HealingPreparedStatement(this, healer.recover(e, sql, () -> delegate.prepareStatement(sql, resultSetType, resultSetConcurrency)), sql);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return new HealingPreparedStatement(this, delegate.prepareStatement(sql, autoGeneratedKeys), sql);
        } catch (SQLException e) {
            return new HealingPreparedStatement(this, healer.recover(e, sql, () -> delegate.prepareStatement(sql, autoGeneratedKeys)), sql);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        try {
            return new HealingPreparedStatement(this, delegate.prepareStatement(sql), sql);
        } catch (SQLException e) {
            return new HealingPreparedStatement(this, healer.recover(e, sql, () -> delegate.prepareStatement(sql)), sql);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        delegate.releaseSavepoint(savepoint);
    }

    @Override
    public void rollback() throws SQLException {
        delegate.rollback();
        healer.transactionEnded();
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        delegate.rollback(savepoint);
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        delegate.setAutoCommit(autoCommit);
        if (autoCommit) {
            healer.transactionEnded(); // a transaction that was open has just been committed
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        delegate.setCatalog(catalog);
    }

    @Override
    public void setClientInfo(String name, String name2) throws SQLClientInfoException {
        delegate.setClientInfo(name, name2);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        delegate.setClientInfo(properties);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        delegate.setHoldability(holdability);
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        delegate.setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        delegate.setReadOnly(readOnly);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return delegate.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return delegate.setSavepoint(name);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        delegate.setSchema(schema);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey shardingKey2) throws SQLException {
        delegate.setShardingKey(shardingKey, shardingKey2);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        delegate.setShardingKey(shardingKey);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int value) throws SQLException {
        return delegate.setShardingKeyIfValid(shardingKey, value);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey shardingKey2, int value) throws SQLException {
        return delegate.setShardingKeyIfValid(shardingKey, shardingKey2, value);
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        delegate.setTransactionIsolation(level);
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        delegate.setTypeMap(map);
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(delegate)) {
            return type.cast(delegate);
        }
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return delegate.unwrap(type);
    }
}
