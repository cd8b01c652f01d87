package io.schemaheal.jdbc;

import java.sql.CallableStatement;

/**
 * A callable statement handed out by {@link HealingConnection}; its executions heal as a prepared statement's do,
 * and everything else goes straight to the driver's (see {@link DelegatingCallableStatement}).
 */
public final class HealingCallableStatement extends DelegatingCallableStatement {

    HealingCallableStatement(HealingConnection connection, CallableStatement delegate, String sql) {
        super(connection, delegate, sql);
    }
}
