package io.schemaheal.bench.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.*;
import java.util.Calendar;

/** A prepared statement that does nothing; it hands out one result set, as sqlite-jdbc does. */
public final class StubPreparedStatement implements PreparedStatement {

    private final Connection connection;
    private final StubResultSet resultSet = new StubResultSet(this);

    StubPreparedStatement(Connection connection) {
        this.connection = connection;
    }

    @Override
    public ResultSet executeQuery() {
        resultSet.reset();
        return resultSet;
    }

    @Override
    public ResultSet executeQuery(String sql) {
        resultSet.reset();
        return resultSet;
    }

    @Override
    public void setInt(int parameterIndex, int x) {
    }

    @Override
    public void setString(int parameterIndex, String x) {
    }

    @Override
    public void addBatch() {
    }

    @Override
    public void addBatch(String sql) {
    }

    @Override
    public void clearBatch() {
    }

    @Override
    public int[] executeBatch() {
        return EMPTY;
    }

    private static final int[] EMPTY = new int[0];

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void close() {
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public ResultSetMetaData getMetaData() {
        return null;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.cast(this);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public void cancel() throws SQLException {
    }

    @Override
    public void clearParameters() throws SQLException {
    }

    @Override
    public void clearWarnings() throws SQLException {
    }

    @Override
    public void closeOnCompletion() throws SQLException {
    }

    @Override
    public boolean execute() throws SQLException {
        return false;
    }

    @Override
    public boolean execute(String name, int[] columnIndexes) throws SQLException {
        return false;
    }

    @Override
    public boolean execute(String name, String[] columnNames) throws SQLException {
        return false;
    }

    @Override
    public boolean execute(String name, int value) throws SQLException {
        return false;
    }

    @Override
    public boolean execute(String name) throws SQLException {
        return false;
    }

    @Override
    public int executeUpdate() throws SQLException {
        return 0;
    }

    @Override
    public int executeUpdate(String name, int[] columnIndexes) throws SQLException {
        return 0;
    }

    @Override
    public int executeUpdate(String name, String[] columnNames) throws SQLException {
        return 0;
    }

    @Override
    public int executeUpdate(String name, int value) throws SQLException {
        return 0;
    }

    @Override
    public int executeUpdate(String name) throws SQLException {
        return 0;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return 0;
    }

    @Override
    public int getFetchSize() throws SQLException {
        return 0;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return null;
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxRows() throws SQLException {
        return 0;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return false;
    }

    @Override
    public boolean getMoreResults(int parameterIndex) throws SQLException {
        return false;
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return null;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return 0;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return null;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return 0;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return 0;
    }

    @Override
    public int getResultSetType() throws SQLException {
        return 0;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return 0;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return null;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return false;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return false;
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
    }

    @Override
    public void setBlob(int parameterIndex, InputStream x, long length) throws SQLException {
    }

    @Override
    public void setBlob(int parameterIndex, InputStream x) throws SQLException {
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x, int length) throws SQLException {
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x) throws SQLException {
    }

    @Override
    public void setClob(int parameterIndex, Reader x, long length) throws SQLException {
    }

    @Override
    public void setClob(int parameterIndex, Reader x) throws SQLException {
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
    }

    @Override
    public void setCursorName(String name) throws SQLException {
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
    }

    @Override
    public void setEscapeProcessing(boolean flag) throws SQLException {
    }

    @Override
    public void setFetchDirection(int parameterIndex) throws SQLException {
    }

    @Override
    public void setFetchSize(int parameterIndex) throws SQLException {
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
    }

    @Override
    public void setMaxFieldSize(int parameterIndex) throws SQLException {
    }

    @Override
    public void setMaxRows(int parameterIndex) throws SQLException {
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader x) throws SQLException {
    }

    @Override
    public void setNClob(int parameterIndex, Reader x, long length) throws SQLException {
    }

    @Override
    public void setNClob(int parameterIndex, Reader x) throws SQLException {
    }

    @Override
    public void setNClob(int parameterIndex, NClob x) throws SQLException {
    }

    @Override
    public void setNString(int parameterIndex, String x) throws SQLException {
    }

    @Override
    public void setNull(int parameterIndex, int x, String name) throws SQLException {
    }

    @Override
    public void setNull(int parameterIndex, int x) throws SQLException {
    }

    @Override
    public void setObject(int parameterIndex, Object x, int value, int value2) throws SQLException {
    }

    @Override
    public void setObject(int parameterIndex, Object x, int value) throws SQLException {
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
    }

    @Override
    public void setPoolable(boolean flag) throws SQLException {
    }

    @Override
    public void setQueryTimeout(int parameterIndex) throws SQLException {
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML x) throws SQLException {
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
    }

    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
    }

}
