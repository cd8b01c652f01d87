package io.schemaheal.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/** A prepared statement handed out by {@link HealingConnection}; its executions heal as a statement's do. */
public class HealingPreparedStatement extends HealingStatement implements PreparedStatement {

    final PreparedStatement statement;
    /** The SQL it was prepared with: what the healer reads when an execution fails. */
    final String sql;

    HealingPreparedStatement(HealingConnection connection, PreparedStatement delegate, String sql) {
        super(connection, delegate);
        this.statement = delegate;
        this.sql = sql;
    }

    @Override
    public void addBatch() throws SQLException {
        statement.addBatch();
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
    public void clearParameters() throws SQLException {
        statement.clearParameters();
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

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return statement.getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return statement.getParameterMetaData();
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        statement.setArray(parameterIndex, x);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        statement.setAsciiStream(parameterIndex, x, length);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        statement.setAsciiStream(parameterIndex, x, length);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        statement.setAsciiStream(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        statement.setBigDecimal(parameterIndex, x);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        statement.setBinaryStream(parameterIndex, x, length);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        statement.setBinaryStream(parameterIndex, x, length);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        statement.setBinaryStream(parameterIndex, x);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream x, long length) throws SQLException {
        statement.setBlob(parameterIndex, x, length);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream x) throws SQLException {
        statement.setBlob(parameterIndex, x);
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        statement.setBlob(parameterIndex, x);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        statement.setBoolean(parameterIndex, x);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        statement.setByte(parameterIndex, x);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        statement.setBytes(parameterIndex, x);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x, int length) throws SQLException {
        statement.setCharacterStream(parameterIndex, x, length);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
        statement.setCharacterStream(parameterIndex, x, length);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x) throws SQLException {
        statement.setCharacterStream(parameterIndex, x);
    }

    @Override
    public void setClob(int parameterIndex, Reader x, long length) throws SQLException {
        statement.setClob(parameterIndex, x, length);
    }

    @Override
    public void setClob(int parameterIndex, Reader x) throws SQLException {
        statement.setClob(parameterIndex, x);
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        statement.setClob(parameterIndex, x);
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        statement.setDate(parameterIndex, x, cal);
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        statement.setDate(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        statement.setDouble(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        statement.setFloat(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        statement.setInt(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        statement.setLong(parameterIndex, x);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
        statement.setNCharacterStream(parameterIndex, x, length);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader x) throws SQLException {
        statement.setNCharacterStream(parameterIndex, x);
    }

    @Override
    public void setNClob(int parameterIndex, Reader x, long length) throws SQLException {
        statement.setNClob(parameterIndex, x, length);
    }

    @Override
    public void setNClob(int parameterIndex, Reader x) throws SQLException {
        statement.setNClob(parameterIndex, x);
    }

    @Override
    public void setNClob(int parameterIndex, NClob x) throws SQLException {
        statement.setNClob(parameterIndex, x);
    }

    @Override
    public void setNString(int parameterIndex, String x) throws SQLException {
        statement.setNString(parameterIndex, x);
    }

    @Override
    public void setNull(int parameterIndex, int x, String name) throws SQLException {
        statement.setNull(parameterIndex, x, name);
    }

    @Override
    public void setNull(int parameterIndex, int x) throws SQLException {
        statement.setNull(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int value, int value2) throws SQLException {
        statement.setObject(parameterIndex, x, value, value2);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int value) throws SQLException {
        statement.setObject(parameterIndex, x, value);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType sQLType, int value) throws SQLException {
        statement.setObject(parameterIndex, x, sQLType, value);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType sQLType) throws SQLException {
        statement.setObject(parameterIndex, x, sQLType);
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        statement.setObject(parameterIndex, x);
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        statement.setRef(parameterIndex, x);
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        statement.setRowId(parameterIndex, x);
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML x) throws SQLException {
        statement.setSQLXML(parameterIndex, x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        statement.setShort(parameterIndex, x);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        statement.setString(parameterIndex, x);
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        statement.setTime(parameterIndex, x, cal);
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        statement.setTime(parameterIndex, x);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        statement.setTimestamp(parameterIndex, x, cal);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        statement.setTimestamp(parameterIndex, x);
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        statement.setURL(parameterIndex, x);
    }

    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        statement.setUnicodeStream(parameterIndex, x, length);
    }
}
