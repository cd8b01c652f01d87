package io.schemaheal.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connections a heal may use: the application's own, and a way to open a separate one (with the
 * {@code schemaheal.heal-user} account when one is configured).
 *
 * @param app            the application's connection (the driver's, never a wrapper)
 * @param separate       opens a new connection to the same database
 * @param healUserConfigured true when {@code schemaheal.heal-user} is set: DDL must then run on a separate connection
 */
public record HealConnections(Connection app, Opener separate, boolean healUserConfigured) {

    /** Opens a connection to the same database. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    /** True when the heal must not use the application's connection: it is in a transaction, or DDL needs another account. */
    public boolean needSeparate() throws SQLException {
        return healUserConfigured || !app.getAutoCommit();
    }

    /** Opens the separate heal connection; a login that fails says so, and as whom. */
    public Connection openSeparate() throws SQLException {
        try {
            Connection c = separate.open();
            if (c == null) {
                throw new SQLException("the driver returned no connection");
            }
            return c;
        } catch (SQLException e) {
            throw new SQLException("the heal connection could not log in " + (healUserConfigured
                    ? "as schemaheal.heal-user" : "with the application's account") + ": " + e.getMessage(), "08004", e);
        }
    }
}
