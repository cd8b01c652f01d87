package io.schemaheal.heal;

import java.sql.SQLException;

/** A JDBC call to run again once a heal has succeeded. */
@FunctionalInterface
public interface SqlCall<T> {
    T call() throws SQLException;
}
